import type { Candle } from '../../src/engine/candle.js'
import { nextOpenTime, openTimeOf, parseInterval, type Interval, type IntervalInput } from '../../src/engine/interval.js'
import type { ExchangeContext, ListedMarket, RestReply, RestRequest } from '../../src/exchange/types.js'
import { contractNotExist, granularityInvalid, invalidParameter, ok, pairNotProvided, typeNotProvided } from './errors.js'
import { priceText, quoteText, volumeText } from './format.js'
import { FUTURES_GRANULARITIES, SPOT_TYPES } from './intervals.js'

/** §3.1: at most 1500 rows per call. */
export const SPOT_MAX_ROWS = 1500
/** §4.1: at most 500 rows per call (2025 spec; ccxt pages by 200, which fits). */
export const FUTURES_MAX_ROWS = 500

/** A time parameter: absent, empty or ≤ 0 means unset (KuCoin's default 0); anything not an integer is refused. */
function timeParam(request: RestRequest, name: string, toMs: number): number | undefined {
  const text = request.query.get(name)
  if (text === null || text === '') return undefined
  if (!/^-?\d{1,16}$/.test(text)) throw invalidParameter(name)
  const value = Number(text)
  return value <= 0 ? undefined : value * toMs
}

const firstOpenAtOrAfter = (interval: Interval, time: number) => {
  const open = openTimeOf(interval, time)
  return open === time ? open : nextOpenTime(interval, open)
}

/**
 * Candles opening in [start, end) up to now (the last may be in progress), at most `max`:
 * the newest ones when `fromEnd`, else the oldest.
 */
export function window(context: ExchangeContext, listed: ListedMarket, input: IntervalInput, start: number | undefined, end: number | undefined, max: number, fromEnd: boolean): Candle[] {
  const interval = parseInterval(input)
  const now = context.now()
  if (start !== undefined && start > now) return []
  const last = openTimeOf(interval, Math.min(end === undefined ? now : end - 1, now))
  // Nothing opens before the epoch: history starts there (a 1month page without bounds would reach 1901).
  const first = firstOpenAtOrAfter(interval, Math.max(start ?? 0, 0))
  if (first > last) return []
  let lo: number
  let hi: number
  if (fromEnd) {
    hi = last
    lo = hi
    for (let i = 1; i < max && lo > first; i++) lo = openTimeOf(interval, lo - 1)
    if (lo < first) lo = first
  } else {
    lo = first
    hi = lo
    for (let i = 1; i < max && hi < last; i++) hi = nextOpenTime(interval, hi)
    if (hi > last) hi = last
  }
  return context.candles(listed, interval, lo, hi + 1)
}

/** §3.1 GET /api/v1/market/candles: 7 strings [time s, open, close, high, low, volume, turnover], newest first. */
export function spotCandlesReply(request: RestRequest, context: ExchangeContext): RestReply {
  const listed = context.marketById(request.query.get('symbol') ?? '')
  if (!listed) throw pairNotProvided()
  const type = SPOT_TYPES.get(request.query.get('type') ?? '')
  if (type === undefined) throw typeNotProvided()
  const start = timeParam(request, 'startAt', 1000)
  const end = timeParam(request, 'endAt', 1000)
  const { market } = listed
  const rows = window(context, listed, type, start, end, SPOT_MAX_ROWS, true)
    .reverse()
    .map((c) => [
      String(c.openTime / 1000),
      priceText(market, c.open),
      priceText(market, c.close),
      priceText(market, c.high),
      priceText(market, c.low),
      volumeText(market, c.volume),
      quoteText(market, c.quoteVolume),
    ])
  return ok(rows)
}

/** One contract of a KuCoin perpetual in base units (the mock's choice: the market's lot, so volumes are whole contracts). */
export const multiplierOf = (listed: ListedMarket) => listed.market.lotSize

/** Contracts of a base volume: whole, since the multiplier is the lot. */
export const contractsOf = (listed: ListedMarket, volume: number) => Math.round(volume / listed.market.lotSize)

/** §4.1 GET /api/v1/kline/query: 6 numbers [time ms, open, high, low, close, volume in contracts], oldest first. */
export function futuresKlinesReply(request: RestRequest, context: ExchangeContext): RestReply {
  const listed = context.marketById(request.query.get('symbol') ?? '')
  if (!listed) throw contractNotExist()
  const interval = FUTURES_GRANULARITIES.get(request.query.get('granularity') ?? '')
  if (interval === undefined) throw granularityInvalid()
  const start = timeParam(request, 'from', 1)
  const end = timeParam(request, 'to', 1)
  // Older docs: only `from` → rows from it toward now; only `to` or neither → the rows closest to it.
  const fromEnd = start === undefined
  const rows = window(context, listed, interval, start, end, FUTURES_MAX_ROWS, fromEnd).map((c) => [c.openTime, c.open, c.high, c.low, c.close, contractsOf(listed, c.volume)])
  return ok(rows)
}
