import { MockExchangeError } from '../errors.js'
import { DAY, HOUR, MINUTE, MONDAY_OFFSET, SECOND, WEEK, addMonths, floorTo, startOfMonth } from './time.js'

/**
 * A candle span. Fixed spans repeat every `ms` from `offset` (epoch-aligned unless
 * stated: weeks open on Monday 00:00 UTC); calendar months open on the 1st, 00:00 UTC.
 */
export type Interval =
  | { readonly kind: 'fixed'; readonly name: string; readonly ms: number; readonly offset: number }
  | { readonly kind: 'months'; readonly name: string; readonly months: number }

/** What users may pass: '1m', '4h', '1w', '15d', '1M'; a number of milliseconds; or an Interval. */
export type IntervalInput = string | number | Interval

const UNIT_MS: Record<string, number> = { s: SECOND, m: MINUTE, h: HOUR, d: DAY, w: WEEK }

export function parseInterval(input: IntervalInput): Interval {
  if (typeof input === 'object' && input !== null) return validate(input)
  if (typeof input === 'number') return validate({ kind: 'fixed', name: `${input}ms`, ms: input, offset: 0 })
  const match = typeof input === 'string' ? /^(\d+)(s|m|h|d|w|M)$/.exec(input) : null
  if (!match) throw badInterval(String(input))
  const count = Number(match[1])
  const unit = match[2]
  if (unit === 'M') return validate({ kind: 'months', name: input, months: count })
  const ms = count * UNIT_MS[unit]
  return validate({ kind: 'fixed', name: input, ms, offset: unit === 'w' ? MONDAY_OFFSET : 0 })
}

function validate(interval: Interval): Interval {
  if (interval.kind === 'months') {
    if (!Number.isInteger(interval.months) || interval.months < 1 || interval.months > 12) throw badInterval(interval.name)
    return interval
  }
  if (!Number.isInteger(interval.ms) || interval.ms < SECOND || interval.ms % SECOND !== 0 || interval.ms > 366 * DAY) {
    throw badInterval(interval.name)
  }
  if (!Number.isInteger(interval.offset) || interval.offset % SECOND !== 0) throw badInterval(interval.name)
  return interval
}

function badInterval(name: string): MockExchangeError {
  return new MockExchangeError(
    'BAD_INTERVAL',
    `Failed to read the interval "${name}": the engine takes a count and a unit (s, m, h, d, w, M for calendar months), ` +
      `from 1s up to 366d, e.g. '1m', '4h', '1w', '15d', '1M'; or a number of milliseconds that is a whole number of seconds.`,
  )
}

/** Open time of the candle of `interval` that contains `time`. */
export function openTimeOf(interval: Interval, time: number): number {
  if (interval.kind === 'fixed') return floorTo(time, interval.ms, interval.offset)
  const month = startOfMonth(time)
  const index = monthIndex(month)
  return addMonths(month, -(((index % interval.months) + interval.months) % interval.months))
}

/** Open time of the candle after the one that opens at `openTime`. */
export function nextOpenTime(interval: Interval, openTime: number): number {
  return interval.kind === 'fixed' ? openTime + interval.ms : addMonths(openTime, interval.months)
}

function monthIndex(monthStart: number): number {
  const date = new Date(monthStart)
  return (date.getUTCFullYear() - 1970) * 12 + date.getUTCMonth()
}
