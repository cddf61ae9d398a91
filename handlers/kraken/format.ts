import type { Market } from '../../src/engine/market.js'
import { decimalText } from '../../src/exchange/decimal.js'

/**
 * `value` with exactly `decimals` places, then zeros up to `pad` places. Works on the
 * integer count of 10^-decimals (below 2^53 for the engine's values), so the digits are
 * exact where toFixed would not be.
 */
export function decimal(value: number, decimals: number, pad = decimals): string {
  const digits = decimalText(value, decimals)
  return pad > decimals ? digits + (decimals > 0 ? '' : '.') + '0'.repeat(pad - decimals) : digits
}

/** Base volumes: 8 places on every pair (§2.1, real captures), more only for a market finer than that. */
export const VOLUME_DECIMALS = 8

/** How one pair prints: prices (and vwap) with `pair_decimals` places, volumes with 8. */
export interface Numbers {
  readonly priceDecimals: number
  readonly volumeDecimals: number
  price(value: number): string
  volume(value: number): string
}

export function numbersOf(market: Market): Numbers {
  const priceDecimals = market.tick.decimals
  const volumeDecimals = Math.max(VOLUME_DECIMALS, market.lot.decimals)
  return {
    priceDecimals,
    volumeDecimals,
    price: (value) => decimal(value, priceDecimals),
    volume: (value) => decimal(value, market.lot.decimals, volumeDecimals),
  }
}

/**
 * The volume-weighted average price of a candle (quote volume over base volume) on
 * the pair's decimals; 0 when nothing traded (§2.1: vwap "0.0…"). A vwap outside
 * [low, high] cannot be, and the engine's quote volumes sometimes put it there (a core
 * issue, reported): such a candle gets its typical price (high + low + close) / 3 instead.
 */
export function vwapOf(candle: { volume: number; quoteVolume: number; low: number; high: number; close: number }, priceDecimals: number): number {
  if (!(candle.volume > 0)) return 0
  const scale = 10 ** priceDecimals
  const vwap = Math.round((candle.quoteVolume / candle.volume) * scale) / scale
  if (vwap >= candle.low && vwap <= candle.high) return vwap
  return Math.round(((candle.high + candle.low + candle.close) / 3) * scale) / scale
}

const pad2 = (n: number) => String(n).padStart(2, '0')

/** 2024-07-22T16:34:44Z (SystemStatus). */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z')
}

/** 2023-09-25T09:04:31.742599Z: six places, as in acks and the per-row `timestamp` (§2.5). */
export function isoMicros(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z')
}

/** 2023-10-04T16:25:00.000000000Z: nine places, as in `interval_begin` and a frame's `timestamp` (§2.5). */
export function isoNanos(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000000Z')
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** "Sun,  7 Jun 20 04:07:53 +0000": a two-digit year, and the day padded with a space (§2.1 Time). */
export function rfc1123(ms: number): string {
  const d = new Date(ms)
  const day = String(d.getUTCDate()).padStart(2, ' ')
  const year = pad2(d.getUTCFullYear() % 100)
  return `${DAYS[d.getUTCDay()]}, ${day} ${MONTHS[d.getUTCMonth()]} ${year} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000`
}
