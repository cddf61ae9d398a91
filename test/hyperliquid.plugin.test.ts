import { describe, expect, it } from 'vitest'
import { hyperliquidPerpetual, hyperliquidSpot } from '../handlers/hyperliquid/index.js'
import { decimal } from '../handlers/hyperliquid/format.js'
import type { Candle } from '../src/engine/candle.js'
import { CandleEngine } from '../src/engine/engine.js'
import type { IntervalInput } from '../src/engine/interval.js'
import { createContext } from '../src/exchange/context.js'
import { ExchangeType, type ExchangePlugin, type ListedMarket, type RestReply, type RestRequest, type WsSocket } from '../src/exchange/types.js'
import { FakeSocket } from './support/fake-socket.js'

// Compliance of the Hyperliquid plugins with wire-formats §3 through the plugin contract
// only: no network, no MSW, no real time.

const MINUTE = 60_000
const HOUR = 60 * MINUTE
/** Mid-minute, mid-second. */
const NOW = Date.UTC(2026, 2, 10, 12, 34, 56, 789)
const engine = new CandleEngine({
  seed: 11,
  markets: [{ symbol: 'BTC/USDC', price: 50_000 }, { symbol: 'ETH/USDC' }, { symbol: 'PURR/USDC', price: 0.2, tickSize: 0.00001, lotSize: 1 }, { symbol: 'SOL/USDC', kind: 'perpetual' }],
})
const JSON_HEADERS = { 'content-type': 'application/json' }

interface WireCandle {
  t: number
  T: number
  s: string
  i: string
  o: string
  c: string
  h: string
  l: string
  v: string
  n: number
}

function request(body: unknown, options: { headers?: Record<string, string>; method?: string; path?: string } = {}): RestRequest {
  const url = new URL(`https://api.hyperliquid.xyz${options.path ?? '/info'}`)
  return { method: options.method ?? 'POST', url, query: url.searchParams, headers: new Headers(options.headers ?? JSON_HEADERS), body }
}

function info(body: unknown, options: { now?: number; headers?: Record<string, string>; plugin?: ExchangePlugin } = {}): RestReply {
  const plugin = options.plugin ?? hyperliquidPerpetual
  const route = plugin.routes.find((r) => r.method === 'POST' && r.path === '/info')!
  return route.handle(request(body, options), createContext(plugin, engine, () => options.now ?? NOW))
}

const snapshot = (req: Record<string, unknown>, options?: { now?: number; plugin?: ExchangePlugin }) => info({ type: 'candleSnapshot', req }, options)
const rows = (reply: RestReply) => {
  expect(reply.status).toBe(200)
  return reply.body as WireCandle[]
}
const opens = (reply: RestReply) => rows(reply).map((row) => row.t)
const text422 = { status: 422, body: 'Failed to deserialize the JSON body into the target type', headers: { 'content-type': 'text/plain; charset=utf-8' } }

describe('the plugins', () => {
  it('have their ExchangeTypes, hosts and kinds', () => {
    expect(hyperliquidSpot).toMatchObject({ type: ExchangeType.HYPERLIQUID_SPOT, kind: 'spot', restOrigins: ['https://api.hyperliquid.xyz', 'https://api.hyperliquid-testnet.xyz'] })
    expect(hyperliquidPerpetual).toMatchObject({ type: ExchangeType.HYPERLIQUID_PERPETUAL, kind: 'perpetual', wsOrigins: ['wss://api.hyperliquid.xyz', 'wss://api.hyperliquid-testnet.xyz'] })
    expect(hyperliquidPerpetual.marketId(engine.market('BTC/USDC'))).toBe('BTC')
  })
})

describe('candleSnapshot rows (§3.1, §3.2)', () => {
  it('objects t,T,s,i,o,c,h,l,v,n: times and trade count numbers, prices and volume strings with at least one decimal', () => {
    const start = NOW - 10 * MINUTE
    const [row] = rows(snapshot({ coin: 'BTC', interval: '1m', startTime: start, endTime: start }))
    expect(Object.keys(row)).toEqual(['t', 'T', 's', 'i', 'o', 'c', 'h', 'l', 'v', 'n'])
    const [candle] = engine.candles('BTC/USDC', '1m', { start, end: start + 1, now: NOW })
    const market = engine.market('BTC/USDC')
    expect(row).toEqual({
      t: candle.openTime,
      T: candle.openTime + MINUTE - 1,
      s: 'BTC',
      i: '1m',
      o: decimal(candle.open, market.tick.decimals),
      c: decimal(candle.close, market.tick.decimals),
      h: decimal(candle.high, market.tick.decimals),
      l: decimal(candle.low, market.tick.decimals),
      v: decimal(candle.volume, market.lot.decimals),
      n: candle.trades,
    })
    for (const key of ['o', 'c', 'h', 'l', 'v'] as const) expect(row[key]).toMatch(/^\d+\.\d+$/)
  })

  it('decimal prints Hyperliquid-style: trimmed, never bare integers', () => {
    expect(decimal(84143, 2)).toBe('84143.0')
    expect(decimal(0.0016, 6)).toBe('0.0016')
    expect(decimal(14.27847, 5)).toBe('14.27847')
    expect(decimal(520665683, 0)).toBe('520665683.0')
  })

  it('every bucket overlapping [startTime, endTime] (mid-bucket bounds included), ascending', () => {
    const hour = Date.UTC(2026, 2, 10, 8)
    const reply = snapshot({ coin: 'BTC', interval: '1h', startTime: hour + 46 * MINUTE, endTime: hour + 3 * HOUR + 1 })
    expect(opens(reply)).toEqual([hour, hour + HOUR, hour + 2 * HOUR, hour + 3 * HOUR])
    expect(opens(snapshot({ coin: 'BTC', interval: '1h', startTime: hour, endTime: hour }))).toEqual([hour])
  })

  it('the candle in progress is last, nothing beyond now; endTime may be omitted (→ now)', () => {
    const reply = rows(snapshot({ coin: 'ETH', interval: '5m', startTime: NOW - HOUR, endTime: NOW + 10 * HOUR }))
    const last = reply.at(-1)!
    const inProgress = engine.candleAt('ETH/USDC', '5m', NOW)
    expect(last.t).toBe(inProgress.openTime)
    expect(last.c).toBe(decimal(inProgress.close, engine.market('ETH/USDC').tick.decimals))
    expect(rows(snapshot({ coin: 'ETH', interval: '5m', startTime: NOW - HOUR }))).toEqual(reply)
  })

  it('only the most recent 5000 candles exist: since 0 gives 5000, older ranges are empty', () => {
    const all = opens(snapshot({ coin: 'BTC', interval: '1m', startTime: 0, endTime: NOW }))
    expect(all).toHaveLength(5000)
    expect(all.at(-1)).toBe(Math.floor(NOW / MINUTE) * MINUTE)
    expect(opens(snapshot({ coin: 'BTC', interval: '1m', startTime: 0, endTime: NOW - 6000 * MINUTE }))).toEqual([])
    expect(opens(snapshot({ coin: 'BTC', interval: '1m', startTime: NOW, endTime: NOW - HOUR }))).toEqual([])
  })

  it('every interval of the enum answers; 1w opens Monday, 1M on the 1st', () => {
    for (const interval of ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '8h', '12h', '1d', '3d', '1w', '1M']) {
      expect(rows(snapshot({ coin: 'BTC', interval, startTime: NOW - 1, endTime: NOW })).length).toBeGreaterThan(0)
    }
    expect(new Date(opens(snapshot({ coin: 'BTC', interval: '1w', startTime: NOW, endTime: NOW }))[0]).getUTCDay()).toBe(1)
    expect(opens(snapshot({ coin: 'BTC', interval: '1M', startTime: NOW, endTime: NOW }))).toEqual([Date.UTC(2026, 2, 1)])
  })

  it('spot coins are @<index> (PURR/USDC by name) and s echoes the coin; both plugins answer both kinds', () => {
    const spot = rows(snapshot({ coin: '@1', interval: '1h', startTime: NOW - HOUR, endTime: NOW }, { plugin: hyperliquidSpot }))
    expect(spot[0].s).toBe('@1')
    expect(spot.map((r) => r.c)).toEqual(rows(snapshot({ coin: 'ETH', interval: '1h', startTime: NOW - HOUR, endTime: NOW }, { plugin: hyperliquidSpot })).map((r) => r.c))
    expect(rows(snapshot({ coin: 'PURR/USDC', interval: '1h', startTime: NOW - HOUR, endTime: NOW }))[0].s).toBe('PURR/USDC')
    expect(rows(snapshot({ coin: 'SOL', interval: '1h', startTime: NOW - HOUR, endTime: NOW }, { plugin: hyperliquidSpot }))).toHaveLength(2)
  })

  it('an unknown coin (case-sensitive, spot pairs only by index) is 200 null', () => {
    for (const coin of ['NOPE', 'btc', 'BTC/USDC', '@9', 'SOL/USDC']) expect(snapshot({ coin, interval: '1m', startTime: NOW - MINUTE, endTime: NOW })).toEqual({ status: 200, body: null })
  })
})

describe('/info errors (§3.5)', () => {
  it('undeserializable bodies are 422 text/plain', () => {
    expect(info({ type: 'nope' })).toEqual(text422)
    expect(info({})).toEqual(text422)
    expect(info([{ type: 'meta' }])).toEqual(text422)
    expect(info('meta')).toEqual(text422)
    expect(info({ type: 'candleSnapshot' })).toEqual(text422)
    expect(snapshot({ coin: 'BTC', interval: '2m', startTime: 0, endTime: NOW })).toEqual(text422)
    expect(snapshot({ coin: 'BTC', interval: '1m', startTime: '0', endTime: NOW })).toEqual(text422)
    expect(snapshot({ coin: 'BTC', interval: '1m', endTime: NOW })).toEqual(text422)
    expect(snapshot({ coin: 1, interval: '1m', startTime: 0 })).toEqual(text422)
    expect(snapshot({ coin: 'BTC', interval: '1m', startTime: 1.5 })).toEqual(text422)
    expect(info({ type: 'meta', dex: 5 })).toEqual(text422)
  })

  it('a body that is no JSON is 400, another content type 415', () => {
    expect(info(undefined)).toEqual({ status: 400, body: 'Failed to parse the request body as JSON', headers: { 'content-type': 'text/plain; charset=utf-8' } })
    expect(info({ type: 'meta' }, { headers: { 'content-type': 'text/plain' } })).toMatchObject({ status: 415, body: 'Expected request with `Content-Type: application/json`' })
  })

  it('GET /info is 405 empty, other paths 404 empty; injected statuses and the limit are text', () => {
    expect(hyperliquidPerpetual.errors.notFound(request(undefined, { method: 'GET' }), 'POST /info')).toMatchObject({ status: 405, body: '' })
    expect(hyperliquidPerpetual.errors.notFound(request(undefined, { path: '/exchangeInfo' }), 'POST /info')).toMatchObject({ status: 404, body: '' })
    expect(hyperliquidPerpetual.errors.status(500)).toEqual({ status: 500, body: 'null' })
    const limited = hyperliquidPerpetual.errors.rateLimited({ retryAfter: 60, banned: false, until: NOW + 60_000, limit: 1200 })
    expect(limited).toMatchObject({ status: 429, body: 'Too Many Requests' })
    expect(limited.headers).not.toHaveProperty('Retry-After')
  })
})

describe('market data (§3.4)', () => {
  it('meta lists every market once by base coin; metaAndAssetCtxs pairs string ctxs with it', () => {
    const reply = info({ type: 'metaAndAssetCtxs' })
    const [meta, ctxs] = reply.body as [{ universe: Array<{ name: string; szDecimals: number; maxLeverage: number }> }, Array<Record<string, unknown>>]
    expect(meta.universe.map((u) => u.name)).toEqual(['BTC', 'ETH', 'PURR', 'SOL'])
    expect(meta.universe[0]).toMatchObject({ szDecimals: engine.market('BTC/USDC').lot.decimals, maxLeverage: 40 })
    expect(info({ type: 'meta' }).body).toEqual(meta)
    expect(ctxs).toHaveLength(4)
    expect(Object.keys(ctxs[0])).toEqual(['funding', 'openInterest', 'prevDayPx', 'dayNtlVlm', 'premium', 'oraclePx', 'markPx', 'midPx', 'impactPxs', 'dayBaseVlm'])
    expect(ctxs[0].markPx).toBe(decimal(engine.priceAt('BTC/USDC', NOW), 2))
    for (const value of Object.values(ctxs[1])) expect(typeof value === 'string' || Array.isArray(value)).toBe(true)
  })

  it('spotMeta: tokens dense by index with USDC first; pairs @index by token indexes; ctxs by spot index', () => {
    const [spotMeta, ctxs] = info({ type: 'spotMetaAndAssetCtxs' }).body as [{ tokens: Array<{ name: string; index: number }>; universe: Array<{ name: string; tokens: number[]; index: number }> }, Array<{ markPx: string; coin: string }>]
    expect(spotMeta.tokens.map((t) => [t.name, t.index])).toEqual([['USDC', 0], ['BTC', 1], ['ETH', 2], ['PURR', 3]])
    expect(spotMeta.universe).toEqual([
      { tokens: [1, 0], name: '@0', index: 0, isCanonical: false },
      { tokens: [2, 0], name: '@1', index: 1, isCanonical: false },
      { tokens: [3, 0], name: 'PURR/USDC', index: 2, isCanonical: true },
    ])
    expect(ctxs.map((c) => c.coin)).toEqual(['@0', '@1', 'PURR/USDC'])
    expect(info({ type: 'spotMeta' }).body).toEqual(spotMeta)
  })

  it('perpDexs lists only the first dex; another dex is 500 null; exchangeStatus carries the time', () => {
    expect(info({ type: 'perpDexs' }).body).toEqual([null])
    expect(info({ type: 'metaAndAssetCtxs', dex: 'xyz' })).toEqual({ status: 500, body: 'null' })
    expect(info({ type: 'metaAndAssetCtxs', dex: '' }).status).toBe(200)
    expect(info({ type: 'exchangeStatus' }).body).toEqual({ specialStatuses: null, time: NOW })
    expect(Object.keys(info({ type: 'allMids' }).body as object)).toEqual(['BTC', 'ETH', 'PURR', 'SOL', '@0', '@1', 'PURR/USDC'])
  })
})

describe('rate limits (§3.6)', () => {
  const route = hyperliquidPerpetual.routes[0]
  const weight = (body: unknown) => route.weight!(request(body))
  it('1200 weight a minute, no headers; 20 per info call, 2 for the light ones, candleSnapshot +1 per 60 candles', () => {
    expect(hyperliquidPerpetual.limits).toMatchObject({ windowMs: 60_000, limit: 1200 })
    expect(hyperliquidPerpetual.limits.usageHeaders(100)).toEqual({})
    expect(weight({ type: 'meta' })).toBe(20)
    expect(weight({ type: 'exchangeStatus' })).toBe(2)
    expect(weight({ type: 'candleSnapshot', req: { coin: 'BTC', interval: '1m', startTime: 0, endTime: NOW } })).toBe(20 + Math.floor(5000 / 60))
    expect(weight({ type: 'candleSnapshot', req: { coin: 'BTC', interval: '1m', startTime: NOW - 119 * MINUTE, endTime: NOW } })).toBe(22)
    expect(weight(undefined)).toBe(20)
  })
})

// ── WebSocket ──


function open(plugin: ExchangePlugin = hyperliquidPerpetual) {
  const clock = { now: NOW }
  const socket = new FakeSocket('wss://api.hyperliquid.xyz/ws', clock)
  expect(plugin.ws.accepts(socket.url)).toBe(true)
  const connection = plugin.ws.connect(socket, createContext(plugin, engine, () => clock.now))
  const send = (frame: unknown) => connection.message(typeof frame === 'string' ? frame : JSON.stringify(frame))
  return { socket, connection, clock, send }
}

const candleSub = (coin: string, interval = '1m') => ({ type: 'candle', coin, interval })

describe('WebSocket (§3.7)', () => {
  it('accepts /ws only and sends no greeting', () => {
    expect(hyperliquidSpot.ws.accepts(new URL('wss://api.hyperliquid.xyz/ws'))).toBe(true)
    expect(hyperliquidSpot.ws.accepts(new URL('wss://api.hyperliquid.xyz/'))).toBe(false)
    expect(open().socket.sent).toEqual([])
  })

  it('subscribe: the ack echoes the subscription, the current candle follows at once, then updates every second', () => {
    const { socket, send } = open()
    send({ method: 'subscribe', subscription: { coin: 'BTC', interval: '1m', type: 'candle' } })
    const [ack, first] = socket.frames as [unknown, { channel: string; data: WireCandle }]
    expect(ack).toEqual({ channel: 'subscriptionResponse', data: { method: 'subscribe', subscription: candleSub('BTC') } })
    expect(socket.sent[0]).toBe('{"channel":"subscriptionResponse","data":{"method":"subscribe","subscription":{"type":"candle","coin":"BTC","interval":"1m"}}}')
    const current = engine.candleAt('BTC/USDC', '1m', NOW)
    expect(first).toEqual({ channel: 'candle', data: rows(snapshot({ coin: 'BTC', interval: '1m', startTime: NOW, endTime: NOW }))[0] })
    expect(first.data.t).toBe(current.openTime)
    expect(socket.live).toHaveLength(1)
    expect(socket.live[0]).toMatchObject({ interval: '1m', cadenceMs: 1000, market: { id: 'BTC', market: { symbol: 'BTC/USDC' } } })
    const closed = engine.candles('BTC/USDC', '1m', { start: current.openTime, end: current.openTime + 1 })[0]
    socket.live[0].onUpdate(closed, true)
    expect(socket.frames.at(-1)).toEqual({ channel: 'candle', data: rows(snapshot({ coin: 'BTC', interval: '1m', startTime: current.openTime, endTime: current.openTime }, { now: current.openTime + MINUTE }))[0] })
  })

  it('spot subscriptions by @index echo the coin as subscribed', () => {
    const { socket, send } = open(hyperliquidSpot)
    send({ method: 'subscribe', subscription: candleSub('@0', '1h') })
    expect((socket.frames[1] as { data: WireCandle }).data).toMatchObject({ s: '@0', i: '1h' })
    expect(socket.live[0].market.market.symbol).toBe('BTC/USDC')
  })

  it('already subscribed / unsubscribed are error frames; unsubscribe is acked and stops the updates', () => {
    const { socket, send } = open()
    send({ method: 'subscribe', subscription: candleSub('ETH') })
    send({ method: 'subscribe', subscription: candleSub('ETH') })
    expect(socket.frames.at(-1)).toEqual({ channel: 'error', data: 'Already subscribed: {"type":"candle","coin":"ETH","interval":"1m"}' })
    send({ method: 'unsubscribe', subscription: candleSub('ETH') })
    expect(socket.frames.at(-1)).toEqual({ channel: 'subscriptionResponse', data: { method: 'unsubscribe', subscription: candleSub('ETH') } })
    expect(socket.live).toHaveLength(0)
    send({ method: 'unsubscribe', subscription: candleSub('ETH') })
    expect(socket.frames.at(-1)).toEqual({ channel: 'error', data: 'Already unsubscribed: {"type":"candle","coin":"ETH","interval":"1m"}' })
  })

  it('ping → pong; malformed frames are parse errors and the socket stays open', () => {
    const { socket, send } = open()
    send({ method: 'ping' })
    expect(socket.frames).toEqual([{ channel: 'pong' }])
    for (const frame of ['not json', '[]', '{"method":"subscribe","subscription":[{"type":"candle"}]}', '{"method":"nope"}', '{"method":"subscribe"}', '{"method":"subscribe","subscription":{"type":"candle","coin":"BTC","interval":"2m"}}', '{"method":"subscribe","subscription":{"type":"nope"}}']) {
      send(frame)
      expect(socket.frames.at(-1)).toEqual({ channel: 'error', data: `Error parsing JSON into valid websocket request: ${frame}` })
    }
    expect(socket.closedWith).toBeUndefined()
  })

  it('an unknown coin gets no answer and the connection drops (1006) about 100 ms later', () => {
    const { socket, send } = open()
    send({ method: 'subscribe', subscription: candleSub('BTC') })
    const before = socket.sent.length
    send({ method: 'subscribe', subscription: candleSub('btc') })
    expect(socket.sent).toHaveLength(before)
    socket.advance(99)
    expect(socket.closedWith).toBeUndefined()
    socket.advance(1)
    expect(socket.closedWith).toEqual({ code: 1006, reason: undefined })
  })

  it('closes (1006) after 60 s without sending anything; any frame sent restarts the count', () => {
    const idle = open()
    idle.socket.advance(59_999)
    expect(idle.socket.closedWith).toBeUndefined()
    idle.socket.advance(1)
    expect(idle.socket.closedWith?.code).toBe(1006)
    const pinging = open()
    for (let i = 0; i < 5; i++) {
      pinging.socket.advance(50_000)
      pinging.send({ method: 'ping' })
    }
    expect(pinging.socket.closedWith).toBeUndefined()
    pinging.socket.advance(60_000)
    expect(pinging.socket.closedWith?.code).toBe(1006)
  })

  it('a rejectSubscription fault answers an error frame and follows nothing', () => {
    const { socket, send } = open()
    socket.rejected.add('candle')
    send({ method: 'subscribe', subscription: candleSub('BTC') })
    expect(socket.frames).toEqual([{ channel: 'error', data: 'Invalid subscription: {"type":"candle","coin":"BTC","interval":"1m"}' }])
    expect(socket.live).toHaveLength(0)
  })

  it('closing the connection stops the follows', () => {
    const { socket, send, connection } = open()
    send({ method: 'subscribe', subscription: candleSub('BTC') })
    connection.closed?.()
    expect(socket.live).toHaveLength(0)
  })
})
