import { openTimeOf, parseInterval, type Interval } from '../../src/engine/interval.js'
import type { ExchangeContext, RestReply } from '../../src/exchange/types.js'
import { unprocessable } from './errors.js'
import { wireCandle } from './format.js'
import { isInterval } from './intervals.js'
import { universe } from './universe.js'

/** §3.1: at most 5000 candles per reply, and only the most recent 5000 exist. */
export const MAX_CANDLES = 5_000

export interface SnapshotRequest {
  coin: string
  interval: string
  startTime: number
  endTime: number | undefined
}

const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0

/** The `req` of a candleSnapshot as Hyperliquid deserializes it, or undefined (→ 422). */
export function readSnapshot(body: Record<string, unknown>): SnapshotRequest | undefined {
  const req = body.req
  if (typeof req !== 'object' || req === null || Array.isArray(req)) return undefined
  const { coin, interval, startTime, endTime } = req as Record<string, unknown>
  if (typeof coin !== 'string' || !isInterval(interval) || !isTime(startTime)) return undefined
  if (endTime !== undefined && endTime !== null && !isTime(endTime)) return undefined
  return { coin, interval, startTime, endTime: endTime ?? undefined }
}

/** How many candles a request can return at most, for its weight (20 + 1 per 60 candles, §3.6), estimated without the clock. */
export function snapshotCandles(request: SnapshotRequest, now?: number): number {
  const interval = parseInterval(request.interval)
  const span = interval.kind === 'fixed' ? interval.ms : 28 * 86_400_000
  const end = Math.min(request.endTime ?? now ?? request.startTime + MAX_CANDLES * span, now ?? Infinity)
  if (end < request.startTime) return 0
  return Math.min(MAX_CANDLES, Math.floor((end - request.startTime) / span) + 1)
}

/** Open time of the oldest candle still served: 4999 candles before the one in progress (§3.1). */
function oldest(interval: Interval, now: number): number {
  const current = openTimeOf(interval, now)
  if (interval.kind === 'fixed') return Math.max(0, current - (MAX_CANDLES - 1) * interval.ms)
  return 0 // 5000 months reach before 1970
}

/**
 * §3.1, §3.2: every candle whose bucket overlaps [startTime, endTime] (both inclusive; a
 * mid-bucket bound still returns its bucket), ascending, the candle in progress last;
 * ranges older than the most recent 5000 candles come back empty (unverified). An
 * unknown coin answers 200 `null`, as l2Book does (unverified for candleSnapshot, §3.5;
 * ccxt reads any non-array as no candles).
 */
export function candleSnapshot(request: SnapshotRequest, context: ExchangeContext): RestReply {
  const listed = universe(context).byCoin(request.coin)
  if (!listed) return { status: 200, body: null }
  const now = context.now()
  const interval = parseInterval(request.interval)
  const end = Math.min(request.endTime ?? now, now)
  const start = Math.max(request.startTime, oldest(interval, now))
  if (end < start) return { status: 200, body: [] }
  let candles = context.candles(listed, interval, start, end + 1)
  if (candles.length > MAX_CANDLES) candles = candles.slice(-MAX_CANDLES)
  return { status: 200, body: candles.map((candle) => wireCandle(candle, listed.market, request.coin, request.interval)) }
}
