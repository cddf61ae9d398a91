import type { Candle } from '../../src/engine/candle.js'
import type { Market } from '../../src/engine/market.js'
import { decimalText } from '../../src/exchange/decimal.js'

/** A decimal with exactly `decimals` places ("73250.10", "1.20310", §4.2), exact on the integer count of 10^-decimals. */
export function fixed(value: number, decimals: number): string {
  return decimalText(value, decimals)
}

/** §4.2, §4.7: one bar, the same object on REST (inside `data[]`) and on the stream. Keys in the wire's order. */
export interface WireBar {
  m: 'bar'
  s: string
  data: { i: string; ts: number; o: string; c: string; h: string; l: string; v: string }
}

export function wireBar(candle: Candle, market: Market, symbol: string, interval: string): WireBar {
  const price = (value: number) => fixed(value, market.tick.decimals)
  return {
    m: 'bar',
    s: symbol,
    data: {
      i: interval,
      ts: candle.openTime,
      o: price(candle.open),
      c: price(candle.close),
      h: price(candle.high),
      l: price(candle.low),
      // §4.2: base-asset volume.
      v: fixed(candle.volume, market.lot.decimals),
    },
  }
}
