import type { IntervalInput } from '../../src/engine/interval.js'

/** §3.1/§3.4: spot REST `type` and WS topic suffixes (1month only in the 2025 spec; WS weeks open Monday 00:00 UTC as the engine's). */
export const SPOT_TYPES: ReadonlyMap<string, IntervalInput> = new Map<string, IntervalInput>([
  ['1min', '1m'],
  ['3min', '3m'],
  ['5min', '5m'],
  ['15min', '15m'],
  ['30min', '30m'],
  ['1hour', '1h'],
  ['2hour', '2h'],
  ['4hour', '4h'],
  ['6hour', '6h'],
  ['8hour', '8h'],
  ['12hour', '12h'],
  ['1day', '1d'],
  ['1week', '1w'],
  ['1month', '1M'],
])

/** §4.1: futures REST `granularity` in minutes. */
export const FUTURES_GRANULARITIES: ReadonlyMap<string, IntervalInput> = new Map<string, IntervalInput>([
  ['1', '1m'],
  ['5', '5m'],
  ['15', '15m'],
  ['30', '30m'],
  ['60', '1h'],
  ['120', '2h'],
  ['240', '4h'],
  ['480', '8h'],
  ['720', '12h'],
  ['1440', '1d'],
  ['10080', '1w'],
])

/** §4.4: futures WS types (the list ccxt sends; the official list is unverified). */
export const FUTURES_WS_TYPES: ReadonlyMap<string, IntervalInput> = new Map<string, IntervalInput>(
  ['1min', '5min', '15min', '30min', '1hour', '2hour', '4hour', '8hour', '12hour', '1day', '1week'].map((name) => [name, SPOT_TYPES.get(name)!]),
)
