import type { Candle } from '../../src/engine/candle.js'
import { nextOpenTime, openTimeOf, parseInterval, type Interval, type IntervalInput } from '../../src/engine/interval.js'
import type { ExchangeContext, ListedMarket } from '../../src/exchange/types.js'

/** The engine covers 1970–2149; requests outside are clamped so they answer empty instead of throwing. */
const LAST = Date.UTC(2149, 0, 1)

/**
 * Candles whose open time is in [start, end) (end exclusive), on the exchange's clock:
 * with a start, the first `limit` from it; without, the last `limit` before `end` (or now).
 */
export function selectCandles(
  context: ExchangeContext,
  listed: ListedMarket,
  input: IntervalInput,
  range: { start?: number; end?: number; limit: number },
): Candle[] {
  const span = parseInterval(input)
  const now = context.now()
  const end = clamp(Math.min(range.end ?? Infinity, now + 1))
  if (range.start !== undefined) {
    const first = alignUp(span, clamp(range.start))
    if (first >= end) return []
    const stop = Math.min(end, step(span, first, range.limit, end))
    return context.candles(listed, span, first, stop).slice(0, range.limit)
  }
  const lastOpen = openTimeOf(span, end - 1)
  let first = span.kind === 'fixed' ? Math.max(alignUp(span, 0), lastOpen - span.ms * (range.limit - 1)) : lastOpen
  for (let i = 1; span.kind === 'months' && i < range.limit && first > 0; i++) first = openTimeOf(span, first - 1)
  const candles = context.candles(listed, span, Math.max(0, first), end)
  return candles.filter((c) => c.openTime >= first).slice(-range.limit)
}

function clamp(time: number): number {
  return Math.max(0, Math.min(LAST, time))
}

/** The first open time at or after `time`. */
function alignUp(span: Interval, time: number): number {
  const open = openTimeOf(span, time)
  return open === time ? open : nextOpenTime(span, open)
}

/** The open time `n` candles after `open`, stopping once past `bound`. */
function step(span: Interval, open: number, n: number, bound: number): number {
  if (span.kind === 'fixed') return open + n * span.ms
  let time = open
  for (let i = 0; i < n && time < bound; i++) time = nextOpenTime(span, time)
  return time
}
