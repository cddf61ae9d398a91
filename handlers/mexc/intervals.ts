import type { IntervalInput } from '../../src/engine/interval.js'

/** Spot REST names (§1.3): `60m` not `1h`, `1W` for the week. */
export const SPOT_REST_INTERVALS: ReadonlyMap<string, IntervalInput> = new Map([
  ['1m', '1m'],
  ['5m', '5m'],
  ['15m', '15m'],
  ['30m', '30m'],
  ['60m', '1h'],
  ['4h', '4h'],
  ['1d', '1d'],
  ['1W', '1w'],
  ['1M', '1M'],
])

/** Contract REST/WS and spot WS names (§1.3, §2.3). */
export const CONTRACT_INTERVALS: ReadonlyMap<string, IntervalInput> = new Map([
  ['Min1', '1m'],
  ['Min5', '5m'],
  ['Min15', '15m'],
  ['Min30', '30m'],
  ['Min60', '1h'],
  ['Hour4', '4h'],
  ['Hour8', '8h'],
  ['Day1', '1d'],
  ['Week1', '1w'],
  ['Month1', '1M'],
])
