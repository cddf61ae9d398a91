import type { Candle } from '../../src/engine/candle.js'
import type { Market } from '../../src/engine/market.js'
import { decimalText } from '../../src/exchange/decimal.js'

/**
 * A decimal as Hyperliquid prints it (§3.2, §3.4): trailing zeros trimmed but at least one
 * decimal place ("84143.0", "0.001601", "520665683.0"). Works on the integer count of
 * 10^-decimals, which the engine keeps below 2^53, so the digits are exact.
 */
export function decimal(value: number, decimals: number): string {
  const digits = decimalText(value, decimals, true)
  return digits.includes('.') ? digits : `${digits}.0`
}

export const price = (market: Market, value: number): string => decimal(value, market.tick.decimals)
export const size = (market: Market, value: number): string => decimal(value, market.lot.decimals)
export const notional = (market: Market, value: number): string => decimal(value, market.quoteDecimals)

/** One candle (§3.2, §3.7), keys in the 2026 wire order; `s` is the coin as the client spelled it. */
export interface WireCandle {
  t: number
  T: number
  s: string
  i: string
  o: string
  c: string
  h: string
  l: string
  v: string
  n: number
}

export function wireCandle(candle: Candle, market: Market, coin: string, interval: string): WireCandle {
  return {
    t: candle.openTime,
    T: candle.closeTime,
    s: coin,
    i: interval,
    o: price(market, candle.open),
    c: price(market, candle.close),
    h: price(market, candle.high),
    l: price(market, candle.low),
    v: size(market, candle.volume),
    n: candle.trades,
  }
}
