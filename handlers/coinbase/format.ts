import type { Decimal } from '../../src/engine/market.js'
import { decimalText } from '../../src/exchange/decimal.js'

/**
 * How Coinbase prints numbers (wire-formats §1.3, §1.8): decimal strings without
 * trailing zeros ("66312.4", "2715", "0.20269406"). Works on the integer count of
 * 10^-decimals, which the engine keeps below 2^53, so the digits are exact.
 */
export function trimmed(value: number, decimals: number): string {
  return decimalText(value, decimals, true)
}

/** A step size (tick, lot) as Coinbase lists it in products: "0.01", "0.00000001", "1". */
export function stepText(step: Decimal): string {
  return trimmed(step.units / 10 ** step.decimals, step.decimals)
}

/** Seconds since the epoch, as Coinbase sends them: a string of the whole seconds. */
export function seconds(ms: number): string {
  return String(Math.floor(ms / 1000))
}

/**
 * Go's RFC3339Nano, as the WebSocket envelopes carry it ("2023-06-09T20:19:35.39625135Z"):
 * fractional digits without trailing zeros, none at all on a whole second.
 */
export function rfc3339Nano(ms: number): string {
  const iso = new Date(ms).toISOString()
  const fraction = iso.slice(20, 23).replace(/0+$/, '')
  return `${iso.slice(0, 19)}${fraction ? `.${fraction}` : ''}Z`
}

/** RFC3339 to the second, as /time and /v2/time print it ("2024-02-27T03:37:14Z"). */
export function rfc3339Seconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`
}

/**
 * Go's time.Time.String() with its monotonic reading, as heartbeats carry it:
 * "2023-06-23 20:31:56.121961769 +0000 UTC m=+91717.525857105". `uptimeMs` is the
 * monotonic part (ours: time since the connection opened).
 */
export function goTimeString(ms: number, uptimeMs: number): string {
  const iso = new Date(ms).toISOString()
  const fraction = iso.slice(20, 23).replace(/0+$/, '')
  const whole = Math.floor(uptimeMs / 1000)
  const nanos = String((uptimeMs - whole * 1000) * 1_000_000).padStart(9, '0')
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}${fraction ? `.${fraction}` : ''} +0000 UTC m=+${whole}.${nanos}`
}

/** A ratio or percentage as Coinbase prints it: plain decimal notation, never an exponent. */
export function plainNumber(value: number, maxDecimals = 14): string {
  if (!Number.isFinite(value)) return '0'
  const text = value.toFixed(maxDecimals).replace(/\.?0+$/, '')
  return text === '-0' ? '0' : text
}
