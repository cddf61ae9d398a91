import type { Market } from '../../src/engine/market.js'
import { raw, type Raw } from './json.js'

/**
 * How Kraken names assets and pairs (§2.1, §2.2). An asset has three names: the code
 * the world uses (BTC, what WS v2 speaks), Kraken's altname (XBT) and its asset id, which
 * for the assets listed before 2018 carries an X (crypto) or Z (fiat) prefix (XXBT, ZUSD).
 */
export interface KrakenAsset {
  /** The canonical code, e.g. 'BTC', 'DOGE', 'USD'. */
  readonly code: string
  /** Kraken's name, e.g. 'XBT', 'XDG', 'USD'. */
  readonly altname: string
  /** The key in /0/public/Assets, e.g. 'XXBT', 'ZUSD', 'SOL'. */
  readonly id: string
  readonly legacy: boolean
  readonly fiat: boolean
}

/** Codes Kraken spells its own way (ccxt maps them back through commonCurrencies). */
const ALTNAMES: Readonly<Record<string, string>> = { BTC: 'XBT', DOGE: 'XDG' }

/** Assets with the legacy X/Z-prefixed ids, by altname. */
const LEGACY_IDS: Readonly<Record<string, string>> = {
  XBT: 'XXBT',
  ETH: 'XETH',
  LTC: 'XLTC',
  XRP: 'XXRP',
  XLM: 'XXLM',
  XDG: 'XXDG',
  ETC: 'XETC',
  XMR: 'XXMR',
  ZEC: 'XZEC',
  MLN: 'XMLN',
  REP: 'XREP',
  USD: 'ZUSD',
  EUR: 'ZEUR',
  GBP: 'ZGBP',
  JPY: 'ZJPY',
  CAD: 'ZCAD',
  AUD: 'ZAUD',
}

const FIAT = new Set(['USD', 'EUR', 'GBP', 'JPY', 'CAD', 'AUD', 'CHF'])
const STABLE = new Set(['USDT', 'USDC', 'DAI', 'PYUSD', 'USDG', 'RLUSD'])

export function assetOf(code: string): KrakenAsset {
  const altname = ALTNAMES[code] ?? code
  const id = LEGACY_IDS[altname] ?? altname
  return { code, altname, id, legacy: id !== altname, fiat: FIAT.has(code) }
}

/** A pair under all of Kraken's names for it. */
export interface KrakenPair {
  /** The key in AssetPairs and in OHLC's result, e.g. 'XXBTZUSD', 'SOLUSD', 'XBTUSDT'. */
  readonly key: string
  /** 'XBTUSD'. */
  readonly altname: string
  /** WS v1's name, 'XBT/USD'. */
  readonly wsname: string
  /** WS v2's name and the display name of assetVersion=1: 'BTC/USD'. */
  readonly symbol: string
  readonly base: KrakenAsset
  readonly quote: KrakenAsset
}

/**
 * Keys that follow no rule, from AssetPairs: USDT/USD kept its Z-prefixed quote although
 * USDT has no prefix.
 */
const KEY_EXCEPTIONS: Readonly<Record<string, string>> = { 'USDT/USD': 'USDTZUSD' }

/**
 * The pair key: the two asset ids joined when both are legacy assets (XXBTZUSD, XETHXXBT),
 * otherwise the altname (SOLUSD, XBTUSDT). DOGE and AUD pairs came later and use the
 * altname although their assets are legacy (XDGUSD, as recorded 2026-09-25).
 */
function keyOf(base: KrakenAsset, quote: KrakenAsset, symbol: string): string {
  const exception = KEY_EXCEPTIONS[symbol]
  if (exception) return exception
  const joined = base.legacy && quote.legacy && base.altname !== 'XDG' && quote.altname !== 'AUD'
  return joined ? `${base.id}${quote.id}` : `${base.altname}${quote.altname}`
}

export function pairOf(market: Pick<Market, 'base' | 'quote' | 'symbol'>): KrakenPair {
  const base = assetOf(market.base)
  const quote = assetOf(market.quote)
  return {
    key: keyOf(base, quote, market.symbol),
    altname: `${base.altname}${quote.altname}`,
    wsname: `${base.altname}/${quote.altname}`,
    symbol: `${base.code}/${quote.code}`,
    base,
    quote,
  }
}

/**
 * The names `pair=` accepts, upper-cased (Kraken matches them case-insensitively): the
 * key, the altname, the canonical codes joined (BTCUSD) and the display name (BTC/USD).
 * The v1 wsname (XBT/USD) is refused, as recorded live (2026-09-25).
 */
export function restAliases(pair: KrakenPair): string[] {
  return [...new Set([pair.key, pair.altname, `${pair.base.code}${pair.quote.code}`, pair.symbol].map((name) => name.toUpperCase()))]
}

/** Per-asset figures Kraken publishes (recorded 2026-09-25), by altname. */
interface AssetFigures {
  decimals: number
  display: number
  collateral?: Raw
  marginRate?: string
}

const FIGURES: Readonly<Record<string, AssetFigures>> = {
  XBT: { decimals: 10, display: 5, collateral: raw('0.99'), marginRate: '0.01' },
  ETH: { decimals: 10, display: 5, collateral: raw('0.99'), marginRate: '0.02' },
  XDG: { decimals: 8, display: 2, collateral: raw('0.925'), marginRate: '0.02' },
  SOL: { decimals: 10, display: 5, collateral: raw('0.925'), marginRate: '0.02' },
  USD: { decimals: 4, display: 2, collateral: raw('1.0'), marginRate: '0.036' },
  EUR: { decimals: 4, display: 2 },
  GBP: { decimals: 4, display: 2 },
  CAD: { decimals: 4, display: 2 },
  AUD: { decimals: 4, display: 2 },
  CHF: { decimals: 4, display: 2 },
  JPY: { decimals: 2, display: 0 },
  USDT: { decimals: 8, display: 4 },
  USDC: { decimals: 8, display: 4 },
}

/**
 * One row of /0/public/Assets, fields in Kraken's order. Unknown assets get 8 decimals
 * (5 shown) for crypto and 4 (2) for fiat — our choice — never fewer than the finest lot
 * of a listed market, so ccxt's amount precision is the market's.
 */
export function assetRow(asset: KrakenAsset, minDecimals: number): Record<string, unknown> {
  const figures = FIGURES[asset.altname] ?? (asset.fiat ? { decimals: 4, display: 2 } : { decimals: 8, display: 5 })
  return {
    aclass: 'currency',
    altname: asset.altname,
    decimals: Math.max(figures.decimals, minDecimals),
    display_decimals: figures.display,
    collateral_value: figures.collateral,
    status: 'enabled',
    margin_rate: figures.marginRate,
  }
}

export function isFiatLike(asset: KrakenAsset): boolean {
  return asset.fiat || STABLE.has(asset.code)
}
