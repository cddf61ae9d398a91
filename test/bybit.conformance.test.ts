/**
 * The shared conformance suite over Bybit v5 spot and linear (wire-formats §3, §4, §7):
 * only what differs between exchanges is stated here.
 *
 * Two adaptations, both on the client's side of the spec:
 * - The plugins are passed as objects (`as never`): the suite takes an ExchangeType, which
 *   `setupMockExchange` resolves through the registry, where Bybit is not named yet; it
 *   accepts a plugin object just as well.
 * - The suite expects an unaligned `start` to round inwards. Bybit serves the candle that
 *   contains `start` (ccxt's comment on ccxt#26736; a capture in mirumirumi/ro-soku#3),
 *   so this spec, like ccxt's fetchOHLCV, rounds `start` up to the interval's boundary
 *   before sending it. The plugin's own test checks that Bybit rounds it down.
 */
import { bybitPerpetual, bybitSpot } from '../handlers/bybit/index.js'
import { nextOpenTime, openTimeOf, parseInterval } from '../src/index.js'
import { describeConformance, type CanonicalPush, type CanonicalRow, type ConformanceSpec, type ErrorPredicate, type KlinesRequest } from './conformance/suite.js'

const INTERVALS = [
  { wire: '1', engine: '1m' },
  { wire: '3', engine: '3m' },
  { wire: '5', engine: '5m' },
  { wire: '15', engine: '15m' },
  { wire: '30', engine: '30m' },
  { wire: '60', engine: '1h' },
  { wire: '120', engine: '2h' },
  { wire: '240', engine: '4h' },
  { wire: '360', engine: '6h' },
  { wire: '720', engine: '12h' },
  { wire: 'D', engine: '1d' },
  { wire: 'W', engine: '1w' },
  { wire: 'M', engine: '1M' },
]

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * §3.5: business errors are HTTP 200 with the envelope and a non-zero integer retCode;
 * the IP limit is a 403 (plain text), an unknown path a 404.
 */
const native: ErrorPredicate = (status, body) => {
  if (status === 403 || status === 404) return body === undefined
  return (
    status === 200 &&
    isObject(body) &&
    Object.keys(body).join() === 'retCode,retMsg,result,retExtInfo,time' &&
    Number.isInteger(body.retCode) &&
    body.retCode !== 0 &&
    typeof body.retMsg === 'string' &&
    body.retMsg !== '' &&
    Number.isSafeInteger(body.time)
  )
}

const nativeError =
  (retMsg: string | RegExp): ErrorPredicate =>
  (status, body) =>
    native(status, body) && (body as { retCode: number }).retCode === 10001 && (typeof retMsg === 'string' ? (body as { retMsg: string }).retMsg === retMsg : retMsg.test((body as { retMsg: string }).retMsg))

/** ccxt's rounding (bybit.js fetchOHLCV): an unaligned start goes up to the next open time. */
function roundStartUp(start: number, wire: string): number {
  const engine = INTERVALS.find((i) => i.wire === wire)?.engine
  if (!engine || !Number.isSafeInteger(start) || start <= 0) return start
  const interval = parseInterval(engine)
  const open = openTimeOf(interval, start)
  return open === start ? start : nextOpenTime(interval, open)
}

function klinesUrl(category: string) {
  return (request: KlinesRequest) => {
    const query = new URLSearchParams({ category, symbol: request.symbol, interval: request.interval })
    if (request.start !== undefined) query.set('start', String(roundStartUp(request.start, request.interval)))
    if (request.end !== undefined) query.set('end', String(request.end))
    if (request.limit !== undefined) query.set('limit', String(request.limit))
    return `https://api.bybit.com/v5/market/kline?${query}`
  }
}

/** §3.2: result.list of seven strings, newest first. */
function parseRows(body: unknown): CanonicalRow[] {
  if (!isObject(body) || body.retCode !== 0 || !isObject(body.result) || !Array.isArray(body.result.list)) throw new Error(`not a kline answer: ${JSON.stringify(body).slice(0, 200)}`)
  return body.result.list.map((row: unknown) => {
    if (!Array.isArray(row) || row.length !== 7 || !row.every((field) => typeof field === 'string')) throw new Error(`not a row of 7 strings: ${JSON.stringify(row)}`)
    const [openTime, open, high, low, close, volume] = row.map(Number)
    return { openTime, open, high, low, close, volume }
  })
}

/** §3.7: {"topic":"kline.1.BTCUSDT","data":[{start,…,confirm,…}],"ts","type":"snapshot"}. */
function parsePush(frame: string): CanonicalPush | undefined {
  let value: { topic?: string; data?: Array<Record<string, unknown>>; type?: string }
  try {
    value = JSON.parse(frame)
  } catch {
    return undefined
  }
  if (typeof value?.topic !== 'string' || !value.topic.startsWith('kline.') || value.type !== 'snapshot' || !Array.isArray(value.data) || value.data.length !== 1) return undefined
  const k = value.data[0]
  return { openTime: k.start as number, close: Number(k.close), closed: k.confirm as boolean, open: Number(k.open), high: Number(k.high), low: Number(k.low), volume: Number(k.volume) }
}

function ws(url: string): ConformanceSpec['ws'] {
  const frame = (op: string, { symbol, interval, id }: { symbol: string; interval: string; id: number }) => JSON.stringify({ op, args: [`kline.${interval}.${symbol}`], req_id: String(id) })
  return {
    url,
    subscribe: (request) => frame('subscribe', request),
    unsubscribe: (request) => frame('unsubscribe', request),
    isAck: (text, id) => {
      const value = JSON.parse(text)
      return value.success === true && (value.op === 'subscribe' || value.op === 'unsubscribe') && value.req_id === String(id)
    },
    parsePush,
    // {"success":false,"ret_msg":"…","conn_id":"…","req_id":"…","op":"…"} (§3.7).
    isError: (text) => {
      try {
        const value = JSON.parse(text)
        return Object.keys(value).join() === 'success,ret_msg,conn_id,req_id,op' && value.success === false && typeof value.ret_msg === 'string' && value.ret_msg !== ''
      } catch {
        return false
      }
    },
    cadenceMs: () => 1000,
    // Unchanged candles are pushed again only once a minute (§3.7 "1-60s").
    onlyChanges: true,
  }
}

const shared = {
  market: { symbol: 'BTC/USDT', id: 'BTCUSDT', price: 50_000 },
  unknownSymbol: 'NOPEUSDT',
  intervals: INTERVALS,
  primaryInterval: '1',
  badIntervals: ['1m', '2', '10', '1h', '1d', 'd', 'w', 'm', 'H', '0', '01', '1 ', '60m', '7', 'Y', '1M', 'kline.1'],
  // §3.1: default 200, max 1000, more is capped (unverified); text that is no integer is refused.
  limit: { default: 200, max: 1000, overMax: 'cap' as const, bad: ['ten', '1.5', '1e3', '0x10', ' 5', '9'.repeat(30)] },
  errors: {
    native,
    unknownSymbol: nativeError('Not supported symbols'),
    badInterval: nativeError('Invalid period!'),
    badLimit: nativeError('params error: limit invalid'),
  },
}

describeConformance({
  ...shared,
  name: 'Bybit spot',
  type: bybitSpot as never,
  rest: { klinesUrl: klinesUrl('spot'), parse: parseRows, newestFirst: true, endInclusive: true },
  ws: ws('wss://stream.bybit.com/v5/public/spot'),
})

describeConformance({
  ...shared,
  name: 'Bybit linear perpetual',
  type: bybitPerpetual as never,
  rest: { klinesUrl: klinesUrl('linear'), parse: parseRows, newestFirst: true, endInclusive: true },
  ws: ws('wss://stream.bybit.com/v5/public/linear'),
})
