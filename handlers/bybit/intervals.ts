import { nextOpenTime, openTimeOf, parseInterval, type Interval } from '../../src/engine/interval.js'

/**
 * §3.3: minutes as numbers, then D, W and M; case-sensitive. D opens at 00:00 UTC, W on
 * Monday 00:00 UTC and M on the 1st of the month (unverified on Bybit; the engine's
 * alignment, and what Bybit's charts show).
 */
const ENGINE_NAMES: ReadonlyMap<string, string> = new Map([
  ['1', '1m'],
  ['3', '3m'],
  ['5', '5m'],
  ['15', '15m'],
  ['30', '30m'],
  ['60', '1h'],
  ['120', '2h'],
  ['240', '4h'],
  ['360', '6h'],
  ['720', '12h'],
  ['D', '1d'],
  ['W', '1w'],
  ['M', '1M'],
])

export const INTERVAL_NAMES: readonly string[] = [...ENGINE_NAMES.keys()]

const SPANS = new Map([...ENGINE_NAMES].map(([wire, engine]) => [wire, parseInterval(engine)]))

/** The engine interval of a Bybit interval name, or undefined when Bybit has no such interval. */
export function spanOf(wire: string): Interval | undefined {
  return SPANS.get(wire)
}

/** The open `count` candles after `open` (before it when negative). */
export function shift(interval: Interval, open: number, count: number): number {
  if (interval.kind === 'fixed') return open + count * interval.ms
  let time = open
  if (count >= 0) for (let i = 0; i < count; i++) time = nextOpenTime(interval, time)
  else for (let i = 0; i > count; i--) time = openTimeOf(interval, time - 1)
  return time
}

/** The first open time at or after `time`. */
export function ceilOpen(interval: Interval, time: number): number {
  const open = openTimeOf(interval, time)
  return open < time ? nextOpenTime(interval, open) : open
}
