import type { IntervalInput } from '../../src/engine/interval.js'

/**
 * Gate interval names and the engine interval each means (facts §5.1, §6.1). `7d` is seven
 * days from the epoch (Thursday 00:00 UTC), `1w` (futures only) the natural week from
 * Monday, `30d` the calendar month. Alignment of `7d` is unverified: Gate's futures docs
 * name `1w` as the natural week apart from it, which we read as `7d` not being one.
 */
const COMMON: Record<string, IntervalInput> = {
  '10s': '10s',
  '1m': '1m',
  '5m': '5m',
  '15m': '15m',
  '30m': '30m',
  '1h': '1h',
  '4h': '4h',
  '8h': '8h',
  '1d': '1d',
  '7d': '7d',
}

/** GET /spot/candlesticks: the docs' enum, with `1s` and `30d`. */
export const SPOT_INTERVALS: Readonly<Record<string, IntervalInput>> = { '1s': '1s', ...COMMON, '30d': '1M' }
/** GET /futures/usdt/candlesticks: the docs' enum plus `1w` and `30d` (description) and `2h` (ccxt maps it; acceptance unverified). */
export const FUTURES_INTERVALS: Readonly<Record<string, IntervalInput>> = { ...COMMON, '2h': '2h', '1w': '1w', '30d': '1M' }
/** The candlesticks channels (facts §5.3, §6.4): no `1s`, no `30d`. */
export const CHANNEL_INTERVALS: Readonly<Record<string, IntervalInput>> = COMMON

export function intervalOf(table: Readonly<Record<string, IntervalInput>>, name: string): IntervalInput | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined
}
