import type { Candle } from '../../src/engine/candle.js'
import type { ExchangeContext, ListedMarket, RestReply, RestRequest } from '../../src/exchange/types.js'
import { answer, contractMissing, paramError } from './errors.js'
import { contracts, number } from './format.js'
import { CONTRACT_INTERVALS } from './intervals.js'
import { selectCandles } from './select.js'

export const CONTRACT_MAX_POINTS = 2000
const PREFIX = '/api/v1/contract/kline/'

/** Whether a pathname is the contract kline route (symbol as the last path segment, §2.1). */
export const isContractKline = (pathname: string) => pathname.startsWith(PREFIX) && /^[^/]+$/.test(pathname.slice(PREFIX.length))

/** The listed perpetual for a path symbol; MEXC accepts lowercase (§2.3). */
export function contractByPath(context: ExchangeContext, pathname: string): ListedMarket | undefined {
  let id: string
  try {
    id = decodeURIComponent(pathname.slice(PREFIX.length)).toUpperCase()
  } catch {
    return undefined
  }
  // Every market the core lists for a perpetual plugin is a contract (spot markets included).
  return context.marketById(id)
}

/**
 * `GET /api/v1/contract/kline/{symbol}` (§2.1, §2.2): times in seconds, both bounds
 * inclusive, at most 2000 points; only `end` → the 2000 closest to it; neither → the latest.
 */
export function contractKlinesReply(request: RestRequest, context: ExchangeContext): RestReply {
  return answer(() => {
    const listed = contractByPath(context, request.url.pathname)
    if (!listed) throw contractMissing()
    const name = request.query.get('interval') || 'Min1'
    const interval = CONTRACT_INTERVALS.get(name)
    if (interval === undefined) throw paramError()
    const start = seconds(request.query.get('start'))
    const end = seconds(request.query.get('end'))
    const candles = selectCandles(context, listed, interval, { start, end: end === undefined ? undefined : end + 1, limit: CONTRACT_MAX_POINTS })
    return { status: 200, body: { success: true, code: 0, data: columns(listed, candles) } }
  })
}

/** The columnar body (§2.2): numbers, time in seconds, vol in contracts, `real*` equal to the traded OHLC. */
export function columns(listed: ListedMarket, candles: Candle[]) {
  const { market } = listed
  const p = (v: number) => number(v, market.tick.decimals)
  return {
    time: candles.map((c) => c.openTime / 1000),
    open: candles.map((c) => p(c.open)),
    close: candles.map((c) => p(c.close)),
    high: candles.map((c) => p(c.high)),
    low: candles.map((c) => p(c.low)),
    vol: candles.map((c) => contracts(market, c.volume)),
    amount: candles.map((c) => number(c.quoteVolume, market.quoteDecimals)),
    realOpen: candles.map((c) => p(c.open)),
    realClose: candles.map((c) => p(c.close)),
    realHigh: candles.map((c) => p(c.high)),
    realLow: candles.map((c) => p(c.low)),
  }
}

/** An optional time in seconds (ms inside); a non-number is "Param error!" (unverified code for kline). */
function seconds(value: string | null): number | undefined {
  if (value === null || value === '') return undefined
  if (!/^\d{1,13}$/.test(value)) throw paramError()
  return Number(value) * 1000
}
