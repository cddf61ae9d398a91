import { nextOpenTime, openTimeOf, parseInterval, type Interval } from '../../src/engine/interval.js'
import type { ExchangeContext, RestReply, RestRequest } from '../../src/exchange/types.js'
import { badSymbol, invalidArgument, invalidInput, invalidNumber } from './errors.js'
import { wireBar } from './format.js'
import { engineInterval, INTERVAL_MILLIS } from './intervals.js'

/** §4.1: `n` defaults to 10 and is capped (not rejected) at 500; a `from`-only range is capped at 500 too. */
export const DEFAULT_BARS = 10
export const MAX_BARS = 500

const INTEGER = /^-?\d{1,16}$/

/** An optional integer parameter: undefined when absent, a reply when malformed. */
function integer(query: URLSearchParams, name: string): number | undefined | RestReply {
  const text = query.get(name)
  if (text === null || text === '') return undefined
  if (!INTEGER.test(text) || !Number.isSafeInteger(Number(text))) return invalidNumber(`Invalid ${name}: ${text}`)
  return Number(text)
}

const isReply = (value: unknown): value is RestReply => typeof value === 'object' && value !== null

/** Open time of the bar `count - 1` bars before the one opening at `last`. */
function back(interval: Interval, last: number, count: number): number {
  if (interval.kind === 'fixed') return last - (count - 1) * interval.ms
  let open = last
  for (let i = 1; i < count && open > 0; i++) open = openTimeOf(interval, open - 1)
  return open
}

/**
 * `GET /api/pro/v1/barhist` (§4.1, §4.2): bars whose start time lies in [from, to], `to`
 * defaulting to now; only `n` → the last n bars up to `to`; `from` and `n` → whichever
 * yields fewer; a `from`-only range wider than 500 bars keeps the newest 500 (the server
 * raises `from`); neither → the last 10. Ascending, the bar in progress last (both
 * unverified). Errors answer HTTP 200 with a non-zero code (unverified).
 */
export function barhist(request: RestRequest, context: ExchangeContext): RestReply {
  const { query } = request
  const symbol = query.get('symbol')
  const name = query.get('interval')
  if (!symbol) return invalidInput('Missing required parameter: symbol')
  if (!name) return invalidInput('Missing required parameter: interval')
  const listed = context.marketById(symbol)
  if (!listed) return badSymbol(symbol)
  const engineName = engineInterval(name)
  if (!engineName) return invalidArgument(`Invalid interval: ${name}`)
  const from = integer(query, 'from')
  const to = integer(query, 'to')
  const n = integer(query, 'n')
  for (const value of [from, to, n]) if (isReply(value)) return value
  if (typeof n === 'number' && n <= 0) return invalidArgument(`Invalid n: ${n}`)
  if ((typeof from === 'number' && from < 0) || (typeof to === 'number' && to < 0)) return invalidArgument('Invalid time range')

  const interval = parseInterval(engineName)
  const now = context.now()
  const last = openTimeOf(interval, Math.min(typeof to === 'number' ? to : now, now))
  const count = Math.min(typeof n === 'number' ? n : from === undefined ? DEFAULT_BARS : MAX_BARS, MAX_BARS)
  let start = Math.max(0, back(interval, last, count))
  if (typeof from === 'number') {
    const first = openTimeOf(interval, from) === from ? from : nextOpenTime(interval, openTimeOf(interval, from))
    start = Math.max(start, first)
  }
  const data = start > last ? [] : context.candles(listed, interval, start, last + 1).filter((candle) => candle.openTime >= start && candle.openTime <= last)
  return { status: 200, body: { code: 0, data: data.map((candle) => wireBar(candle, listed.market, symbol, name)) } }
}

/** `GET /api/pro/v1/barhist/info` (§4.3). */
export function barhistInfo(): RestReply {
  return { status: 200, body: { code: 0, data: Object.entries(INTERVAL_MILLIS).map(([name, intervalInMillis]) => ({ name, intervalInMillis })) } }
}
