/**
 * The shared conformance suite over AscendEX Spot (wire-formats §4): only what differs is
 * stated here. Where the suite's shape does not fit AscendEX:
 * - the suite takes an ExchangeType and AscendEX is not in the registry (the core's file,
 *   not this engineer's), so a plugin object is passed instead (setupMockExchange accepts
 *   one), cast `as never`;
 * - that object wraps `ascendexSpot` in two test-only ways, neither of which changes a
 *   byte on the wire: (1) the suite's WsClient does not speak AscendEX's JSON keep-alive,
 *   so the wrapper answers each server `{"m":"ping"}` with `{"op":"pong"}` at once, as a
 *   well-behaved client does (the keep-alive itself is covered in ascendex.plugin.test.ts
 *   and the client test); (2) bar pushes carry no closed flag and no send time, so the
 *   wrapper notes when each frame was sent, and a push reads as closed when it was sent at
 *   or after its bar's end — as a client reading its receive time would;
 * - the suite's start/end/limit map to barhist's from/to/n (from and n: whichever yields fewer).
 */
import { ascendexSpot } from '../handlers/ascendex/index.js'
import { INTERVALS } from '../handlers/ascendex/intervals.js'
import { nextOpenTime, parseInterval, type ExchangePlugin, type WsConnection, type WsSocket } from '../src/index.js'
import { describeConformance, type CanonicalPush, type CanonicalRow, type ErrorPredicate, type KlinesRequest } from './conformance/suite.js'

/** Frame text → exchange time it was last sent at. */
const sentAt = new Map<string, number>()

const wrapped: ExchangePlugin = {
  ...ascendexSpot,
  ws: {
    accepts: (url) => ascendexSpot.ws.accepts(url),
    connect(socket, context) {
      let connection: WsConnection | undefined
      const spy: WsSocket = {
        get url() {
          return socket.url
        },
        get supportsPing() {
          return socket.supportsPing
        },
        send(frame) {
          const text = String(frame)
          sentAt.set(text, context.now())
          socket.send(frame)
          if (text.startsWith('{"m":"ping"')) connection?.message(JSON.stringify({ op: 'pong', hp: JSON.parse(text).hp }))
        },
        close: (code, reason) => socket.close(code, reason),
        ping: (payload) => socket.ping(payload),
        follow: (market, interval, cadenceMs, onUpdate) => socket.follow(market, interval, cadenceMs, onUpdate),
        rejects: (channel) => socket.rejects(channel),
        every: (ms, fn) => socket.every(ms, fn),
        after: (ms, fn) => socket.after(ms, fn),
      }
      connection = ascendexSpot.ws.connect(spy, context)
      return connection
    },
  },
}

function klinesUrl(request: KlinesRequest): string {
  const query = new URLSearchParams({ symbol: request.symbol, interval: request.interval })
  if (request.start !== undefined) query.set('from', String(request.start))
  if (request.end !== undefined) query.set('to', String(request.end))
  if (request.limit !== undefined) query.set('n', String(request.limit))
  return `https://ascendex.com/api/pro/v1/barhist?${query}`
}

interface Bar {
  m: string
  s: string
  data: { i: string; ts: number; o: string; c: string; h: string; l: string; v: string }
}

const rowOf = (bar: Bar): CanonicalRow => {
  const { ts, o, h, l, c, v } = bar.data
  if (typeof ts !== 'number') throw new Error(`ts is not a number: ${JSON.stringify(bar)}`)
  for (const text of [o, h, l, c, v]) if (typeof text !== 'string') throw new Error(`a price is not a string: ${JSON.stringify(bar)}`)
  return { openTime: ts, open: Number(o), high: Number(h), low: Number(l), close: Number(c), volume: Number(v) }
}

/** §4.2: {"code":0,"data":[{"m":"bar","s","data":{i,ts,o,c,h,l,v}}]}. */
function parse(body: unknown): CanonicalRow[] {
  const value = body as { code?: unknown; data?: unknown }
  if (value?.code !== 0 || !Array.isArray(value.data)) throw new Error(`not a barhist answer: ${JSON.stringify(body).slice(0, 200)}`)
  return (value.data as Bar[]).map((bar) => {
    if (bar.m !== 'bar' || Object.keys(bar).join() !== 'm,s,data' || Object.keys(bar.data).join() !== 'i,ts,o,c,h,l,v') throw new Error(`not a bar: ${JSON.stringify(bar)}`)
    return rowOf(bar)
  })
}

function frameOf(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined
  } catch {
    return undefined
  }
}

function parsePush(text: string): CanonicalPush | undefined {
  const frame = frameOf(text)
  if (frame?.m !== 'bar') return undefined
  const bar = frame as unknown as Bar
  const end = nextOpenTime(parseInterval(INTERVALS[bar.data.i]), bar.data.ts)
  const sent = sentAt.get(text) ?? -Infinity
  return { ...rowOf(bar), closed: sent >= end }
}

/** §4.5: {code: non-zero integer, reason, message}; HTTP 200 for input errors, 4xx for the core's. */
const native: ErrorPredicate = (status, body) =>
  (status === 200 || (status >= 400 && status < 500)) &&
  typeof body === 'object' &&
  body !== null &&
  Object.keys(body).join() === 'code,reason,message' &&
  Number.isInteger((body as { code: unknown }).code) &&
  (body as { code: number }).code !== 0 &&
  typeof (body as { reason: unknown }).reason === 'string'

const code =
  (...codes: number[]): ErrorPredicate =>
  (status, body) =>
    native(status, body) && status === 200 && codes.includes((body as { code: number }).code)

describeConformance({
  name: 'AscendEX Spot',
  type: wrapped as never,
  market: { symbol: 'BTC/USDT', id: 'BTC/USDT', price: 50_000 },
  unknownSymbol: 'NOPE/USDT',
  rest: { klinesUrl, parse, newestFirst: false, endInclusive: true },
  intervals: Object.entries(INTERVALS).map(([wire, engine]) => ({ wire, engine })),
  primaryInterval: '1',
  badIntervals: ['1h', '1M', '2', '3', '1min', '60m', '1D', '1W', '0', '-1', ' 1', '1 ', '1.0', 'kline_1m', '1440'],
  limit: { default: 10, max: 500, overMax: 'cap', bad: [0, -1, '1.5', 'ten', '1e3', '0x10'] },
  errors: {
    native,
    unknownSymbol: code(100008),
    badInterval: code(100006),
    badLimit: code(100006, 100013),
  },
  ws: {
    url: 'wss://ascendex.com/api/pro/v2/stream',
    subscribe: ({ symbol, interval, id }) => JSON.stringify({ id: String(id), op: 'sub', ch: `bar:${interval}:${symbol}` }),
    unsubscribe: ({ symbol, interval, id }) => JSON.stringify({ id: String(id), op: 'unsub', ch: `bar:${interval}:${symbol}` }),
    isAck: (text, id) => {
      const frame = frameOf(text)
      return (frame?.m === 'sub' || frame?.m === 'unsub') && frame.id === String(id) && frame.code === 0
    },
    parsePush,
    // {"m":"error","code":n,"reason":s,"info":s} (§4.7, shape unverified).
    isError: (text) => {
      const frame = frameOf(text)
      return frame?.m === 'error' && Number.isInteger(frame.code) && typeof frame.reason === 'string'
    },
    cadenceMs: () => 1_000,
    onlyChanges: false,
  },
})
