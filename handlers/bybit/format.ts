import type { Candle } from '../../src/engine/candle.js'
import type { Market } from '../../src/engine/market.js'
import { decimalText } from '../../src/exchange/decimal.js'

/**
 * `value` as a plain decimal string with trailing zeros trimmed, as Bybit prints prices
 * and volumes (§3.2: "17071", "17055.5"). Works on the integer count of 10^-decimals,
 * which the engine keeps below 2^53, so the digits are exact.
 */
export function plain(value: number, decimals: number): string {
  return decimalText(value, decimals, true)
}

/** `value` with exactly `decimals` places (instrument filters print the contract precision: "0.10", "1190.000"). */
export function fixed(value: number, decimals: number): string {
  return decimalText(value, decimals)
}

/** How a market's prices, base quantities and quote amounts print. */
export interface Numbers {
  price(value: number): string
  quantity(value: number): string
  quote(value: number): string
}

export function numbersOf(market: Market): Numbers {
  return {
    price: (value) => plain(value, market.tick.decimals),
    quantity: (value) => plain(value, market.lot.decimals),
    quote: (value) => plain(value, market.quoteDecimals),
  }
}

export type KlineRow = [string, string, string, string, string, string, string]

/**
 * One REST row (§3.2, §4.2): seven strings, the start time included:
 * [startTime, open, high, low, close, volume, turnover]. Linear volume is in contracts,
 * which for USDT and USDC perpetuals is the base coin (§4.1).
 */
export function klineRow(candle: Candle, n: Numbers): KlineRow {
  return [String(candle.openTime), n.price(candle.open), n.price(candle.high), n.price(candle.low), n.price(candle.close), n.quantity(candle.volume), n.quote(candle.quoteVolume)]
}

export interface KlinePush {
  start: number
  end: number
  interval: string
  open: string
  close: string
  high: string
  low: string
  volume: string
  turnover: string
  confirm: boolean
  timestamp: number
}

/** One element of a kline push's `data` (§3.7), keys in Bybit's order; `end` is the candle's last millisecond. */
export function klinePush(candle: Candle, interval: string, confirm: boolean, timestamp: number, n: Numbers): KlinePush {
  return {
    start: candle.openTime,
    end: candle.closeTime,
    interval,
    open: n.price(candle.open),
    close: n.price(candle.close),
    high: n.price(candle.high),
    low: n.price(candle.low),
    volume: n.quantity(candle.volume),
    turnover: n.quote(candle.quoteVolume),
    confirm,
    timestamp,
  }
}
