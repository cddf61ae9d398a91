import type { Candle } from '../../src/engine/candle.js'
import type { Market } from '../../src/engine/market.js'
import type { ExchangeContext, ListedMarket, RestReply, RestRequest } from '../../src/exchange/types.js'
import { invalidArgument, invalidGranularity, tooManyCandles, unknownProduct } from './errors.js'
import { seconds, trimmed } from './format.js'
import { granularityOf, type Granularity } from './granularity.js'
import { Query } from './params.js'

/** §1.2: at most 350 buckets between start and end; also the default and the maximum of `limit`. */
export const MAX_CANDLES = 350

const INT64_MAX = 2n ** 63n - 1n

export interface CandlesQuery {
  readonly listed: ListedMarket
  readonly granularity: Granularity
  /** The window, UNIX seconds, both ends inclusive. */
  readonly start: number
  readonly end: number
  readonly limit: number
}

/**
 * Reads GET …/products/{product_id}/candles (§1.2). Order of checks (ours): `limit`
 * must parse (grpc-gateway), then granularity, then start/end, then the 350 rule, then
 * the product. Choices where Coinbase is unverified, all listed in §9:
 * - start and end are optional in practice (a real capture asked `granularity=ONE_MINUTE&limit=20`
 *   without them): a missing end is now, a missing start is `limit` buckets before end;
 * - the 350 rule counts (end − start) / granularity, rounded up: 350 passes, 351 is refused;
 * - `limit` (default and max 350; 0 means unset, as in proto3) keeps the newest buckets;
 *   above 350 or negative it is refused;
 * - start > end, or a time that is not a non-negative integer of seconds, is INVALID_ARGUMENT.
 */
export function readCandlesQuery(productId: string, request: RestRequest, context: ExchangeContext): CandlesQuery {
  const query = new Query(request.query)
  const limitSent = query.int32('limit')
  const granularity = granularityOf(query.string('granularity'))
  const startText = query.string('start')
  const endText = query.string('end')
  if (!granularity) throw invalidGranularity()
  if (limitSent !== undefined && (limitSent < 0 || limitSent > MAX_CANDLES)) {
    throw invalidArgument(`limit argument is invalid - limit should be between 1 and ${MAX_CANDLES}`)
  }
  const limit = limitSent ?? MAX_CANDLES
  const step = granularity.ms / 1000
  const end = endText === undefined ? Math.floor(context.now() / 1000) : unixSeconds(endText)
  const start = startText === undefined ? end - limit * step : unixSeconds(startText)
  if (start > end) throw invalidArgument('start and end argument is invalid - start should be before end')
  if (Math.ceil((end - start) / step) > MAX_CANDLES) throw tooManyCandles()
  const listed = context.marketById(productId)
  if (!listed) throw unknownProduct(productId)
  return { listed, granularity, start, end, limit }
}

/** A UNIX time in seconds as Go's strconv.ParseInt reads it (int64), and not before 1970. */
function unixSeconds(text: string): number {
  if (!/^[+-]?\d{1,19}$/.test(text) || BigInt(text) > INT64_MAX || BigInt(text) < 0n) {
    throw invalidArgument('start and end argument is invalid - start and end should be UNIX timestamps in seconds')
  }
  return Number(text)
}

/**
 * The buckets of the window, newest first (§1.3): open time within [start, end], never
 * after now; the newest `limit` are kept. Buckets without a trade are left out, as
 * Coinbase publishes nothing for intervals without ticks (§0.3: a halt shows as missing
 * rows), except the bucket in progress during its first second: the engine counts trades
 * by the second, so a bucket that has just opened has none yet (on a liquid market
 * Coinbase has its first trade within the second).
 */
export function selectCandles(context: ExchangeContext, query: CandlesQuery): Candle[] {
  const { ms } = query.granularity
  const now = context.now()
  const first = Math.ceil((query.start * 1000) / ms) * ms
  const last = Math.floor(Math.min(query.end * 1000, now) / ms) * ms
  if (first > last) return []
  return context
    .candles(query.listed, query.granularity.engine, first, last + 1)
    .filter((candle) => candle.openTime >= first && (candle.trades > 0 || (!candle.closed && now - candle.openTime < 1000)))
    .reverse()
    .slice(0, query.limit)
}

export interface CandleRow {
  start: string
  low: string
  high: string
  open: string
  close: string
  volume: string
}

/** One REST row, keys in Coinbase's order, every value a string (§1.3). */
export function candleRow(candle: Candle, market: Market): CandleRow {
  const price = (value: number) => trimmed(value, market.tick.decimals)
  return {
    start: seconds(candle.openTime),
    low: price(candle.low),
    high: price(candle.high),
    open: price(candle.open),
    close: price(candle.close),
    volume: trimmed(candle.volume, market.lot.decimals),
  }
}

export function candlesReply(productId: string, request: RestRequest, context: ExchangeContext): RestReply {
  const query = readCandlesQuery(productId, request, context)
  const market = query.listed.market
  return { status: 200, body: { candles: selectCandles(context, query).map((candle) => candleRow(candle, market)) } }
}
