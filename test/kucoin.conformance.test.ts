/**
 * The shared conformance suite over KuCoin Spot and Futures (wire-formats §3, §4, §7). Only
 * what differs is stated here, with what the suite cannot say about KuCoin worked around in
 * the spec and reported:
 *
 * - KuCoin's candle endpoints have no `limit`: they serve what lies between two time bounds,
 *   at most 1500 rows (spot) or 500 (futures). `klinesUrl` sends only what KuCoin reads
 *   (the bounds, in its units: spot seconds, futures ms; its end bound is exclusive, the
 *   suite's inclusive); `parse` applies `limit` on the client side, as ccxt's
 *   filterBySinceLimit does. So "the default" and "the max" are the page cap. There is no
 *   limit to refuse: a limit that is not a count is sent as KuCoin's start bound, which
 *   KuCoin refuses natively (400100, HTTP 400).
 * - KuCoin pushes carry no "closed" flag: a push is read as closed once its `data.time`
 *   has reached the candle's end, which is how the final state of a candle arrives here.
 * - The socket greets every connection with a `welcome` frame, unasked; `isError` lets it pass.
 * - KuCoin drops a client silent for pingInterval + pingTimeout (28 s); the suite's clients
 *   cannot ping, so the plugins run here with that idle close switched off (the stream
 *   rules' idleTimeoutMs: null). kucoin.plugin.test.ts covers the idle close.
 * - The token round-trip (POST bullet-public) is not the suite's: the URL carries a token.
 * - `1month` is a REST type only (the WS list stops at 1week): the suite holds one interval
 *   list for both, so 1month is covered in kucoin.plugin.test.ts instead.
 *
 * The suite takes an ExchangeType; the KuCoin plugins are not in the registry (not ours to
 * edit), so each plugin object is passed, cast.
 */
import { kucoinPerpetual, kucoinSpot } from '../handlers/kucoin/index.js'
import { FUTURES_STREAM } from '../handlers/kucoin/perpetual.js'
import { SPOT_STREAM } from '../handlers/kucoin/spot.js'
import { kucoinStream } from '../handlers/kucoin/stream.js'
import type { ExchangePlugin } from '../src/exchange/types.js'
import { CandleEngine, nextOpenTime, openTimeOf, parseInterval, type IntervalInput } from '../src/index.js'
import { describeConformance, type CanonicalPush, type CanonicalRow, type ConformanceSpec, type ErrorPredicate, type KlinesRequest } from './conformance/suite.js'

const SPOT_TYPES: Array<{ wire: string; engine: IntervalInput }> = [
  ['1min', '1m'],
  ['3min', '3m'],
  ['5min', '5m'],
  ['15min', '15m'],
  ['30min', '30m'],
  ['1hour', '1h'],
  ['2hour', '2h'],
  ['4hour', '4h'],
  ['6hour', '6h'],
  ['8hour', '8h'],
  ['12hour', '12h'],
  ['1day', '1d'],
  ['1week', '1w'],
].map(([wire, engine]) => ({ wire, engine }))
const GRANULARITIES: Array<{ wire: string; engine: IntervalInput }> = [
  ['1', '1m'],
  ['5', '5m'],
  ['15', '15m'],
  ['30', '30m'],
  ['60', '1h'],
  ['120', '2h'],
  ['240', '4h'],
  ['480', '8h'],
  ['720', '12h'],
  ['1440', '1d'],
  ['10080', '1w'],
].map(([wire, engine]) => ({ wire, engine }))
/** Futures WS speaks the spot type names (§4.4). */
const WS_TYPE_OF_GRANULARITY = new Map(GRANULARITIES.map(({ wire, engine }) => [wire, SPOT_TYPES.find((t) => t.engine === engine)!.wire]))
const ENGINE_OF_WS_TYPE = new Map(SPOT_TYPES.map(({ wire, engine }) => [wire, engine]))

/** The lot the suite's BTC/USDT market gets (the futures volumes are whole contracts of one lot). */
const LOT = new CandleEngine({ seed: 42, markets: [{ symbol: 'BTC/USDT', price: 50_000 }] }).market('BTC/USDT').lot
const contractsToBase = (contracts: number) => Number((contracts * LOT.units * 10 ** -LOT.decimals).toFixed(LOT.decimals))

/** §3.2: HTTP 200 or 4xx, exactly {"code":"<6 digits>","msg":…}, no data. */
const native: ErrorPredicate = (status, body) => {
  if (!(status === 200 || (status >= 400 && status < 500)) || typeof body !== 'object' || body === null) return false
  const { code, msg } = body as { code?: unknown; msg?: unknown }
  return Object.keys(body).join() === 'code,msg' && typeof code === 'string' && /^\d{6}$/.test(code) && code !== '200000' && typeof msg === 'string'
}
const nativeCode =
  (code: string, status: number, msg?: string): ErrorPredicate =>
  (s, body) =>
    native(s, body) && s === status && (body as { code: string }).code === code && (msg === undefined || (body as { msg: string }).msg === msg)

/** The last request's client-side limit, for `parse` (the suite fetches and parses one request at a time). */
let asked: KlinesRequest | undefined
const isCount = (limit: KlinesRequest['limit']) => limit === undefined || /^[0-9]+$/.test(String(limit))

function spotUrl(request: KlinesRequest): string {
  asked = request
  const query = new URLSearchParams({ symbol: request.symbol, type: request.interval })
  if (request.start !== undefined) query.set('startAt', String(Math.ceil(request.start / 1000)))
  if (request.end !== undefined) query.set('endAt', String(Math.floor(request.end / 1000) + 1))
  if (!isCount(request.limit)) query.set('startAt', String(request.limit))
  return `https://api.kucoin.com/api/v1/market/candles?${query}`
}

function futuresUrl(request: KlinesRequest): string {
  asked = request
  const query = new URLSearchParams({ symbol: request.symbol, granularity: request.interval })
  if (request.start !== undefined) query.set('from', String(request.start))
  if (request.end !== undefined) query.set('to', String(request.end + 1))
  if (!isCount(request.limit)) query.set('from', String(request.limit))
  return `https://api-futures.kucoin.com/api/v1/kline/query?${query}`
}

function envelope(body: unknown): unknown[] {
  const value = body as { code?: unknown; data?: unknown }
  if (value?.code !== '200000' || !Array.isArray(value.data) || Object.keys(value).join() !== 'code,data') throw new Error(`not a success envelope: ${JSON.stringify(body).slice(0, 200)}`)
  return value.data
}

/** What a client (ccxt) does with a page: the first `limit` rows from a start, else the last `limit`. */
function clientSide(rows: CanonicalRow[], newestFirst: boolean): CanonicalRow[] {
  const limit = asked?.limit === undefined ? undefined : Number(asked.limit)
  if (limit === undefined || !Number.isInteger(limit) || limit <= 0) return rows
  const chronological = newestFirst ? [...rows].reverse() : rows
  const kept = asked?.start === undefined ? chronological.slice(-limit) : chronological.slice(0, limit)
  return newestFirst ? kept.reverse() : kept
}

/** §3.1: 7 strings [time s, open, close, high, low, volume, turnover], newest first. */
function parseSpot(body: unknown): CanonicalRow[] {
  const rows = envelope(body).map((row) => {
    if (!Array.isArray(row) || row.length !== 7 || !row.every((x) => typeof x === 'string')) throw new Error(`not a row of 7 strings: ${JSON.stringify(row)}`)
    if (!/^\d{1,10}$/.test(row[0])) throw new Error(`time is not in seconds: ${row[0]}`)
    return { openTime: Number(row[0]) * 1000, open: Number(row[1]), close: Number(row[2]), high: Number(row[3]), low: Number(row[4]), volume: Number(row[5]) }
  })
  return clientSide(rows, true)
}

/** §4.1: 6 numbers [time ms, open, high, low, close, contracts], oldest first. */
function parseFutures(body: unknown): CanonicalRow[] {
  const rows = envelope(body).map((row) => {
    if (!Array.isArray(row) || row.length !== 6 || !row.every((x) => typeof x === 'number')) throw new Error(`not a row of 6 numbers: ${JSON.stringify(row)}`)
    if (!Number.isInteger(row[5])) throw new Error(`contracts are not whole: ${JSON.stringify(row)}`)
    return { openTime: row[0], open: row[1], high: row[2], low: row[3], close: row[4], volume: contractsToBase(row[5]) }
  })
  return clientSide(rows, false)
}

const json = (frame: string): Record<string, any> | undefined => {
  try {
    const value = JSON.parse(frame)
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined
  } catch {
    return undefined
  }
}

/** §3.5/§4.4: a candle push; closed once `data.time` (spot ns, futures ms) has reached the candle's end. */
function parsePush(prefix: string, subject: string, futures: boolean) {
  return (frame: string): CanonicalPush | undefined => {
    const value = json(frame)
    if (value?.type !== 'message' || value.subject !== subject || typeof value.topic !== 'string' || !value.topic.startsWith(prefix)) return undefined
    const candles = value.data?.candles
    if (!Array.isArray(candles) || candles.length !== 7 || !candles.every((x: unknown) => typeof x === 'string')) throw new Error(`not 7 strings: ${frame}`)
    const rawTime = /"time":(\d+)\}\}$/.exec(frame)?.[1]
    if (!rawTime || rawTime.length !== (futures ? 13 : 19)) throw new Error(`data.time is not in ${futures ? 'ms' : 'ns'}: ${frame}`)
    const time = Number(futures ? rawTime : rawTime.slice(0, -6))
    const interval = parseInterval(ENGINE_OF_WS_TYPE.get(value.topic.slice(value.topic.lastIndexOf('_') + 1))!)
    const openTime = Number(candles[0]) * 1000
    return {
      openTime,
      open: Number(candles[1]),
      close: Number(candles[2]),
      high: Number(candles[3]),
      low: Number(candles[4]),
      volume: futures ? contractsToBase(Number(candles[6])) : Number(candles[5]),
      closed: time >= nextOpenTime(interval, openTimeOf(interval, openTime)),
    }
  }
}

function ws(url: string, prefix: string, subject: string, futures: boolean): ConformanceSpec['ws'] {
  const topic = (request: { symbol: string; interval: string }) => `${prefix}${request.symbol}_${futures ? WS_TYPE_OF_GRANULARITY.get(request.interval) : request.interval}`
  const request = (type: string) => (r: { symbol: string; interval: string; id: number }) => JSON.stringify({ id: String(r.id), type, topic: topic(r), response: true })
  return {
    url,
    subscribe: request('subscribe'),
    unsubscribe: request('unsubscribe'),
    isAck: (frame, id) => {
      const value = json(frame)
      return value?.type === 'ack' && value.id === String(id) && Object.keys(value).join() === 'id,type'
    },
    parsePush: parsePush(prefix, subject, futures),
    // {"id","type":"error","code":<number>,"data":"…"}; the welcome banner is no answer (see above).
    isError: (frame) => {
      const value = json(frame)
      if (value?.type === 'welcome') return true
      return value?.type === 'error' && typeof value.code === 'number' && typeof value.data === 'string' && typeof value.id === 'string'
    },
    cadenceMs: () => 1000,
    onlyChanges: !futures,
  }
}

const spotPlugin: ExchangePlugin = { ...kucoinSpot, ws: kucoinStream({ ...SPOT_STREAM, idleTimeoutMs: null }) }
const futuresPlugin: ExchangePlugin = { ...kucoinPerpetual, ws: kucoinStream({ ...FUTURES_STREAM, idleTimeoutMs: null }) }

describeConformance({
  name: 'KuCoin Spot (/api/v1/market/candles)',
  type: spotPlugin as never,
  market: { symbol: 'BTC/USDT', id: 'BTC-USDT', price: 50_000 },
  unknownSymbol: 'NOPE-USDT',
  rest: { klinesUrl: spotUrl, parse: parseSpot, newestFirst: true, endInclusive: true },
  intervals: SPOT_TYPES,
  primaryInterval: '1min',
  badIntervals: ['1m', '1h', '1d', '60', '1MIN', '1Min', '2min', '1minute', '1hours', '1 min', '2day', '1year', '1min ', 'candles'],
  limit: { default: 1500, max: 1500, overMax: 'cap', bad: ['ten', '1.5', '1e3', ' 5', '+-1', '1,5'] },
  errors: {
    native,
    unknownSymbol: nativeCode('400100', 200, 'This pair is not provided at present'),
    badInterval: nativeCode('400100', 200, 'This type of Candlestick is currently not provided.'),
    badLimit: nativeCode('400100', 400, 'Parameter [startAt] is invalid.'),
  },
  ws: ws('wss://ws-api-spot.kucoin.com/?token=conformance&connectId=conformance', '/market/candles:', 'trade.candles.update', false),
})

describeConformance({
  name: 'KuCoin Futures (/api/v1/kline/query)',
  type: futuresPlugin as never,
  market: { symbol: 'BTC/USDT', id: 'XBTUSDTM', price: 50_000 },
  unknownSymbol: 'NOPEUSDTM',
  rest: { klinesUrl: futuresUrl, parse: parseFutures, newestFirst: false, endInclusive: true },
  intervals: GRANULARITIES,
  primaryInterval: '1',
  badIntervals: ['0', '2', '3', '6', '360', '1m', '1min', '60.0', '-1', ' 1', 'abc', '43200', '1e1'],
  limit: { default: 500, max: 500, overMax: 'cap', bad: ['ten', '1.5', '1e3', ' 5', '+-1', '1,5'] },
  errors: {
    native,
    unknownSymbol: nativeCode('100003', 200, 'Contract parameter invalid'),
    badInterval: nativeCode('400100', 400, 'Parameter [granularity] is invalid.'),
    badLimit: nativeCode('400100', 400, 'Parameter [from] is invalid.'),
  },
  ws: ws('wss://ws-api-futures.kucoin.com/?token=conformance&connectId=conformance', '/contractMarket/limitCandle:', 'candle.stick', true),
})
