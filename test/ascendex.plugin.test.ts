import { describe, expect, it } from 'vitest'
import { ascendexSpot } from '../handlers/ascendex/index.js'
import type { Candle } from '../src/engine/candle.js'
import { CandleEngine } from '../src/engine/engine.js'
import type { IntervalInput } from '../src/engine/interval.js'
import { createContext } from '../src/exchange/context.js'
import type { ListedMarket, RestReply, RestRequest, WsSocket } from '../src/exchange/types.js'
import { FakeSocket } from './support/fake-socket.js'

// Compliance tests of the AscendEX plugin against wire-formats §4, through the plugin
// contract only: no network, no MSW, no real time.

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const NOW = Date.UTC(2026, 2, 10, 12, 34, 56, 789)
const engine = new CandleEngine({
  seed: 7,
  markets: [{ symbol: 'BTC/USDT' }, { symbol: 'ETH/BTC', price: 0.05, tickSize: 0.00001, lotSize: 0.0001 }, { symbol: 'SOL/USDT', kind: 'perpetual' }],
})
const context = (now = NOW) => createContext(ascendexSpot, engine, () => now)

function call(path: string, query = '', now = NOW): RestReply {
  const url = new URL(`https://ascendex.com${path}${query ? `?${query}` : ''}`)
  const request: RestRequest = { method: 'GET', url, query: url.searchParams, headers: new Headers() }
  const route = ascendexSpot.routes.find((r) => r.path === url.pathname)
  if (!route) throw new Error(`no route for ${path}`)
  return route.handle(request, context(now))
}

interface Bar {
  m: string
  s: string
  data: { i: string; ts: number; o: string; c: string; h: string; l: string; v: string }
}
const barhist = (query: string, now = NOW) => call('/api/pro/v1/barhist', query, now)
const bars = (reply: RestReply): Bar[] => {
  expect(reply.status).toBe(200)
  const body = reply.body as { code: number; data: Bar[] }
  expect(Object.keys(body)).toEqual(['code', 'data'])
  expect(body.code).toBe(0)
  return body.data
}
const opens = (reply: RestReply) => bars(reply).map((bar) => bar.data.ts)
const expectError = (reply: RestReply, code: number) => {
  expect(reply.status).toBe(200)
  const body = reply.body as Record<string, unknown>
  expect(Object.keys(body)).toEqual(['code', 'reason', 'message'])
  expect(body.code).toBe(code)
  expect(typeof body.reason).toBe('string')
}

describe('REST barhist rows (§4.1, §4.2)', () => {
  it('{"m":"bar","s","data":{i,ts,o,c,h,l,v}}: ts a number, prices with the tick decimals and base volume with the lot decimals as strings', () => {
    const start = Date.UTC(2026, 0, 1)
    const [bar] = bars(barhist(`symbol=BTC/USDT&interval=1&from=${start}&to=${start}`))
    const [candle] = engine.candles('BTC/USDT', '1m', { start, end: start + 1, now: NOW })
    const market = engine.market('BTC/USDT')
    const p = (value: number) => value.toFixed(market.tick.decimals)
    expect(JSON.stringify(bar)).toBe(
      JSON.stringify({ m: 'bar', s: 'BTC/USDT', data: { i: '1', ts: start, o: p(candle.open), c: p(candle.close), h: p(candle.high), l: p(candle.low), v: candle.volume.toFixed(market.lot.decimals) } }),
    )
  })

  it('interval names: minutes are bare numbers, `1m` is one MONTH, `1w` and `1d` as named', () => {
    const cases: Array<[string, IntervalInput]> = [
      ['1', '1m'], ['5', '5m'], ['15', '15m'], ['30', '30m'], ['60', '1h'], ['120', '2h'], ['240', '4h'], ['360', '6h'], ['720', '12h'], ['1d', '1d'], ['1w', '1w'], ['1m', '1M'],
    ]
    for (const [wire, interval] of cases) {
      const got = bars(barhist(`symbol=BTC/USDT&interval=${wire}&n=3`))
      const expected = engine.candles('BTC/USDT', interval, { start: NOW - (wire === '1m' ? 100 : wire === '1w' ? 30 : 4) * 86_400_000, end: NOW + 1, now: NOW }).slice(-3)
      expect(got.map((bar) => bar.data.ts), wire).toEqual(expected.map((c) => c.openTime))
      expect(got.map((bar) => bar.data.i)).toEqual([wire, wire, wire])
    }
    expect(opens(barhist('symbol=BTC/USDT&interval=1m&n=2'))).toEqual([Date.UTC(2026, 1, 1), Date.UTC(2026, 2, 1)])
  })

  it('neither from nor n: the last 10 bars, ascending, the bar in progress last', () => {
    const current = Math.floor(NOW / MINUTE) * MINUTE
    const got = bars(barhist('symbol=BTC/USDT&interval=1'))
    expect(got.map((b) => b.data.ts)).toEqual(Array.from({ length: 10 }, (_, i) => current - (9 - i) * MINUTE))
    const [live] = engine.candles('BTC/USDT', '1m', { start: current, end: current + 1, now: NOW })
    expect(live.closed).toBe(false)
    expect(got[9].data.c).toBe(live.close.toFixed(engine.market('BTC/USDT').tick.decimals))
  })

  it('only n: the last n bars up to `to` (the start time of the last bar); n capped at 500', () => {
    const to = Date.UTC(2026, 2, 1, 10)
    expect(opens(barhist(`symbol=BTC/USDT&interval=60&n=3&to=${to}`))).toEqual([to - 2 * HOUR, to - HOUR, to])
    expect(opens(barhist(`symbol=BTC/USDT&interval=60&n=3&to=${to + 1}`))).toEqual([to - 2 * HOUR, to - HOUR, to])
    expect(opens(barhist('symbol=BTC/USDT&interval=1&n=5000'))).toHaveLength(500)
  })

  it('from and to: bars starting in [from, to], both inclusive; ccxt\'s to = from + limit·tf + 1 gives limit + 1 bars', () => {
    const from = Date.UTC(2026, 2, 1)
    expect(opens(barhist(`symbol=BTC/USDT&interval=1&from=${from}&to=${from + 2 * MINUTE}`))).toEqual([from, from + MINUTE, from + 2 * MINUTE])
    expect(opens(barhist(`symbol=BTC/USDT&interval=1&from=${from + 1}&to=${from + 2 * MINUTE}`))).toEqual([from + MINUTE, from + 2 * MINUTE])
    expect(opens(barhist(`symbol=BTC/USDT&interval=1&from=${from}&to=${from + 500 * MINUTE + 1}`))).toHaveLength(500)
  })

  it('from only, wider than 500 bars: the newest 500 ending at to (the server raises from)', () => {
    const from = Date.UTC(2026, 1, 1)
    const got = opens(barhist(`symbol=BTC/USDT&interval=1&from=${from}`))
    const current = Math.floor(NOW / MINUTE) * MINUTE
    expect(got).toHaveLength(500)
    expect(got[499]).toBe(current)
    expect(got[0]).toBe(current - 499 * MINUTE)
  })

  it('from and n: whichever yields fewer', () => {
    const from = Date.UTC(2026, 2, 1)
    const to = from + 9 * MINUTE
    expect(opens(barhist(`symbol=BTC/USDT&interval=1&from=${from}&to=${to}&n=3`))).toEqual([to - 2 * MINUTE, to - MINUTE, to])
    expect(opens(barhist(`symbol=BTC/USDT&interval=1&from=${to - MINUTE}&to=${to}&n=5`))).toEqual([to - MINUTE, to])
  })

  it('empty data for a range in the future or to < from', () => {
    expect(opens(barhist(`symbol=BTC/USDT&interval=1&from=${NOW + HOUR}`))).toEqual([])
    expect(opens(barhist(`symbol=BTC/USDT&interval=1&from=${NOW - HOUR}&to=${NOW - 2 * HOUR}`))).toEqual([])
  })

  it('native errors: HTTP 200, {code, reason, message}, never a `message` in a success body', () => {
    expectError(barhist('interval=1'), 100001)
    expectError(barhist('symbol=BTC/USDT'), 100001)
    expectError(barhist('symbol=NOPE/USDT&interval=1'), 100008)
    expectError(barhist('symbol=BTCUSDT&interval=1'), 100008)
    for (const interval of ['1h', '1M', '2', '1min', 'kline_1m', '1D', '60 ']) expectError(barhist(`symbol=BTC/USDT&interval=${encodeURIComponent(interval)}`), 100006)
    for (const bad of ['n=ten', 'n=1.5', 'from=abc', 'to=1e12']) expectError(barhist(`symbol=BTC/USDT&interval=1&${bad}`), 100013)
    expectError(barhist('symbol=BTC/USDT&interval=1&n=0'), 100006)
    expectError(barhist('symbol=BTC/USDT&interval=1&n=-2'), 100006)
  })
})

describe('REST reference data ccxt loads (§4.3, §4.4)', () => {
  it('barhist/info lists the twelve names with their millis (the month nominal)', () => {
    const body = call('/api/pro/v1/barhist/info').body as { code: number; data: Array<{ name: string; intervalInMillis: number }> }
    expect(body.code).toBe(0)
    expect(body.data.map((d) => d.name)).toEqual(['1', '5', '15', '30', '60', '120', '240', '360', '720', '1d', '1w', '1m'])
    expect(body.data.at(-1)).toEqual({ name: '1m', intervalInMillis: 2_592_000_000 })
  })

  it('products and cash/products list the spot markets with `/` symbols; futures/contract the perpetuals with a `/` underlying', () => {
    const products = (call('/api/pro/v1/products').body as { data: Array<Record<string, unknown>> }).data
    expect(products.map((p) => p.symbol)).toEqual(['BTC/USDT', 'ETH/BTC'])
    expect(products[1]).toMatchObject({ baseAsset: 'ETH', quoteAsset: 'BTC', status: 'Normal', tickSize: '0.00001', lotSize: '0.0001' })
    const cash = (call('/api/pro/v1/cash/products').body as { data: Array<Record<string, unknown>> }).data
    expect(cash.map((p) => [p.symbol, p.statusCode, p.domain])).toEqual([['BTC/USDT', 'Normal', 'USDT'], ['ETH/BTC', 'Normal', 'BTC']])
    const contracts = (call('/api/pro/v2/futures/contract').body as { data: Array<Record<string, unknown>> }).data
    expect(contracts.map((c) => [c.symbol, c.underlying, c.settlementAsset, c.status])).toEqual([['SOL-PERP', 'SOL/USDT', 'USDT', 'Normal']])
  })

  it('assets (v1, v2, cash, margin) answer {code:0,data:[…]} with no `message` key', () => {
    for (const path of ['/api/pro/v2/assets', '/api/pro/v1/assets', '/api/pro/v1/cash/assets', '/api/pro/v1/margin/assets']) {
      const body = call(path).body as Record<string, unknown>
      expect(Object.keys(body), path).toEqual(['code', 'data'])
    }
    const codes = (call('/api/pro/v2/assets').body as { data: Array<{ assetCode: string }> }).data.map((a) => a.assetCode)
    expect(codes.sort()).toEqual(['BTC', 'ETH', 'SOL', 'USDT'])
  })

  it('exchange-info echoes requestTime and reports requestReceiveAt = now (ccxt fetchTime)', () => {
    expect(call('/api/pro/v1/exchange-info', `requestTime=${NOW - 13}`).body).toEqual({ code: 0, data: { requestTimeEcho: NOW - 13, requestReceiveAt: NOW, latency: 13 } })
  })

  it('native errors for the core: unknown path 404, injected statuses, 429 plain text with Retry-After', () => {
    const url = new URL('https://ascendex.com/api/pro/v1/nope')
    const notFound = ascendexSpot.errors.notFound({ method: 'GET', url, query: url.searchParams, headers: new Headers() }, 'GET /api/pro/v1/barhist')
    expect(notFound.status).toBe(404)
    expect((notFound.body as { code: number }).code).toBe(100001)
    expect(ascendexSpot.errors.status(503)).toMatchObject({ status: 503, body: { code: 510001, reason: 'SERVER_ERROR' } })
    expect(ascendexSpot.errors.rateLimited({ retryAfter: 7, banned: false, until: NOW, limit: 100 })).toMatchObject({ status: 429, headers: { 'retry-after': '7' } })
  })
})

// ── WebSocket ──


function open(path = '/0/api/pro/v1/stream') {
  const clock = { now: NOW }
  const socket = new FakeSocket(`wss://ascendex.com${path}`, clock)
  expect(ascendexSpot.ws.accepts(socket.url)).toBe(true)
  const connection = ascendexSpot.ws.connect(socket, createContext(ascendexSpot, engine, () => clock.now))
  const send = (value: unknown) => connection.message(typeof value === 'string' ? value : JSON.stringify(value))
  return { socket, connection, send, clock }
}

describe('WebSocket protocol (§4.7)', () => {
  it('accepts the stream paths in use, not others', () => {
    for (const url of ['wss://ascendex.com/api/pro/v1/stream', 'wss://ascendex.com/0/api/pro/v1/stream', 'wss://ascendex.com:443/api/pro/v2/stream', 'wss://ascendex.com:443/api/pro/v1/websocket-for-hummingbot-liq-mining/stream'])
      expect(ascendexSpot.ws.accepts(new URL(url)), url).toBe(true)
    for (const url of ['wss://ascendex.com/ws', 'wss://ascendex.com/api/pro/v3/stream', 'wss://ascendex.com/x/api/pro/v1/stream']) expect(ascendexSpot.ws.accepts(new URL(url)), url).toBe(false)
  })

  it('greets with {"m":"connected","type":"unauth"}; sub acks with the id echoed and follows at 1 s; bar pushes are the REST object', () => {
    const { socket, send } = open()
    expect(socket.frames).toEqual([{ m: 'connected', type: 'unauth' }])
    send({ op: 'sub', id: 'abc123', ch: 'bar:1:BTC/USDT' })
    expect(socket.frames[1]).toEqual({ m: 'sub', id: 'abc123', ch: 'bar:1:BTC/USDT', code: 0 })
    expect(socket.live.map((f) => [f.market.id, f.interval, f.cadenceMs])).toEqual([['BTC/USDT', '1m', 1000]])
    const [candle] = engine.candles('BTC/USDT', '1m', { start: NOW - MINUTE, end: NOW - MINUTE + 1, now: NOW })
    socket.live[0].onUpdate(candle, true)
    expect(socket.frames[2]).toEqual((bars(barhist(`symbol=BTC/USDT&interval=1&from=${candle.openTime}&to=${candle.openTime}`)) as unknown[])[0])
  })

  it('several symbols in one ch: one ack, one follow each; a repeat does not follow twice; month interval is 1M', () => {
    const { socket, send } = open()
    send({ op: 'sub', id: '1', ch: 'bar:1m:BTC/USDT,ETH/BTC' })
    send({ op: 'sub', id: '2', ch: 'bar:1m:BTC/USDT' })
    expect(socket.frames.slice(1).map((f) => [f.m, f.id, f.code])).toEqual([['sub', '1', 0], ['sub', '2', 0]])
    expect(socket.live.map((f) => [f.market.id, f.interval])).toEqual([['BTC/USDT', '1M'], ['ETH/BTC', '1M']])
  })

  it('failed subscriptions: one ack with a non-zero code and a reason; nothing followed', () => {
    const { socket, send } = open()
    send({ op: 'sub', id: 'a', ch: 'bar:1:NOPE/USDT' })
    send({ op: 'sub', id: 'b', ch: 'bar:1h:BTC/USDT' })
    send({ op: 'sub', id: 'c', ch: 'kline:1:BTC/USDT' })
    socket.rejected.add('bar')
    send({ op: 'sub', id: 'd', ch: 'bar:1:BTC/USDT' })
    expect(socket.frames.slice(1).map((f) => [f.m, f.id, f.code, f.reason])).toEqual([
      ['sub', 'a', 100008, 'SYMBOL_ERROR'],
      ['sub', 'b', 100006, 'INVALID_ARGUMENT'],
      ['sub', 'c', 100005, 'INVALID_WS_REQUEST_DATA'],
      ['sub', 'd', 100005, 'INVALID_WS_REQUEST_DATA'],
    ])
    expect(socket.live).toHaveLength(0)
  })

  it('unsub with wildcards stops the matching follows and acks', () => {
    const { socket, send } = open()
    send({ op: 'sub', ch: 'bar:1:BTC/USDT,ETH/BTC' })
    send({ op: 'sub', ch: 'bar:5:BTC/USDT' })
    send({ op: 'unsub', id: 'u1', ch: 'bar:*:BTC/USDT' })
    expect(socket.live.map((f) => [f.market.id, f.interval])).toEqual([['ETH/BTC', '1m']])
    send({ op: 'unsub', id: 'u2', ch: 'bar' })
    expect(socket.live).toHaveLength(0)
    expect(socket.frames.slice(-2)).toEqual([{ m: 'unsub', id: 'u1', ch: 'bar:*:BTC/USDT', code: 0 }, { m: 'unsub', id: 'u2', ch: 'bar', code: 0 }])
  })

  it('client ping → {"m":"pong","code":0,"ts","hp"}; malformed frames and unknown ops answer m:"error" and keep the socket', () => {
    const { socket, send } = open()
    send({ op: 'ping' })
    expect(socket.frames[1]).toEqual({ m: 'pong', code: 0, ts: NOW, hp: 3 })
    send('{not json')
    send('[1,2]')
    send({ op: 'req', action: 'depth-snapshot' })
    expect(socket.frames.slice(2).map((f) => [f.m, f.code])).toEqual([['error', 150001], ['error', 150001], ['error', 100005]])
    expect(socket.closedWith).toBeUndefined()
  })

  it('keep-alive: the server pings a quiet client every 15 s; {"op":"pong"} keeps it; two missed pings disconnect it', () => {
    const answered = open()
    for (let i = 0; i < 8; i++) {
      answered.socket.advance(15_000)
      const last = answered.socket.frames.at(-1)!
      if (last.m === 'ping') answered.send({ op: 'pong', hp: last.hp })
    }
    expect(answered.socket.frames.filter((f) => f.m === 'ping').length).toBeGreaterThanOrEqual(4)
    expect(answered.socket.closedWith).toBeUndefined()

    const silent = open()
    silent.socket.advance(60_000)
    expect(silent.socket.frames.slice(1)).toEqual([
      { m: 'ping', hp: 3 },
      { m: 'ping', hp: 2 },
      { m: 'disconnected', code: 100005, reason: 'INVALID_WS_REQUEST_DATA', info: 'Session is disconnected due to missing pong message from the client' },
    ])
    expect(silent.socket.closedWith?.code).toBe(1000)
  })

  it('a client ping suppresses server pings for 30 s', () => {
    const { socket, send } = open()
    socket.advance(14_000)
    send({ op: 'ping' })
    socket.advance(29_000)
    expect(socket.frames.filter((f) => f.m === 'ping')).toEqual([])
  })
})
