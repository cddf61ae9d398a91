import type { Candle } from '../../src/engine/candle.js'
import type { ExchangeContext, RestReply, RestRequest } from '../../src/exchange/types.js'
import { barOf, type Bar } from './bars.js'
import { instrumentMissing, ok, parameterEmpty, parameterError } from './errors.js'
import { candleRow, numbersOf } from './format.js'
import { instrumentById, type Instrument } from './listings.js'

/** What differs between /market/candles and /market/history-candles (§5.1). */
export interface CandlesRules {
  readonly bars: ReadonlySet<string>
  /** How far back the endpoint reaches: `candles` only the latest 1,440 bars; `history-candles` years (1s: three months). */
  readonly depth: 'recent' | 'history'
}

export const DEFAULT_LIMIT = 100
export const MAX_LIMIT = 300
/** `candles` serves the latest 1,440 bars, the one in progress included (§5.1). */
export const RECENT_BARS = 1440
/** `1s` bars on history-candles: the last three months (90 days, our reading of "3 months"). */
const SECOND_BARS_MS = 90 * 86_400_000

export interface CandlesQuery {
  readonly instrument: Instrument
  readonly bar: Bar
  /** Records newer than `before` and earlier than `after` (ms, both exclusive). */
  readonly before?: number
  readonly after?: number
  readonly limit: number
}

const DIGITS = /^[0-9]{1,20}$/

/**
 * Reads the query in this order (ours; OKX's own order is not documented): instId present
 * (50014), bar (51000, empty reads as the default 1m), after, before and limit
 * (51000 unless unsigned integers; limit 0 is refused, above 300 is capped silently),
 * then the instrument (51001, HTTP 200). Parameters OKX does not read are ignored; of a
 * repeated parameter the first counts (both unverified).
 */
export function readCandlesQuery(request: RestRequest, context: ExchangeContext, rules: CandlesRules): CandlesQuery {
  const query = request.query
  const instId = query.get('instId')
  if (instId === null || instId === '') throw parameterEmpty('instId')
  const barName = query.get('bar') || '1m'
  if (!rules.bars.has(barName)) throw parameterError('bar')
  const after = timestamp(query.get('after'), 'after')
  const before = timestamp(query.get('before'), 'before')
  const limitText = query.get('limit')
  let limit = DEFAULT_LIMIT
  if (limitText !== null && limitText !== '') {
    if (!/^[0-9]+$/.test(limitText) || Number(limitText) < 1) throw parameterError('limit')
    limit = Math.min(Number(limitText), MAX_LIMIT)
  }
  const instrument = instrumentById(context, instId)
  if (!instrument) throw instrumentMissing()
  return { instrument, bar: barOf(barName), after, before, limit }
}

function timestamp(text: string | null, name: string): number | undefined {
  if (text === null || text === '') return undefined
  if (!DIGITS.test(text)) throw parameterError(name)
  return Number(text)
}

/**
 * Open times of the rows to return, or undefined for none (§5.1 "Which candles come back"):
 * - the candles opening in (before, after), never after the one in progress at now, never
 *   before the epoch, and on `candles` never older than the latest 1,440 bars;
 * - with both bounds, the `limit` oldest of that window (from `before` on): what ccxt's
 *   `since` + `until` asks for (unverified: OKX does not say which end it serves);
 * - with one bound or none, the `limit` newest ("the latest data will be returned when
 *   using before individually").
 */
export function candleWindow(bar: Bar, query: { before?: number; after?: number; limit: number }, now: number, depth: CandlesRules['depth']): { first: number; last: number } | undefined {
  const current = bar.openOf(now)
  // Nothing opens before the epoch (as on Binance; a 1,440-quarter reach would go back centuries).
  let floor = ceilOpen(bar, 0)
  if (depth === 'recent') floor = Math.max(floor, bar.shift(current, -(RECENT_BARS - 1)))
  else if (bar.name === '1s') floor = Math.max(floor, ceilOpen(bar, now - SECOND_BARS_MS))
  if (query.before !== undefined) {
    if (query.before >= current) return undefined
    floor = Math.max(floor, ceilOpen(bar, query.before + 1))
  }
  let ceiling = current
  if (query.after !== undefined) {
    if (query.after <= floor) return undefined
    if (query.after - 1 < current) ceiling = bar.openOf(query.after - 1)
  }
  if (ceiling < floor) return undefined
  if (query.before !== undefined && query.after !== undefined) return { first: floor, last: Math.min(ceiling, bar.shift(floor, query.limit - 1)) }
  return { first: Math.max(floor, bar.shift(ceiling, -(query.limit - 1))), last: ceiling }
}

/** The first open time at or after `time`. */
function ceilOpen(bar: Bar, time: number): number {
  const open = bar.openOf(time)
  return open < time ? bar.shift(open, 1) : open
}

/** The candles of a window, oldest first; the last may be in progress. */
export function windowCandles(context: ExchangeContext, query: CandlesQuery, window: { first: number; last: number }): Candle[] {
  const { bar } = query
  const listed = query.instrument.listed
  const { first, last } = window
  if (bar.uniform) return context.candles(listed, bar.engineInterval(first), first, last + 1).filter((c) => c.openTime >= first && c.openTime <= last)
  const candles: Candle[] = []
  for (let open = first; open <= last; open = bar.shift(open, 1)) candles.push(...context.candles(listed, bar.engineInterval(open), open, open + 1))
  return candles
}

/** GET /api/v5/market/candles and /history-candles: rows newest first, the first one possibly in progress (confirm "0"). */
export function candlesReply(request: RestRequest, context: ExchangeContext, rules: CandlesRules): RestReply {
  const query = readCandlesQuery(request, context, rules)
  const window = candleWindow(query.bar, query, context.now(), rules.depth)
  if (!window) return ok([])
  const numbers = numbersOf(query.instrument.listed.market)
  const rows = windowCandles(context, query, window).map((candle) => candleRow(candle, query.instrument.instType, numbers))
  return ok(rows.reverse())
}
