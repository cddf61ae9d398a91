import type { Market } from '../../src/engine/market.js'
import type { ExchangeContext, RestReply, RestRequest } from '../../src/exchange/types.js'
import { assetRow, isFiatLike, type KrakenAsset, type KrakenPair } from './assets.js'
import { envelope, invalidArguments, unknownAsset, unknownPair } from './errors.js'
import { decimal, numbersOf } from './format.js'
import { toJson } from './json.js'
import { indexOf, listingByAlias, type Listing } from './markets.js'

/** `assetVersion=1` switches keys and asset fields to display names (BTC, BTC/USD); other values are ignored (our choice). */
export function displayNames(request: RestRequest): boolean {
  return request.query.get('assetVersion') === '1'
}

/** Bases Kraken lends on (a subset of its margin list); our choice of which pairs get leverage. */
const MARGIN_BASES = new Set(['XBT', 'ETH', 'SOL', 'XDG', 'XRP', 'LTC', 'ADA', 'DOT', 'LINK', 'XLM', 'XMR', 'BCH', 'AVAX', 'ATOM'])

/** 2 significant digits, at least 1. */
function twoDigits(x: number): number {
  if (!(x > 0)) return 1
  const power = 10 ** (Math.floor(Math.log10(x)) - 1)
  return Math.max(1, Math.round(x / power) * power)
}

/** The smallest of 1, 2, 5 × 10^k at or above x, as Kraken prints minimums ("0.00005", "50"). */
function roundMinimum(x: number, floorDecimals: number): string {
  const k = Math.floor(Math.log10(x))
  const mantissa = [1, 2, 5, 10].find((m) => m * 10 ** k >= x * (1 - 1e-9)) ?? 10
  const exponent = mantissa === 10 ? k + 1 : k
  const value = (mantissa === 10 ? 1 : mantissa) * 10 ** exponent
  const decimals = Math.min(floorDecimals, Math.max(0, -exponent))
  return decimal(Math.max(value, 10 ** -floorDecimals), decimals)
}

/** What a minimum order is worth in the quote: about 5 units of a fiat or a stablecoin, small amounts of XBT or ETH (our choice). */
function minimumValue(quote: KrakenAsset): { order: number; cost: string } {
  if (quote.altname === 'XBT') return { order: 0.0001, cost: '0.00002' }
  if (quote.altname === 'ETH') return { order: 0.002, cost: '0.0005' }
  if (quote.code === 'EUR') return { order: 5, cost: '0.45' }
  return { order: 5, cost: '0.5' }
}

/** The quote asset's decimals for a crypto quote (XETHXXBT: 10), else two more than the price's and at least 5 (XXBTZUSD: 5). */
function costDecimals(quote: KrakenAsset, pairDecimals: number): number {
  if (isFiatLike(quote)) return Math.max(5, pairDecimals + 2)
  return (assetRow(quote, 0).decimals as number) ?? 8
}

/**
 * One AssetPairs row, fields in Kraken's order (§2.1; recorded 2026-09-25: empty `fees`
 * and `fees_maker` on every pair, `execution_venue`, position limits on margin pairs).
 * Decimals and tick come from the engine's market, so what OHLC serves fits them.
 */
export function assetPairRow(pair: KrakenPair, market: Market, display: boolean): Record<string, unknown> {
  const numbers = numbersOf(market)
  const lotDecimals = numbers.volumeDecimals
  const minimum = minimumValue(pair.quote)
  const fiatQuote = isFiatLike(pair.quote)
  const leverage = !MARGIN_BASES.has(pair.base.altname) ? [] : fiatQuote ? [2, 3, 4, 5, 6, 7, 8, 9, 10] : ['XBT', 'ETH'].includes(pair.quote.altname) ? [2, 3, 4, 5] : []
  const longLimit = leverage.length > 0 ? twoDigits((fiatQuote ? 2e7 : 50) / market.price) : undefined
  const name = (asset: KrakenAsset) => (display ? asset.code : asset.id)
  return {
    altname: pair.altname,
    wsname: pair.wsname,
    aclass_base: 'currency',
    base: name(pair.base),
    aclass_quote: 'currency',
    quote: name(pair.quote),
    lot: 'unit',
    cost_decimals: costDecimals(pair.quote, numbers.priceDecimals),
    pair_decimals: numbers.priceDecimals,
    lot_decimals: lotDecimals,
    lot_multiplier: 1,
    leverage_buy: leverage,
    leverage_sell: leverage,
    fees: [],
    fees_maker: [],
    fee_volume_currency: display ? 'USD' : 'ZUSD',
    margin_call: 80,
    margin_stop: 40,
    ordermin: roundMinimum(minimum.order / market.price, lotDecimals),
    costmin: minimum.cost,
    tick_size: decimal(market.tickSize, market.tick.decimals),
    status: 'online',
    execution_venue: 'international',
    long_position_limit: longLimit,
    short_position_limit: longLimit === undefined ? undefined : twoDigits(longLimit * 0.7),
  }
}

/** The fields each `info=` value keeps (docs: info, leverage, fees, margin). */
const INFO_FIELDS: Readonly<Record<string, readonly string[] | undefined>> = {
  info: undefined,
  leverage: ['leverage_buy', 'leverage_sell'],
  fees: ['fees', 'fees_maker', 'fee_volume_currency'],
  margin: ['margin_call', 'margin_stop'],
}

/** Comma-separated names; an empty value is absent. */
function list(value: string | null): string[] | undefined {
  if (value === null || value === '') return undefined
  return value.split(',')
}

/**
 * GET /0/public/AssetPairs: every pair keyed by its key, sorted, or those named in
 * `pair=` (any accepted alias; one unknown name fails the call with EQuery:Unknown asset pair).
 */
export function assetPairsReply(request: RestRequest, context: ExchangeContext): RestReply {
  const display = displayNames(request)
  const info = request.query.get('info') ?? 'info'
  if (!(info in INFO_FIELDS)) throw invalidArguments()
  const keep = INFO_FIELDS[info]
  const names = list(request.query.get('pair'))
  let listings: readonly Listing[] = indexOf(context).listings
  if (names) {
    const chosen = names.map((name) => listingByAlias(context, name.trim()))
    if (chosen.some((listing) => listing === undefined)) throw unknownPair()
    listings = [...new Set(chosen as Listing[])]
  }
  const result: Record<string, unknown> = {}
  for (const { pair, listed } of listings) {
    const row = assetPairRow(pair, listed.market, display)
    result[display ? pair.symbol : pair.key] = keep ? Object.fromEntries(keep.map((field) => [field, row[field]])) : row
  }
  return { status: 200, body: toJson(envelope(result)) }
}

/**
 * GET /0/public/Assets: the assets of every listed pair, keyed by asset id and sorted
 * (XXBT, ZUSD, SOL…), or those named in `asset=` (ids or altnames; one unknown name
 * fails the call with EQuery:Unknown asset). ccxt needs `altname` and `decimals` (§2.1).
 */
export function assetsReply(request: RestRequest, context: ExchangeContext): RestReply {
  const display = displayNames(request)
  const lotDecimals = new Map<string, number>()
  const assets = new Map<string, KrakenAsset>()
  for (const { pair, listed } of indexOf(context).listings) {
    for (const asset of [pair.base, pair.quote]) assets.set(asset.id, asset)
    lotDecimals.set(pair.base.id, Math.max(lotDecimals.get(pair.base.id) ?? 0, numbersOf(listed.market).volumeDecimals))
  }
  let chosen = [...assets.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const names = list(request.query.get('asset'))
  if (names) {
    const byName = new Map<string, KrakenAsset>()
    for (const asset of chosen) for (const name of [asset.id, asset.altname, asset.code]) byName.set(name.toUpperCase(), asset)
    const found = names.map((name) => byName.get(name.trim().toUpperCase()))
    if (found.some((asset) => asset === undefined)) throw unknownAsset()
    chosen = [...new Set(found as KrakenAsset[])]
  }
  const result: Record<string, unknown> = {}
  for (const asset of chosen) result[display ? asset.code : asset.id] = assetRow(asset, lotDecimals.get(asset.id) ?? 0)
  return { status: 200, body: toJson(envelope(result)) }
}

