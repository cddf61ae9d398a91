import type { Candle } from '../../src/engine/candle.js'
import { openTimeOf, type Interval } from '../../src/engine/interval.js'
import type { ExchangeContext, ListedMarket, RestReply, RestRequest } from '../../src/exchange/types.js'
import { listing, type Category } from './categories.js'
import { invalidCategory, invalidPeriod, notSupportedSymbols, ok } from './envelope.js'
import { klineRow, numbersOf } from './format.js'
import { ceilOpen, shift, spanOf } from './intervals.js'
import { Query } from './params.js'

/** §3.1: rows per page. */
export const DEFAULT_LIMIT = 200
export const MAX_LIMIT = 1000

/** The categories GET /v5/market/kline serves (§3.1); option is refused (Bybit.Net#229). */
const KLINE_CATEGORIES = new Set<Category>(['spot', 'linear', 'inverse'])

export interface KlineQuery {
  readonly category: Category
  readonly listed: ListedMarket
  readonly wire: string
  readonly span: Interval
  readonly start?: number
  readonly end?: number
  readonly limit: number
}

/**
 * Reads the parameters in this order (ours; Bybit's own order is not documented):
 * category, symbol, interval, limit, start, end.
 * - `category` defaults to linear (§3.8.1); anything but spot, linear or inverse is
 *   "params error: Category is invalid".
 * - `symbol` is matched exactly (uppercase only); unknown, missing or lowercase is
 *   "Not supported symbols".
 * - `interval` must be one of the 13 names; anything else is "Invalid period!".
 * - `limit`, `start`, `end` must be integers (10001 otherwise); zero or negative means
 *   "not given" and a limit above 1000 is capped (unverified: Go's zero value and §3.1's
 *   "probably clamped").
 * - `category=inverse` with a linear symbol serves the linear candles labelled inverse,
 *   as captured on Bybit (§3.5, the cross-category trap).
 */
export function readKlineQuery(request: RestRequest, context: ExchangeContext): KlineQuery {
  const query = new Query(request.query)
  const category = (query.text('category') ?? 'linear') as Category
  if (!KLINE_CATEGORIES.has(category)) throw invalidCategory()
  const listed = listing(context, category === 'inverse' ? 'linear' : category).byId(query.text('symbol') ?? '')
  if (!listed) throw notSupportedSymbols()
  const wire = query.text('interval') ?? ''
  const span = spanOf(wire)
  if (!span) throw invalidPeriod()
  const limit = Math.min(query.positive('limit') ?? DEFAULT_LIMIT, MAX_LIMIT)
  return { category, listed, wire, span, start: query.positive('start'), end: query.positive('end'), limit }
}

/**
 * Open times of the candles to return (§3.1 "Which candles come back"), or undefined for none.
 * - Both bounds are inclusive on open time, and a bound inside a candle takes that
 *   candle: the candle containing `start` is the first (ccxt's comment on #26736, and a
 *   capture in mirumirumi/ro-soku#3), the one containing `end` the last.
 * - With `start` (with or without `end`): the oldest `limit` candles from there on (a
 *   third-party result on the v3 derivatives kline, carpenstar/bybitapi-sdk-derivatives, shows
 *   the first five after start with start, end and limit=5; ccxt's paginate relies on it).
 * - Without `start`: the most recent `limit` candles up to `end`, or up to now.
 * - Never after now: the candle in progress is the newest one.
 */
export function klineWindow(span: Interval, query: { start?: number; end?: number; limit: number }, now: number): { first: number; last: number } | undefined {
  const ceiling = Math.min(query.end ?? Infinity, now)
  if (query.start !== undefined && query.start > ceiling) return undefined
  const last = openTimeOf(span, ceiling)
  const earliest = ceilOpen(span, 0)
  if (query.start !== undefined) {
    const first = Math.max(openTimeOf(span, query.start), earliest)
    const capped = Math.min(shift(span, first, query.limit - 1), last)
    return first <= capped ? { first, last: capped } : undefined
  }
  const first = Math.max(shift(span, last, -(query.limit - 1)), earliest)
  return first <= last ? { first, last } : undefined
}

/** The candles of a query, oldest first. */
export function selectCandles(context: ExchangeContext, query: KlineQuery): Candle[] {
  const window = klineWindow(query.span, query, context.now())
  if (!window) return []
  return context.candles(query.listed, query.span, window.first, window.last + 1).filter((c) => c.openTime >= window.first && c.openTime <= window.last)
}

/**
 * §3.2, §4.2: `result` echoes category and symbol (spot names the category first, the
 * derivatives categories the symbol, as in Bybit's examples); rows newest first, the
 * candle in progress first.
 */
export function klineReply(request: RestRequest, context: ExchangeContext): RestReply {
  const query = readKlineQuery(request, context)
  const numbers = numbersOf(query.listed.market)
  const list = selectCandles(context, query)
    .reverse()
    .map((candle) => klineRow(candle, numbers))
  const { category } = query
  const symbol = query.listed.id
  return ok(category === 'spot' ? { category, symbol, list } : { symbol, category, list }, context.now())
}
