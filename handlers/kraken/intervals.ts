import type { Interval } from '../../src/engine/interval.js'
import { DAY, MINUTE, WEEK } from '../../src/engine/time.js'

/**
 * Kraken's intervals, in minutes (§2.1; the same on REST and both sockets). Every candle
 * opens on a multiple of its length since the epoch: the week on Thursdays (1970-01-01
 * was one), the 15-day candle every 15 days from the epoch. The engine's own '1w' opens on
 * Monday, so the weeks are Interval objects. The names are the wire's, so that a fault
 * can target `interval: '60'` on REST and WebSocket alike.
 */
const fixed = (minutes: number, ms: number): Interval => ({ kind: 'fixed', name: String(minutes), ms, offset: 0 })

export const INTERVALS: ReadonlyMap<number, Interval> = new Map([
  [1, fixed(1, MINUTE)],
  [5, fixed(5, 5 * MINUTE)],
  [15, fixed(15, 15 * MINUTE)],
  [30, fixed(30, 30 * MINUTE)],
  [60, fixed(60, 60 * MINUTE)],
  [240, fixed(240, 240 * MINUTE)],
  [1440, fixed(1440, DAY)],
  [10080, fixed(10080, WEEK)],
  [21600, fixed(21600, 15 * DAY)],
])

export const INTERVAL_MINUTES: readonly number[] = [...INTERVALS.keys()]
