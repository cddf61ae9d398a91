/**
 * The shared conformance suite over MEXC Spot v3 and MEXC USDT-M perpetuals (wire-formats
 * §1, §2). Only what differs is stated here:
 *
 * - Spot REST names intervals `1m … 60m, 4h, 1d, 1W, 1M`, its stream `Min1 … Month1`; the
 *   spec maps one to the other. Spot kline pushes are protobuf BINARY frames
 *   (`PushDataV3ApiWrapper` with `PublicSpotKlineV3Api` at field 308); the plugin has only
 *   an encoder (handlers/mexc/protobuf.ts), so the few fields needed are decoded here
 *   (`binaryFrames`). A push has no closed flag: it is the closing one when it was sent
 *   (`sendTime`) at or after `windowEnd`.
 * - Futures klines have no `limit` (start/end in seconds, both inclusive; at most 2000
 *   points, the latest without bounds): the suite applies start, end and a count limit on
 *   the client side (`limit.clientSide`), so "the default" and "the max" are 2000. A limit
 *   that is not a count is sent as MEXC's only paging parameter, `start`, which it refuses
 *   ("Param error!"). Futures volume is in contracts (one lot each, format.ts): the spec
 *   turns it back into base units. Pushes have no closed flag: a push is the closing one
 *   when sent (`ts`) at or after the candle's end.
 * - Neither stream answers a frame it cannot read (§1.7, §2.7), so `isError` only names
 *   each one's error shape.
 */
import { CandleEngine } from '../src/engine/engine.js'
import { ExchangeType, nextOpenTime, parseInterval, type IntervalInput } from '../src/index.js'
import { describeConformance, type CanonicalPush, type CanonicalRow, type ErrorPredicate, type KlinesRequest, type PushMeta } from './conformance/suite.js'

const MARKET = { symbol: 'BTC/USDT', price: 50_000 }
/** The market as the mock builds it (same config): its lot is one futures contract. */
const LOT = new CandleEngine({ seed: 42, markets: [MARKET] }).market(MARKET.symbol)

const json = (text: string): Record<string, unknown> | undefined => {
  try {
    const value = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined
  } catch {
    return undefined
  }
}

// ---------------------------------------------------------------- spot

/** Spot REST interval → its stream name and engine interval (§1.3). */
const SPOT: ReadonlyArray<{ wire: string; ws: string; engine: IntervalInput }> = [
  { wire: '1m', ws: 'Min1', engine: '1m' },
  { wire: '5m', ws: 'Min5', engine: '5m' },
  { wire: '15m', ws: 'Min15', engine: '15m' },
  { wire: '30m', ws: 'Min30', engine: '30m' },
  { wire: '60m', ws: 'Min60', engine: '1h' },
  { wire: '4h', ws: 'Hour4', engine: '4h' },
  { wire: '1d', ws: 'Day1', engine: '1d' },
  { wire: '1W', ws: 'Week1', engine: '1w' },
  { wire: '1M', ws: 'Month1', engine: '1M' },
]
const spotWs = (wire: string) => SPOT.find((i) => i.wire === wire)?.ws ?? wire

/** §1.5: 4xx with exactly {msg, code, _extend: null}. */
const spotNative: ErrorPredicate = (status, body) =>
  status >= 400 &&
  status < 500 &&
  typeof body === 'object' &&
  body !== null &&
  Object.keys(body).join() === 'msg,code,_extend' &&
  (body as { _extend: unknown })._extend === null &&
  Number.isInteger((body as { code: unknown }).code) &&
  typeof (body as { msg: unknown }).msg === 'string'
const spotError =
  (code: number, msg?: string): ErrorPredicate =>
  (status, body) =>
    spotNative(status, body) && status === 400 && (body as { code: number }).code === code && (msg === undefined || (body as { msg: string }).msg === msg)

function spotKlinesUrl(request: KlinesRequest): string {
  const query = new URLSearchParams({ symbol: request.symbol, interval: request.interval })
  if (request.start !== undefined) query.set('startTime', String(request.start))
  if (request.end !== undefined) query.set('endTime', String(request.end))
  if (request.limit !== undefined) query.set('limit', String(request.limit))
  return `https://api.mexc.com/api/v3/klines?${query}`
}

/** §1.2: [openTime, "o", "h", "l", "c", "volume", closeTime, "quoteVolume"]. */
function spotParse(body: unknown): CanonicalRow[] {
  if (!Array.isArray(body)) throw new Error(`not an array of rows: ${JSON.stringify(body).slice(0, 200)}`)
  return body.map((row: unknown[]) => {
    if (!Array.isArray(row) || row.length !== 8) throw new Error(`not an 8-field row: ${JSON.stringify(row)}`)
    const [openTime, open, high, low, close, volume] = row
    if (typeof openTime !== 'number') throw new Error(`open time is not a number: ${JSON.stringify(row)}`)
    for (const text of [open, high, low, close, volume]) if (typeof text !== 'string') throw new Error(`a price is not a string: ${JSON.stringify(row)}`)
    return { openTime, open: Number(open), high: Number(high), low: Number(low), close: Number(close), volume: Number(volume) }
  })
}

/** A proto3 message's fields: varints (wire type 0) and length-delimited bytes (wire type 2), which is all MEXC's kline push uses. */
function fields(bytes: Uint8Array): Map<number, number | Uint8Array> | undefined {
  const out = new Map<number, number | Uint8Array>()
  let at = 0
  const varint = () => {
    let value = 0
    let scale = 1
    for (;;) {
      if (at >= bytes.length) throw new Error('truncated varint')
      const byte = bytes[at++]
      value += (byte & 0x7f) * scale
      scale *= 128
      if (byte < 0x80) return value
    }
  }
  try {
    while (at < bytes.length) {
      const tag = varint()
      if (tag % 8 === 0) out.set(Math.floor(tag / 8), varint())
      else if (tag % 8 === 2) {
        const length = varint()
        if (at + length > bytes.length) return undefined
        out.set(Math.floor(tag / 8), bytes.slice(at, at + length))
        at += length
      } else return undefined
    }
  } catch {
    return undefined
  }
  return out
}
const text = (value: unknown) => (value instanceof Uint8Array ? new TextDecoder().decode(value) : '')
const int = (value: unknown) => (typeof value === 'number' ? value : 0)

/** §1.7: wrapper {1 channel, 3 symbol, 4 symbolId, 5 createTime, 6 sendTime, 308 kline{1 interval, 2 windowStart s, 3 o, 4 c, 5 h, 6 l, 7 volume, 8 amount, 9 windowEnd s}}. */
function spotParsePush(frame: string | Uint8Array): CanonicalPush | undefined {
  if (typeof frame === 'string') return undefined
  const wrapper = fields(frame)
  const body = wrapper?.get(308)
  if (!wrapper || !(body instanceof Uint8Array) || !text(wrapper.get(1)).startsWith('spot@public.kline.v3.api.pb@')) return undefined
  const k = fields(body)
  if (!k) return undefined
  return {
    openTime: int(k.get(2)) * 1000,
    close: Number(text(k.get(4))),
    closed: int(wrapper.get(6)) >= int(k.get(9)) * 1000,
    open: Number(text(k.get(3))),
    high: Number(text(k.get(5))),
    low: Number(text(k.get(6))),
    volume: Number(text(k.get(7))),
  }
}

const spotChannel = (symbol: string, interval: string) => `spot@public.kline.v3.api.pb@${symbol}@${spotWs(interval)}`

describeConformance({
  name: 'MEXC Spot',
  type: ExchangeType.MEXC_SPOT,
  market: { ...MARKET, id: 'BTCUSDT' },
  unknownSymbol: 'NOPEUSDT',
  rest: { klinesUrl: spotKlinesUrl, parse: spotParse, newestFirst: false, endInclusive: false },
  intervals: SPOT.map(({ wire, engine }) => ({ wire, engine })),
  primaryInterval: '1m',
  badIntervals: ['1h', '1w', 'Min1', '3m', '2h', '8h', '1s', '1H', '60', '1D', '0m', '1m '],
  limit: { default: 500, max: 1000, overMax: 'cap', bad: [0, -1, '1.5', 'ten', '1e3'] },
  errors: {
    native: spotNative,
    unknownSymbol: spotError(-1121, 'Invalid symbol.'),
    badInterval: spotError(-1121, 'Invalid interval.'),
    badLimit: spotError(-1128),
  },
  ws: {
    url: 'wss://wbs-api.mexc.com/ws',
    binaryFrames: true,
    subscribe: ({ symbol, interval, id }) => JSON.stringify({ method: 'SUBSCRIPTION', params: [spotChannel(symbol, interval)], id }),
    unsubscribe: ({ symbol, interval, id }) => JSON.stringify({ method: 'UNSUBSCRIPTION', params: [spotChannel(symbol, interval)], id }),
    // {"id","code":0,"msg":"<channels>"}; a refusal is code 0 too, told by its msg (§1.7).
    isAck: (frame, id) => {
      const value = json(frame)
      return value?.id === id && value.code === 0 && typeof value.msg === 'string' && value.msg.startsWith('spot@')
    },
    parsePush: spotParsePush,
    // Unreadable frames get no answer; a refusal is {"id","code":0,"msg":"Not Subscribed successfully! …"}.
    isError: (frame) => {
      const value = json(frame)
      return value?.code === 0 && typeof value.msg === 'string' && value.msg.startsWith('Not Subscribed successfully!')
    },
    cadenceMs: () => 1_000,
    onlyChanges: false,
    // §1.7: no client frame for 60 s closes the connection; clients PING.
    keepAlive: { frame: JSON.stringify({ method: 'PING' }), everyMs: 30_000 },
    // §1.7: a connection without a subscription is closed (the mock checks 30 s after connecting).
    unsubscribedClose: 'No valid subscription',
  },
})

// ---------------------------------------------------------------- perpetual

const CONTRACT: ReadonlyArray<{ wire: string; engine: IntervalInput }> = [
  { wire: 'Min1', engine: '1m' },
  { wire: 'Min5', engine: '5m' },
  { wire: 'Min15', engine: '15m' },
  { wire: 'Min30', engine: '30m' },
  { wire: 'Min60', engine: '1h' },
  { wire: 'Hour4', engine: '4h' },
  { wire: 'Hour8', engine: '8h' },
  { wire: 'Day1', engine: '1d' },
  { wire: 'Week1', engine: '1w' },
  { wire: 'Month1', engine: '1M' },
]

/** Contracts → base units (one contract is one lot), exact at the lot's decimals. */
const base = (contracts: number) => Number((contracts * LOT.lotSize).toFixed(LOT.lot.decimals))

/** §2.5: HTTP 200 and exactly {success: false, code, message}; an unknown path is MEXC's bare 404. */
const contractNative: ErrorPredicate = (status, body, raw) =>
  (status === 404 && raw === '') ||
  (status === 200 &&
    typeof body === 'object' &&
    body !== null &&
    Object.keys(body).join() === 'success,code,message' &&
    (body as { success: unknown }).success === false &&
    Number.isInteger((body as { code: unknown }).code) &&
    typeof (body as { message: unknown }).message === 'string')
const contractError =
  (code: number, message: string): ErrorPredicate =>
  (status, body, raw) =>
    contractNative(status, body, raw) && status === 200 && (body as { code: number }).code === code && (body as { message: string }).message === message

function contractKlinesUrl(request: KlinesRequest): string {
  const query = new URLSearchParams({ interval: request.interval })
  if (request.start !== undefined) query.set('start', String(Math.floor(request.start / 1000)))
  if (request.end !== undefined) query.set('end', String(Math.floor(request.end / 1000)))
  // Not a count: sent where MEXC pages, as the text it is.
  if (request.limit !== undefined && !/^[0-9]+$/.test(String(request.limit))) query.set('start', String(request.limit))
  return `https://contract.mexc.com/api/v1/contract/kline/${encodeURIComponent(request.symbol)}?${query}`
}

/** §2.2: {success: true, code: 0, data: {time[] (s), open[], close[], high[], low[], vol[] (contracts), amount[], real*[]}}. */
function contractParse(body: unknown): CanonicalRow[] {
  const { success, code, data } = (body ?? {}) as { success?: unknown; code?: unknown; data?: Record<string, unknown[]> }
  if (success !== true || code !== 0 || typeof data !== 'object' || data === null) throw new Error(`not a kline answer: ${JSON.stringify(body).slice(0, 200)}`)
  const keys = ['time', 'open', 'close', 'high', 'low', 'vol', 'amount', 'realOpen', 'realClose', 'realHigh', 'realLow']
  if (Object.keys(data).join() !== keys.join()) throw new Error(`not the kline columns: ${Object.keys(data)}`)
  for (const key of keys) if (!Array.isArray(data[key]) || data[key].length !== data.time.length || data[key].some((v) => typeof v !== 'number')) throw new Error(`column ${key} is not numbers`)
  return data.time.map((time, i) => ({
    openTime: (time as number) * 1000,
    open: data.open[i] as number,
    high: data.high[i] as number,
    low: data.low[i] as number,
    close: data.close[i] as number,
    volume: base(data.vol[i] as number),
  }))
}

/** §2.7: {"channel":"push.kline","data":{a,c,h,interval,l,o,q,rc,rh,rl,ro,symbol,t (s)},"symbol","ts"}. */
function contractParsePush(frame: string, { sentAt }: PushMeta): CanonicalPush | undefined {
  const value = json(frame)
  if (value?.channel !== 'push.kline') return undefined
  const k = value.data as Record<string, unknown>
  const engine = CONTRACT.find((i) => i.wire === k.interval)?.engine
  if (engine === undefined) return undefined
  const openTime = (k.t as number) * 1000
  const ts = typeof value.ts === 'number' ? value.ts : sentAt
  return {
    openTime,
    close: k.c as number,
    closed: ts >= nextOpenTime(parseInterval(engine), openTime),
    open: k.o as number,
    high: k.h as number,
    low: k.l as number,
    volume: base(k.q as number),
  }
}

describeConformance({
  name: 'MEXC Perpetual',
  type: ExchangeType.MEXC_PERPETUAL,
  market: { ...MARKET, id: 'BTC_USDT' },
  unknownSymbol: 'NOPE_USDT',
  rest: { klinesUrl: contractKlinesUrl, parse: contractParse, newestFirst: false, endInclusive: true },
  intervals: CONTRACT,
  primaryInterval: 'Min1',
  badIntervals: ['1m', 'min1', 'MIN1', 'Min2', 'Min3', 'Hour1', 'Hour2', 'Day3', 'Week2', '60m', 'Min1 ', 'kline_Min1'],
  limit: { default: 2000, max: 2000, overMax: 'cap', bad: ['ten', '1.5', '-1', '1e3', ' 5'], clientSide: true },
  errors: {
    native: contractNative,
    unknownSymbol: contractError(1001, 'Contract does not exist'),
    badInterval: contractError(600, 'Param error!'),
    badLimit: contractError(600, 'Param error!'),
  },
  ws: {
    url: 'wss://contract.mexc.com/edge',
    subscribe: ({ symbol, interval }) => JSON.stringify({ method: 'sub.kline', param: { symbol, interval } }),
    unsubscribe: ({ symbol, interval }) => JSON.stringify({ method: 'unsub.kline', param: { symbol, interval } }),
    // {"channel":"rs.sub.kline"|"rs.unsub.kline","data":"success","ts"}: no ids on the wire.
    isAck: (frame) => {
      const value = json(frame)
      return (value?.channel === 'rs.sub.kline' || value?.channel === 'rs.unsub.kline') && value.data === 'success'
    },
    parsePush: contractParsePush,
    // {"channel":"rs.error","data":"…","ts"}; unknown methods and unreadable frames get no reply.
    isError: (frame) => {
      const value = json(frame)
      return value?.channel === 'rs.error' && typeof value.data === 'string'
    },
    cadenceMs: () => 1_000,
    onlyChanges: false,
    // §2.7: no client frame for about 60 s closes the connection; clients ping.
    keepAlive: { frame: JSON.stringify({ method: 'ping' }), everyMs: 30_000 },
  },
})
