import type { Candle } from '../../src/engine/candle.js'
import type { Market } from '../../src/engine/market.js'
import type { ExchangeContext, ListedMarket, RestReply, RestRequest } from '../../src/exchange/types.js'
import { invalidInterval, invalidSymbol, invalidValue } from './errors.js'
import { klineRow, MILLISECONDS, timeUnitOf, type Numbers, type TimeUnit } from './format.js'
import { parseTimeZone, spanOf, type Span } from './intervals.js'
import { Params } from './params.js'

/** What differs between spot's and USDⓈ-M's klines. */
export interface KlinesRules {
  readonly intervals: ReadonlySet<string>
  readonly maxLimit: number
  /** Spot caps a larger `limit` silently (§1.1); fapi answers -1130 (§2.5). */
  readonly capsLimit: boolean
  /** Spot only: the `timeZone` parameter and the X-MBX-TIME-UNIT header. */
  readonly timeZone: boolean
  readonly timeUnit: boolean
  /** Upper-case a lowercase symbol instead of -1100 (fapi; unverified, see perpetual.ts). */
  readonly lenientSymbol: boolean
  numbers(market: Market): Numbers
}

export const DEFAULT_LIMIT = 500

export interface KlinesQuery {
  readonly listed: ListedMarket
  readonly span: Span
  /** Filters on open time, inclusive at both ends (ms). */
  readonly start?: number
  readonly end?: number
  readonly limit: number
  readonly unit: TimeUnit
}

/**
 * Reads and checks the parameters in this order (ours; Binance's own order is not
 * documented): format of each (-1102, -1100), unread extras (-1104; known: symbol,
 * interval, startTime, endTime, limit, and timeZone on spot), then symbol (-1121),
 * interval (-1120), timeZone, limit and startTime > endTime (-1130).
 * limit=0, a bad timeZone and startTime > endTime are (unverified) on Binance; -1130 is
 * the code its docs give for invalid data.
 */
export function readKlinesQuery(request: RestRequest, context: ExchangeContext, rules: KlinesRules): KlinesQuery {
  const params = new Params(request.query)
  const symbol = params.symbol('symbol', rules.lenientSymbol)
  const interval = params.required('interval')
  const startTime = params.number('startTime')
  const endTime = params.number('endTime')
  const limitSent = params.number('limit')
  const zoneText = rules.timeZone ? params.optional('timeZone') : undefined
  params.finish()

  const listed = context.marketById(symbol)
  if (!listed) throw invalidSymbol()
  if (!rules.intervals.has(interval)) throw invalidInterval()
  const zoneMs = zoneText === undefined ? 0 : parseTimeZone(zoneText)
  if (zoneMs === undefined) throw invalidValue('timeZone')
  let limit = limitSent ?? DEFAULT_LIMIT
  if (limit < 1 || (limit > rules.maxLimit && !rules.capsLimit)) throw invalidValue('limit')
  limit = Math.min(limit, rules.maxLimit)
  if (startTime !== undefined && endTime !== undefined && startTime > endTime) throw invalidValue('startTime')
  // X-MBX-TIME-UNIT sets the unit of the answer; spot reads request times in ms or µs by their size (§1.1).
  const unit = rules.timeUnit ? timeUnitOf(request.headers.get('X-MBX-TIME-UNIT')) : MILLISECONDS
  const requestTime = (value: number) => (rules.timeUnit && value >= MICROSECOND_TIMES ? Math.floor(value / 1000) : value)
  return {
    listed,
    span: spanOf(interval, zoneMs),
    start: startTime === undefined ? undefined : requestTime(startTime),
    end: endTime === undefined ? undefined : requestTime(endTime),
    limit,
    unit,
  }
}

/** 10^14: a millisecond time this large is in the year 5138, so it must be microseconds (16 digits). */
const MICROSECOND_TIMES = 1e14

/**
 * Open times of the candles to return (§1.1 "Which candles come back"), or undefined for none:
 * - startTime (with or without endTime): the oldest `limit` from startTime on, never past endTime;
 * - otherwise the most recent `limit` up to endTime, or up to now;
 * - open time within [startTime, endTime] inclusive, never after now (the candle in
 *   progress at now is the last one).
 */
export function klineWindow(span: Span, query: { start?: number; end?: number; limit: number }, now: number): { first: number; last: number } | undefined {
  const ceiling = Math.min(query.end ?? Infinity, now)
  if (ceiling < 0) return undefined
  const lastAllowed = span.openOf(ceiling)
  if (query.start !== undefined) {
    if (query.start > ceiling) return undefined
    const first = ceilOpen(span, query.start)
    const last = Math.min(span.shift(first, query.limit - 1), lastAllowed)
    return first <= last ? { first, last } : undefined
  }
  const first = Math.max(span.shift(lastAllowed, -(query.limit - 1)), ceilOpen(span, 0))
  return first <= lastAllowed ? { first, last: lastAllowed } : undefined
}

/** The first open time at or after `time`. */
function ceilOpen(span: Span, time: number): number {
  const open = span.openOf(time)
  return open < time ? span.shift(open, 1) : open
}

export function selectCandles(context: ExchangeContext, query: KlinesQuery): Candle[] {
  const window = klineWindow(query.span, query, context.now())
  if (!window) return []
  const { first, last } = window
  const { span, listed } = query
  if (span.uniform) return context.candles(listed, span.engineInterval(first), first, last + 1).filter((c) => c.openTime >= first && c.openTime <= last)
  const candles: Candle[] = []
  for (let open = first; open <= last; open = span.shift(open, 1)) candles.push(...context.candles(listed, span.engineInterval(open), open, open + 1))
  return candles
}

export function klinesReply(request: RestRequest, context: ExchangeContext, rules: KlinesRules): RestReply {
  const query = readKlinesQuery(request, context, rules)
  const numbers = rules.numbers(query.listed.market)
  return { status: 200, body: selectCandles(context, query).map((candle) => klineRow(candle, numbers, query.unit)) }
}
