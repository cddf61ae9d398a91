import { argError } from './errors.js'
import type { Boundaries } from './types.js'

/**
 * Every instant t with t ≡ offset (mod intervalMs), e.g. `every(60_000)` for 1m candle closes.
 * Uses floor division, so instants before 1970 (negative) are handled like any other.
 * Integer milliseconds are exact up to 2^53.
 */
export function every(intervalMs: number, offsetMs = 0): Boundaries {
  if (!Number.isFinite(intervalMs) || intervalMs <= 0) {
    throw argError('create clock boundaries', `every() needs a finite interval > 0 (got ${intervalMs})`,
      'Pass milliseconds, e.g. every(60_000) for 1m candles.')
  }
  if (!Number.isFinite(offsetMs)) {
    throw argError('create clock boundaries', `every() needs a finite offset (got ${offsetMs})`,
      'Pass milliseconds, e.g. every(86_400_000, 3_600_000) for days starting at 01:00 UTC.')
  }
  // Normalised into [0, interval) so the products below stay small and exact.
  const offset = ((offsetMs % intervalMs) + intervalMs) % intervalMs
  /** Index k of the last boundary offset + k * interval that is <= t. */
  const indexAtOrBefore = (t: number) => Math.floor((t - offset) / intervalMs)

  return {
    next(after) {
      const b = offset + (indexAtOrBefore(after) + 1) * intervalMs
      // Guards against float rounding with fractional intervals; never loops for integers.
      return b > after ? b : b + intervalMs
    },
    count(after, upTo) {
      return upTo <= after ? 0 : indexAtOrBefore(upTo) - indexAtOrBefore(after)
    },
    nth(after, n) {
      return offset + (indexAtOrBefore(after) + n) * intervalMs
    },
  }
}

/** The first of every month at 00:00 UTC (monthly candles). */
export function calendarMonths(): Boundaries {
  /** Months since January of year 0 for the month containing t. */
  const monthIndex = (t: number) => {
    const d = new Date(Math.floor(t))
    return d.getUTCFullYear() * 12 + d.getUTCMonth()
  }
  // setUTCFullYear normalises month overflow (month 24_300 of year 0 is in 2025) and,
  // unlike Date.UTC, does not map years 0-99 to 1900-1999.
  const monthStart = (index: number) => new Date(0).setUTCFullYear(0, index, 1)

  return {
    next: (after) => monthStart(monthIndex(after) + 1),
    count: (after, upTo) => (upTo <= after ? 0 : monthIndex(upTo) - monthIndex(after)),
    nth: (after, n) => monthStart(monthIndex(after) + n),
  }
}
