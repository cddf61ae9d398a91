import type { CandleEngine } from '../../src/engine/engine.js'

/** Ids of a year start at (year − 1970) × 10^12: room for a trillion trades a year, and still below 2^53 until the engine's last year. */
const YEAR_BLOCK = 1e12

/**
 * The id of the first trade at or after `time` (a whole second): the trades of the year
 * so far, counted by the engine as one candle from New Year to `time`. So ids rise
 * without gaps from candle to candle, and a candle's last id is its first + trades − 1.
 */
export function firstTradeId(engine: CandleEngine, symbol: string, time: number): number {
  const year = new Date(time).getUTCFullYear()
  const newYear = Date.UTC(year, 0, 1)
  let before = 0
  if (time > newYear) {
    const ms = time - newYear
    const [candle] = engine.candles(symbol, { kind: 'fixed', name: 'year to date', ms, offset: newYear % ms }, { start: newYear, end: newYear + 1, now: time })
    before = candle?.trades ?? 0
  }
  return (year - 1970) * YEAR_BLOCK + before
}
