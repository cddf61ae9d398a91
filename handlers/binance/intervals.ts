import type { IntervalInput } from '../../src/engine/interval.js'
import { DAY, HOUR, MINUTE, MONDAY_OFFSET, SECOND, WEEK, floorTo } from '../../src/engine/time.js'

/** §1.3: case-sensitive; `1m` is a minute, `1M` a month. */
export const SPOT_INTERVALS: ReadonlySet<string> = new Set(['1s', '1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '3d', '1w', '1M'])
/** §2.3: no `1s` on USDⓈ-M. */
export const PERP_INTERVALS: ReadonlySet<string> = new Set([...SPOT_INTERVALS].filter((name) => name !== '1s'))

const UNIT_MS: Record<string, number> = { s: SECOND, m: MINUTE, h: HOUR, d: DAY, w: WEEK }

/**
 * A Binance interval in a time zone: where its candles open, and how to ask the engine
 * for them. Weeks open on Monday and 3d is epoch-aligned, as on Binance (§1.3, unverified
 * there but what the engine does too); a time zone shifts every boundary (§1.1 timeZone).
 */
export interface Span {
  readonly name: string
  /** Open time of the candle containing `time`. */
  openOf(time: number): number
  /** The open `count` candles after `open` (before it when negative). */
  shift(open: number, count: number): number
  /** The engine interval whose candle opens at `open`. */
  engineInterval(open: number): IntervalInput
  /** Whether every candle has the same engine interval, so that one engine call serves a range. */
  readonly uniform: boolean
}

/** `name` must be one of the interval names above; `zoneMs` is the UTC offset of the time zone. */
export function spanOf(name: string, zoneMs = 0): Span {
  const count = Number(name.slice(0, -1))
  const unit = name.slice(-1)
  if (unit === 'M') return monthSpan(name, count, zoneMs)
  const ms = count * UNIT_MS[unit]
  const base = unit === 'w' ? MONDAY_OFFSET : 0
  const offset = mod(base - zoneMs, ms)
  const interval: IntervalInput = zoneMs === 0 ? name : { kind: 'fixed', name, ms, offset }
  return {
    name,
    openOf: (time) => floorTo(time, ms, offset),
    shift: (open, n) => open + n * ms,
    engineInterval: () => interval,
    uniform: true,
  }
}

/** Calendar months; in a time zone other than UTC each month is asked for as its own span. */
function monthSpan(name: string, months: number, zoneMs: number): Span {
  const openOf = (time: number) => {
    const local = new Date(time + zoneMs)
    const index = local.getUTCFullYear() * 12 + local.getUTCMonth()
    return monthStart(index - mod(index - 1970 * 12, months), zoneMs)
  }
  const shift = (open: number, n: number) => {
    const local = new Date(open + zoneMs)
    return monthStart(local.getUTCFullYear() * 12 + local.getUTCMonth() + n * months, zoneMs)
  }
  return {
    name,
    openOf,
    shift,
    engineInterval: (open) => {
      if (zoneMs === 0) return name
      const ms = shift(open, 1) - open
      return { kind: 'fixed', name, ms, offset: mod(open, ms) }
    },
    uniform: zoneMs === 0,
  }
}

function monthStart(index: number, zoneMs: number): number {
  return Date.UTC(Math.floor(index / 12), mod(index, 12), 1) - zoneMs
}

/**
 * Binance's `timeZone`: hours and minutes (`-1:00`, `05:45`) or only hours (`0`, `8`),
 * within [-12:00, +14:00] inclusive. Returns the offset in ms, or undefined when invalid.
 */
export function parseTimeZone(text: string): number | undefined {
  const match = /^([+-])?(\d{1,2})(?::(\d{2}))?$/.exec(text)
  if (!match) return undefined
  const hours = Number(match[2])
  const minutes = match[3] === undefined ? 0 : Number(match[3])
  if (minutes >= 60) return undefined
  const total = (match[1] === '-' ? -1 : 1) * (hours * 60 + minutes)
  if (total < -12 * 60 || total > 14 * 60) return undefined
  return total * MINUTE
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n
}
