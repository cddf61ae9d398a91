import type { Interval } from '../../src/engine/interval.js'
import { DAY, HOUR, MINUTE, MONDAY_OFFSET, SECOND, WEEK, floorTo } from '../../src/engine/time.js'

/**
 * OKX bar sizes (wire-formats §5.3): case-sensitive; `1m` is a minute and `1M` a month.
 * Bars of 6 hours and more open at midnight Hong Kong time (UTC+8) unless they carry
 * the `utc` suffix. Lowercase hours and days (`1h`, `1d`) are refused (unverified).
 */
const MINUTES_HOURS = ['1m', '3m', '5m', '15m', '30m', '1H', '2H', '4H']
const ZONED = ['6H', '12H', '1D', '2D', '3D', '1W', '1M', '3M']
const UTC = ZONED.map((name) => `${name}utc`)

/** /market/candles: no `1s` (51000 "Parameter bar error", §5.3). */
export const CANDLES_BARS: ReadonlySet<string> = new Set([...MINUTES_HOURS, ...ZONED, ...UTC])
/** /market/history-candles adds `1s` (the last three months only). */
export const HISTORY_BARS: ReadonlySet<string> = new Set(['1s', ...CANDLES_BARS])
/** The candle channels: as history, plus `5D`/`5Dutc`, which OKX's channel list names (unverified). */
export const CHANNEL_BARS: ReadonlySet<string> = new Set([...HISTORY_BARS, '5D', '5Dutc'])

const UTC8_MS = 8 * HOUR
const UNIT_MS: Record<string, number> = { s: SECOND, m: MINUTE, H: HOUR, D: DAY, W: WEEK }

/**
 * Where the candles of one bar open, and how to ask the engine for them. Engine
 * intervals carry the OKX bar name, so faults target `interval: '1Dutc'`.
 */
export interface Bar {
  readonly name: string
  /** Open time of the candle containing `time`. */
  openOf(time: number): number
  /** The open `count` candles after `open` (before it when negative). */
  shift(open: number, count: number): number
  /** The engine interval whose candle opens at `open`. */
  engineInterval(open: number): Interval
  /** Whether every candle has the same engine interval (one engine call serves a range; one `follow` serves a channel). */
  readonly uniform: boolean
}

/** `name` must be one of CHANNEL_BARS. */
export function barOf(name: string): Bar {
  const utc = name.endsWith('utc')
  const core = utc ? name.slice(0, -3) : name
  const count = Number(core.slice(0, -1))
  const unit = core.slice(-1)
  // Minutes and 1H–4H divide 8 hours, so the zone does not move them.
  const zoned = !utc && (ZONED.includes(core) || core === '5D')
  const zoneMs = zoned ? UTC8_MS : 0
  if (unit === 'M') return monthBar(name, count, zoneMs)
  const ms = count * UNIT_MS[unit]
  // Weeks open on Monday; other bars count from the epoch in their zone (as the engine does; unverified on OKX for 2D/3D/5D).
  const offset = mod((unit === 'W' ? MONDAY_OFFSET : 0) - zoneMs, ms)
  const interval: Interval = { kind: 'fixed', name, ms, offset }
  return {
    name,
    openOf: (time) => floorTo(time, ms, offset),
    shift: (open, n) => open + n * ms,
    engineInterval: () => interval,
    uniform: true,
  }
}

/** Calendar months (1M, 3M: quarters from January). In UTC+8 each month is asked for as its own fixed span. */
function monthBar(name: string, months: number, zoneMs: number): Bar {
  const openOf = (time: number) => {
    const local = new Date(time + zoneMs)
    const index = local.getUTCFullYear() * 12 + local.getUTCMonth()
    return monthStart(index - mod(index - 1970 * 12, months), zoneMs)
  }
  const shift = (open: number, n: number) => {
    const local = new Date(open + zoneMs)
    return monthStart(local.getUTCFullYear() * 12 + local.getUTCMonth() + n * months, zoneMs)
  }
  const uniform: Interval = { kind: 'months', name, months }
  return {
    name,
    openOf,
    shift,
    engineInterval: (open) => {
      if (zoneMs === 0) return uniform
      const ms = shift(open, 1) - open
      return { kind: 'fixed', name, ms, offset: mod(open, ms) }
    },
    uniform: zoneMs === 0,
  }
}

function monthStart(index: number, zoneMs: number): number {
  return Date.UTC(Math.floor(index / 12), mod(index, 12), 1) - zoneMs
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n
}
