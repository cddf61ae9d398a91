import type { Candle } from '../../src/engine/candle.js'
import type { Market } from '../../src/engine/market.js'
import { decimalUnits } from '../../src/exchange/decimal.js'

/** An integer count of 10^-decimals printed without trailing zeros ("19128.1", "0.0021724", "3580"). */
export function plainUnits(units: number, decimals: number): string {
  return decimalUnits(units, Math.max(0, decimals), true)
}

export function plain(value: number, decimals: number): string {
  return plainUnits(Math.round(value * 10 ** decimals), decimals)
}

/** How one market prints: prices on its tick, base on its lot, quote on its quote decimals; contracts as integers. */
export interface Numbers {
  price(value: number): string
  base(value: number): string
  quote(value: number): string
  /** Base amount in contracts of `quanto_multiplier` base each. */
  contracts(base: number): number
  /** The contract size as Gate prints it. */
  readonly quanto: string
}

/**
 * The contract size (`quanto_multiplier`) is the market's lot size, so that every volume
 * is a whole number of contracts, as Gate's integer `v` requires (our choice: Gate's own
 * BTC_USDT multiplier is 0.0001, which a finer engine lot would not divide).
 */
export function numbersOf(market: Market): Numbers {
  const { tick, lot, quoteDecimals } = market
  return {
    price: (value) => plain(value, tick.decimals),
    base: (value) => plain(value, lot.decimals),
    quote: (value) => plain(value, quoteDecimals),
    contracts: (value) => Math.round(Math.round(value * 10 ** lot.decimals) / lot.units),
    quanto: plainUnits(lot.units, lot.decimals),
  }
}

export type SpotRow = [string, string, string, string, string, string, string, string]

/** facts §5.1: eight strings `[t (s), quote volume, close, high, low, open, base volume, window_closed]`. */
export function spotRow(candle: Candle, n: Numbers): SpotRow {
  return [
    String(candle.openTime / 1000),
    n.quote(candle.quoteVolume),
    n.price(candle.close),
    n.price(candle.high),
    n.price(candle.low),
    n.price(candle.open),
    n.base(candle.volume),
    candle.closed ? 'true' : 'false',
  ]
}

/** facts §6.1: `{t (s number), v (contracts, integer), c, h, l, o (strings), sum (quote volume string)}`; mark/index rows have no v and sum. */
export function futuresRow(candle: Candle, n: Numbers, withVolume: boolean): Record<string, string | number> {
  const prices = { c: n.price(candle.close), h: n.price(candle.high), l: n.price(candle.low), o: n.price(candle.open) }
  if (!withVolume) return { t: candle.openTime / 1000, ...prices }
  return { t: candle.openTime / 1000, v: n.contracts(candle.volume), ...prices, sum: n.quote(candle.quoteVolume) }
}
