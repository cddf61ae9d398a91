import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus'
import type { Candle } from '../src/index.js'

const MINUTE = 60_000
const STEPS_PER_CANDLE = 4
/** ~80% annualized volatility, per 15 s step, in log price. */
const SIGMA = 0.8 / Math.sqrt((365.2425 * 24 * 60 * 60) / 15)

/**
 * The baseline: 1m candles from a plain seeded random walk (xoroshiro128plus, a few
 * Gaussian steps per candle, prices rounded to a cent). Each call continues the walk.
 */
export function randomWalk(seed: number, start: number, price: number) {
  const rng = xoroshiro128plus(seed)
  const uniform = () => ((rng.next() >>> 0) + 0.5) / 2 ** 32
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform())
  const cents = (x: number) => Math.round(x * 100) / 100
  let time = start
  let logPrice = Math.log(price)

  return function page(count: number): Candle[] {
    const candles: Candle[] = new Array(count)
    for (let i = 0; i < count; i++) {
      const open = Math.exp(logPrice)
      let high = open
      let low = open
      for (let s = 0; s < STEPS_PER_CANDLE; s++) {
        logPrice += SIGMA * normal()
        const p = Math.exp(logPrice)
        if (p > high) high = p
        if (p < low) low = p
      }
      const close = Math.exp(logPrice)
      const volume = Math.round(uniform() * 1e5) / 1e3
      const taker = Math.round(volume * uniform() * 1e3) / 1e3
      candles[i] = {
        openTime: time, closeTime: time + MINUTE - 1,
        open: cents(open), high: cents(high), low: cents(low), close: cents(close),
        volume, quoteVolume: cents(volume * close), trades: 1 + Math.floor(uniform() * 500),
        takerBuyVolume: taker, takerBuyQuoteVolume: cents(taker * close), closed: true,
      }
      time += MINUTE
    }
    return candles
  }
}
