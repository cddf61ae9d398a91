import type { Candle } from '../../src/engine/candle.js'
import { nextOpenTime, parseInterval } from '../../src/engine/interval.js'
import type { ExchangeContext, RestReply, RestRequest } from '../../src/exchange/types.js'
import { answer, badCombination, invalidInterval, invalidSymbol } from './errors.js'
import { price, quantity, quote } from './format.js'
import { SPOT_REST_INTERVALS } from './intervals.js'
import { selectCandles } from './select.js'

/** Spot limits (§1.1): default 500, max 1000; above 1000 is capped (our choice: the docs say max, not reject). */
export const SPOT_DEFAULT_LIMIT = 500
export const SPOT_MAX_LIMIT = 1000

/** `GET /api/v3/klines` (§1.1–1.3): ascending 8-column rows, endTime exclusive, the candle in progress last. */
export function spotKlinesReply(request: RestRequest, context: ExchangeContext): RestReply {
  return answer(() => {
    const listed = context.marketById(request.query.get('symbol') ?? '')
    if (!listed || listed.market.kind !== 'spot') throw invalidSymbol()
    const interval = SPOT_REST_INTERVALS.get(request.query.get('interval') ?? '')
    if (interval === undefined) throw invalidInterval()
    const limit = integer(request.query.get('limit'))
    const start = integer(request.query.get('startTime'))
    const end = integer(request.query.get('endTime'))
    if (limit !== undefined && limit < 1) throw badCombination()
    const candles = selectCandles(context, listed, interval, { start, end, limit: Math.min(limit ?? SPOT_DEFAULT_LIMIT, SPOT_MAX_LIMIT) })
    const span = parseInterval(interval)
    return { status: 200, body: candles.map((c) => spotRow(listed.market, c, nextOpenTime(span, c.openTime))) }
  })
}

/** [openTime, o, h, l, c, volume, closeTime = next open (not −1 ms), quoteVolume] (§1.2). */
export function spotRow(market: ExchangeContext['markets'][number]['market'], c: Candle, closeTime: number) {
  return [c.openTime, price(market, c.open), price(market, c.high), price(market, c.low), price(market, c.close), quantity(market, c.volume), closeTime, quote(market, c.quoteVolume)]
}

/** An optional integer parameter; anything else is the v3 "invalid combination" error (the exact code is unverified). */
function integer(value: string | null): number | undefined {
  if (value === null || value === '') return undefined
  if (!/^-?\d{1,16}$/.test(value)) throw badCombination()
  return Number(value)
}
