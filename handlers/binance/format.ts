import type { Candle } from '../../src/engine/candle.js'
import type { Market } from '../../src/engine/market.js'
import { decimalText } from '../../src/exchange/decimal.js'

/**
 * `value` with exactly `decimals` places, then zeros up to `pad` places. Works on the
 * integer count of 10^-decimals, which the engine keeps below 2^53, so the digits are
 * exact where toFixed(8) on a large quote volume would not be.
 */
export function decimal(value: number, decimals: number, pad = decimals): string {
  const digits = decimalText(value, decimals)
  return pad > decimals ? digits + (decimals > 0 ? '' : '.') + '0'.repeat(pad - decimals) : digits
}

/** How one venue prints a market's prices, base quantities and quote amounts. */
export interface Numbers {
  readonly priceDecimals: number
  readonly quantityDecimals: number
  readonly quoteDecimals: number
  price(value: number): string
  quantity(value: number): string
  quote(value: number): string
}

/**
 * Spot prints every price and quantity with 8 decimals (§1.2, §1.8.5). A market finer
 * than 8 places (not listed on the real Binance) keeps its own decimals, so nothing is rounded away.
 */
export function spotNumbers(market: Market): Numbers {
  return numbers(market, 8)
}

/** USDⓈ-M prints with the contract's precision, unpadded: tick and lot decimals, quote volume with the market's quote decimals (§2.2). */
export function perpNumbers(market: Market): Numbers {
  return numbers(market, 0)
}

function numbers(market: Market, pad: number): Numbers {
  const { tick, lot, quoteDecimals: quote } = market
  const priceDecimals = Math.max(pad, tick.decimals)
  const quantityDecimals = Math.max(pad, lot.decimals)
  const quoteDecimals = Math.max(pad, quote)
  return {
    priceDecimals,
    quantityDecimals,
    quoteDecimals,
    price: (value) => decimal(value, tick.decimals, priceDecimals),
    quantity: (value) => decimal(value, lot.decimals, quantityDecimals),
    quote: (value) => decimal(value, quote, quoteDecimals),
  }
}

/**
 * Milliseconds, or microseconds when a spot client asks for them (X-MBX-TIME-UNIT header
 * on REST, `timeUnit` on the stream URL). A close time in µs is the candle's last µs.
 */
export interface TimeUnit {
  time(ms: number): number
  closeTime(ms: number): number
  /** A time parameter sent in this unit, in ms. */
  fromRequest(value: number): number
}

export const MILLISECONDS: TimeUnit = { time: (ms) => ms, closeTime: (ms) => ms, fromRequest: (value) => value }
export const MICROSECONDS: TimeUnit = {
  time: (ms) => ms * 1000,
  closeTime: (ms) => (ms + 1) * 1000 - 1,
  fromRequest: (value) => Math.floor(value / 1000),
}

/** MILLISECOND / millisecond / MICROSECOND / microsecond; anything else reads as milliseconds. */
export function timeUnitOf(text: string | null | undefined): TimeUnit {
  return text === 'MICROSECOND' || text === 'microsecond' ? MICROSECONDS : MILLISECONDS
}

export type KlineRow = [number, string, string, string, string, string, number, string, number, string, string, string]

/** One REST row (§1.2): times and trade count are numbers, the rest strings; index 11 is always "0". */
export function klineRow(candle: Candle, n: Numbers, unit: TimeUnit = MILLISECONDS): KlineRow {
  return [
    unit.time(candle.openTime),
    n.price(candle.open),
    n.price(candle.high),
    n.price(candle.low),
    n.price(candle.close),
    n.quantity(candle.volume),
    unit.closeTime(candle.closeTime),
    n.quote(candle.quoteVolume),
    candle.trades,
    n.quantity(candle.takerBuyVolume),
    n.quote(candle.takerBuyQuoteVolume),
    '0',
  ]
}

export interface KlineEvent {
  e: 'kline'
  E: number
  s: string
  k: {
    t: number
    T: number
    s: string
    i: string
    f: number
    L: number
    o: string
    c: string
    h: string
    l: string
    v: string
    n: number
    x: boolean
    q: string
    V: string
    Q: string
    B: string
  }
}

/**
 * The kline push (§1.7), keys in Binance's order. `firstTradeId` is the id of the
 * candle's first trade; a candle without trades has f = L = -1, as captured frames show.
 */
export function klineEvent(candle: Candle, closed: boolean, symbol: string, interval: string, eventTime: number, firstTradeId: number, n: Numbers, unit: TimeUnit): KlineEvent {
  const traded = candle.trades > 0
  return {
    e: 'kline',
    E: unit.time(eventTime),
    s: symbol,
    k: {
      t: unit.time(candle.openTime),
      T: unit.closeTime(candle.closeTime),
      s: symbol,
      i: interval,
      f: traded ? firstTradeId : -1,
      L: traded ? firstTradeId + candle.trades - 1 : -1,
      o: n.price(candle.open),
      c: n.price(candle.close),
      h: n.price(candle.high),
      l: n.price(candle.low),
      v: n.quantity(candle.volume),
      n: candle.trades,
      x: closed,
      q: n.quote(candle.quoteVolume),
      V: n.quantity(candle.takerBuyVolume),
      Q: n.quote(candle.takerBuyQuoteVolume),
      B: '0',
    },
  }
}
