import type { ExchangeContext, RestReply, RestRequest } from '../../src/exchange/types.js'
import { assetColor, assetId, assetName, assetSortIndex, FIAT, isDollar, isFiat } from './assets.js'
import { V2Error } from './errors.js'
import { plainNumber, rfc3339Seconds } from './format.js'

/**
 * The legacy v2 ("Coinbase App") public endpoints ccxt loads (§0.2, §1.1): fiat and
 * crypto currencies, exchange rates and the time, each wrapped in `{"data":…}`.
 */

/** Every code the mock's markets mention, in listing order. */
function codesOf(context: ExchangeContext): string[] {
  const codes = new Set<string>()
  for (const { market } of context.markets) codes.add(market.base).add(market.quote)
  return [...codes]
}

/** GET /v2/currencies: fiat currencies, `{"id","name","min_size"}` (§1.1). */
export function fiatCurrenciesReply(): RestReply {
  return { status: 200, body: { data: Object.entries(FIAT).map(([id, name]) => ({ id, name, min_size: '0.01' })) } }
}

/** Address formats by network family, as the real entries carry them. */
const BITCOIN_ADDRESS = '^([13][a-km-zA-HJ-NP-Z1-9]{25,34})|^(bc1[qzry9x8gf2tvdw0s3jn54khce6mua7l]([qpzry9x8gf2tvdw0s3jn54khce6mua7l]{38}|[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{58}))$'
const EVM_ADDRESS = '^(?:0x)?[0-9a-fA-F]{40}$'

/** GET /v2/currencies/crypto: every crypto asset of the markets, by sort_index (§1.1); all fields strings. */
export function cryptoCurrenciesReply(context: ExchangeContext): RestReply {
  const data = codesOf(context)
    .filter((code) => !isFiat(code))
    .sort((a, b) => assetSortIndex(a) - assetSortIndex(b) || a.localeCompare(b))
    .map((code) => ({
      asset_id: assetId(code),
      code,
      name: assetName(code),
      color: assetColor(code),
      sort_index: String(assetSortIndex(code)),
      exponent: '8',
      type: 'crypto',
      address_regex: code === 'BTC' ? BITCOIN_ADDRESS : EVM_ADDRESS,
    }))
  return { status: 200, body: { data } }
}

/** The price of one unit of `code` in USD at now, from a CODE/USD market (or USDT/USDC, taken at par); undefined when none. */
function usdPrice(context: ExchangeContext, code: string): number | undefined {
  if (isDollar(code)) return 1
  for (const quote of ['USD', 'USDC', 'USDT']) {
    const listed = context.markets.find((m) => m.market.base === code && m.market.quote === quote)
    if (listed) return context.engine.priceAt(listed.market.symbol, context.now())
  }
  return undefined
}

/** A rate with about eight significant digits in plain notation ("0.0000149", "2.5"). */
function rateText(value: number): string {
  const magnitude = Math.floor(Math.log10(value))
  return plainNumber(value, Math.min(20, Math.max(2, 7 - magnitude)))
}

/**
 * GET /v2/exchange-rates?currency=USD: how much of each currency one unit of `currency`
 * buys (§1.1), for USD and every asset with a dollar market. Another base is any of
 * those; an unknown one is refused (400 invalid_request; the text is unverified).
 */
export function exchangeRatesReply(request: RestRequest, context: ExchangeContext): RestReply {
  const currency = (request.query.get('currency') || 'USD').toUpperCase()
  const base = usdPrice(context, currency)
  if (base === undefined) throw new V2Error(400, 'invalid_request', 'Currency is invalid')
  const rates: Record<string, string> = {}
  for (const code of ['USD', ...codesOf(context).filter((c) => c !== 'USD')]) {
    const price = usdPrice(context, code)
    if (price !== undefined) rates[code] = code === currency ? '1.0' : rateText(base / price)
  }
  return { status: 200, body: { data: { currency, rates } } }
}

/** GET /v2/time, ccxt's default fetchTime: epoch is a number of seconds (§1.1). */
export function v2TimeReply(context: ExchangeContext): RestReply {
  const now = context.now()
  return { status: 200, body: { data: { iso: rfc3339Seconds(now), epoch: Math.floor(now / 1000) } } }
}

/** GET /api/v3/brokerage/time: epochs are strings (§1.1). */
export function v3TimeReply(context: ExchangeContext): RestReply {
  const now = context.now()
  return { status: 200, body: { iso: rfc3339Seconds(now), epochSeconds: String(Math.floor(now / 1000)), epochMillis: String(Math.floor(now)) } }
}
