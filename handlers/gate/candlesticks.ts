import { openTimeOf, parseInterval, type Interval, type IntervalInput } from '../../src/engine/interval.js'
import { addMonths } from '../../src/engine/time.js'
import type { ExchangeContext, ListedMarket, RestReply, RestRequest } from '../../src/exchange/types.js'
import { invalidValue, missingParam, tooBroad, tooLongAgo, unknownContract, unknownPair } from './errors.js'
import { futuresRow, numbersOf, spotRow } from './format.js'
import { intervalOf } from './intervals.js'

/** What differs between GET /spot/candlesticks and GET /futures/usdt/candlesticks (facts §5.1, §6.1). */
export interface CandlesticksRules {
  readonly kind: 'spot' | 'futures'
  readonly intervals: Readonly<Record<string, IntervalInput>>
  /** Interval when the parameter is absent: spot `30m`, futures `5m`. */
  readonly defaultInterval: string
  /** Points per request: spot 1000, futures 2000. */
  readonly maxPoints: number
}

export const DEFAULT_LIMIT = 100
/** Only the latest 10000 intervals are reachable (facts §5.1, §6.1). */
export const REACH = 10_000

const SECONDS = /^[0-9]{1,11}$/
const COUNT = /^[0-9]{1,9}$/
const TIMEZONES = new Set(['all', 'utc0', 'utc8'])

export interface CandlesticksQuery {
  readonly listed: ListedMarket
  readonly interval: Interval
  /** Futures `mark_`/`index_` contracts: rows without `v` and `sum`. */
  readonly priceOnly: boolean
  readonly from?: number
  readonly to?: number
  readonly limit?: number
}

/**
 * Reads the query in this order (ours; Gate's is not documented): the pair/contract is
 * present, interval (absent → default; unknown → INVALID_PARAM_VALUE), from/to/limit
 * (unsigned integers; `limit` with `from` or `to` is refused, facts §5.1; a limit of 0 or
 * above the maximum is refused, our reading of "max 1000"), then the pair/contract exists.
 * Futures `timezone` is checked but every value is served as utc0 (utc8 not simulated).
 */
export function readQuery(request: RestRequest, context: ExchangeContext, rules: CandlesticksRules): CandlesticksQuery {
  const query = request.query
  const param = rules.kind === 'spot' ? 'currency_pair' : 'contract'
  const id = query.get(param)
  if (id === null || id === '') throw missingParam(param)
  const intervalName = query.get('interval') ?? rules.defaultInterval
  const engineInterval = intervalOf(rules.intervals, intervalName)
  if (engineInterval === undefined) throw invalidValue('interval', intervalName)
  const from = integer(query.get('from'), 'from', SECONDS)
  const to = integer(query.get('to'), 'to', SECONDS)
  const limitText = query.get('limit')
  const limit = integer(limitText, 'limit', COUNT)
  if (limit !== undefined) {
    if (from !== undefined || to !== undefined || limit < 1) throw invalidValue('limit', limitText ?? '')
    if (limit > rules.maxPoints) throw tooBroad(rules.maxPoints)
  }
  if (rules.kind === 'futures') {
    const timezone = query.get('timezone')
    if (timezone !== null && !TIMEZONES.has(timezone)) throw invalidValue('timezone', timezone)
  }
  let priceOnly = false
  let marketId = id
  if (rules.kind === 'futures') {
    const prefix = /^(mark|index)_/.exec(id)
    if (prefix) {
      priceOnly = true
      marketId = id.slice(prefix[0].length)
    }
  }
  const listed = context.marketById(marketId)
  if (!listed) throw rules.kind === 'spot' ? unknownPair(id) : unknownContract(id)
  return { listed, interval: parseInterval(engineInterval), priceOnly, from, to, limit }
}

function integer(text: string | null, name: string, pattern: RegExp): number | undefined {
  if (text === null) return undefined
  if (!pattern.test(text)) throw invalidValue(name, text)
  return Number(text)
}

function shift(interval: Interval, open: number, count: number): number {
  return interval.kind === 'fixed' ? open + count * interval.ms : addMonths(open, count * interval.months)
}

/** The first open time at or after `time`. */
function ceilOpen(interval: Interval, time: number): number {
  const open = openTimeOf(interval, time)
  return open < time ? shift(interval, open, 1) : open
}

function points(interval: Interval, first: number, last: number): number {
  if (interval.kind === 'fixed') return (last - first) / interval.ms + 1
  const a = new Date(first)
  const b = new Date(last)
  return ((b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth()) / interval.months + 1
}

/**
 * Open times of the rows to return (facts §5.1 "Which candles"), or undefined for none:
 * - with `from`/`to`: the buckets opening in [from, to], both inclusive (a `from` inside a
 *   bucket starts at the next one; unverified); `to` defaults to now and `from` to 100
 *   intervals before `to` (100 points, our reading); more than the maximum up to now is
 *   refused, as is a start more than 10000 intervals before the current one; `from` after
 *   `to` is an empty list (our choice);
 * - otherwise the latest `limit` (default 100), the one in progress last.
 * Never after the bucket in progress, never before the epoch.
 */
export function window(query: CandlesticksQuery, now: number, rules: CandlesticksRules): { first: number; last: number } | undefined {
  const { interval } = query
  const current = openTimeOf(interval, now)
  let first: number
  let last: number
  if (query.from === undefined && query.to === undefined) {
    last = current
    first = shift(interval, current, -((query.limit ?? DEFAULT_LIMIT) - 1))
  } else {
    last = openTimeOf(interval, query.to === undefined ? now : query.to * 1000)
    first = query.from === undefined ? shift(interval, last, -(DEFAULT_LIMIT - 1)) : ceilOpen(interval, query.from * 1000)
    if (first > last || first > current) return undefined
    // The span is counted up to the bucket in progress: a window in the future is empty, not too broad (unverified).
    if (points(interval, first, Math.min(last, current)) > rules.maxPoints) throw tooBroad(rules.maxPoints)
    if (first < shift(interval, current, -REACH)) throw tooLongAgo(rules.kind === 'spot' ? 'ago' : 'recently')
  }
  const epoch = openTimeOf(interval, 0)
  if (first < 0) first = epoch < 0 ? shift(interval, epoch, 1) : epoch
  last = Math.min(last, current)
  return first > last ? undefined : { first, last }
}

/** GET /spot/candlesticks and /futures/usdt/candlesticks: bare JSON array, oldest first, the last possibly in progress. */
export function candlesticksReply(request: RestRequest, context: ExchangeContext, rules: CandlesticksRules): RestReply {
  const query = readQuery(request, context, rules)
  const span = window(query, context.now(), rules)
  if (!span) return { status: 200, body: [] }
  const numbers = numbersOf(query.listed.market)
  const candles = context.candles(query.listed, query.interval, span.first, span.last + 1).filter((c) => c.openTime >= span.first && c.openTime <= span.last)
  const rows = rules.kind === 'spot' ? candles.map((c) => spotRow(c, numbers)) : candles.map((c) => futuresRow(c, numbers, !query.priceOnly))
  return { status: 200, body: rows }
}
