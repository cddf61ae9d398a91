/**
 * The shared conformance suite over Hyperliquid perpetuals and spot (wire-formats §3). Only
 * what differs is stated here:
 *
 * - Every query is `POST https://api.hyperliquid.xyz/info` with a JSON body
 *   (`{"type":"candleSnapshot","req":{coin,interval,startTime,endTime}}`, both bounds
 *   inclusive, a mid-candle bound keeping its candle), so the spec gives `klinesRequest`.
 * - Errors are text bodies (422 "Failed to deserialize…", 400, 405 on GET); an unknown
 *   coin answers 200 `null` (§3.5, unverified for candleSnapshot).
 * - There is no `limit`: a snapshot is every candle in the window among the most recent
 *   5000. `startTime` is required, so a request without a start asks from 0 (the last
 *   5000); the suite applies start, end and a count limit on the client side
 *   (`limit.clientSide`), so "the default" and "the max" are 5000. A limit that is not a
 *   count is sent as Hyperliquid's only paging parameter, `startTime`, which it refuses.
 */
import { ExchangeType } from '../src/index.js'
import { describeConformance, type CanonicalPush, type CanonicalRow, type ConformanceSpec, type ErrorPredicate, type KlinesRequest, type PushMeta } from './conformance/suite.js'

const INTERVALS = ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '8h', '12h', '1d', '3d', '1w', '1M']
const DESERIALIZE = 'Failed to deserialize the JSON body into the target type'

/** §3.5: a text (non-JSON) 4xx body, or the 200 `null` of an unknown coin. */
const native: ErrorPredicate = (status, body, text) => (status === 200 && body === null && text === 'null') || (status >= 400 && status < 500 && body === undefined)
const unprocessable: ErrorPredicate = (status, body, text) => status === 422 && body === undefined && text === DESERIALIZE
const unknownCoin: ErrorPredicate = (status, body, text) => status === 200 && body === null && text === 'null'

function klinesRequest(request: KlinesRequest) {
  const limit = request.limit
  const badLimit = limit !== undefined && !/^[0-9]+$/.test(String(limit))
  const req: Record<string, unknown> = {
    coin: request.symbol,
    interval: request.interval,
    // Not a count: sent where Hyperliquid pages, as the text it is.
    startTime: badLimit ? String(limit) : (request.start ?? 0),
  }
  if (request.end !== undefined) req.endTime = request.end
  return {
    url: 'https://api.hyperliquid.xyz/info',
    init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'candleSnapshot', req }) },
  }
}

/** §3.2: [{t, T, s, i, o, c, h, l, v, n}], prices and volume as decimal strings. */
function parse(body: unknown): CanonicalRow[] {
  if (!Array.isArray(body)) throw new Error(`not an array of candles: ${JSON.stringify(body).slice(0, 200)}`)
  return body.map((row: Record<string, unknown>) => {
    if (Object.keys(row).join() !== 't,T,s,i,o,c,h,l,v,n') throw new Error(`not a candle: ${JSON.stringify(row)}`)
    for (const key of ['o', 'c', 'h', 'l', 'v']) if (typeof row[key] !== 'string') throw new Error(`${key} is not a string: ${JSON.stringify(row)}`)
    return { openTime: row.t as number, open: Number(row.o), high: Number(row.h), low: Number(row.l), close: Number(row.c), volume: Number(row.v) }
  })
}

function json(frame: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(frame)
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined
  } catch {
    return undefined
  }
}

/**
 * §3.7: {"channel":"candle","data":{t,T,…}}. The wire does not mark a closed candle: the
 * update sent after the candle's last ms (`T`), at its boundary, is the closing one.
 */
function parsePush(frame: string, { sentAt }: PushMeta): CanonicalPush | undefined {
  const value = json(frame)
  if (value?.channel !== 'candle') return undefined
  const k = value.data as Record<string, unknown>
  return {
    openTime: k.t as number,
    close: Number(k.c),
    closed: sentAt > (k.T as number),
    open: Number(k.o),
    high: Number(k.h),
    low: Number(k.l),
    volume: Number(k.v),
  }
}

const subscription = (symbol: string, interval: string) => ({ type: 'candle', coin: symbol, interval })

const ws: ConformanceSpec['ws'] = {
  url: 'wss://api.hyperliquid.xyz/ws',
  subscribe: ({ symbol, interval }) => JSON.stringify({ method: 'subscribe', subscription: subscription(symbol, interval) }),
  unsubscribe: ({ symbol, interval }) => JSON.stringify({ method: 'unsubscribe', subscription: subscription(symbol, interval) }),
  // {"channel":"subscriptionResponse","data":{method, subscription}}: no ids on the wire.
  isAck: (frame) => json(frame)?.channel === 'subscriptionResponse',
  parsePush,
  // {"channel":"error","data":"Error parsing JSON into valid websocket request: …"}.
  isError: (frame) => {
    const value = json(frame)
    return value?.channel === 'error' && typeof value.data === 'string'
  },
  cadenceMs: () => 1_000,
  onlyChanges: false,
}

export function shared(name: string, type: ExchangeType, market: { symbol: string; id: string; price: number }, unknownSymbol: string): ConformanceSpec {
  return {
    name,
    type,
    market,
    unknownSymbol,
    rest: { klinesRequest, parse, newestFirst: false, endInclusive: true, textErrors: true },
    intervals: INTERVALS.map((wire) => ({ wire, engine: wire })),
    primaryInterval: '1m',
    badIntervals: ['1s', '1H', '1min', '60', '2m', '10m', '6h', '1y', '1D', '0m', '1m ', 'Min1'],
    limit: { default: 5000, max: 5000, overMax: 'cap', bad: ['ten', '1.5', '-1', '1e3', ' 5'], clientSide: true },
    errors: { native, unknownSymbol: unknownCoin, badInterval: unprocessable, badLimit: unprocessable },
    ws,
  }
}

describeConformance(shared('Hyperliquid Perpetual', ExchangeType.HYPERLIQUID_PERPETUAL, { symbol: 'BTC/USDC', id: 'BTC', price: 50_000 }, 'NOPE'))
describeConformance(shared('Hyperliquid Spot', ExchangeType.HYPERLIQUID_SPOT, { symbol: 'PURR/USDC', id: 'PURR/USDC', price: 0.2 }, '@999'))
