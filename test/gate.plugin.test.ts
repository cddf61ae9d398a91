import { describe, expect, it } from 'vitest'
import { gatePerpetual, gateSpot } from '../handlers/gate/index.js'
import type { Candle } from '../src/engine/candle.js'
import { CandleEngine } from '../src/engine/engine.js'
import type { IntervalInput } from '../src/engine/interval.js'
import { createContext } from '../src/exchange/context.js'
import type { ExchangePlugin, ListedMarket, RestReply, RestRequest, WsSocket } from '../src/exchange/types.js'

// Compliance tests of the Gate plugins against the facts file §5 (spot), §6 (USDT
// perpetuals), §0.2 (what ccxt's loadMarkets fetches) and §7, through the plugin
// contract only: no network, no MSW, no real time.

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
/** A Tuesday, mid-minute, mid-second. */
const NOW = Date.UTC(2026, 2, 10, 12, 34, 56, 789)
const NOW_S = Math.floor(NOW / 1000)
const MARKETS = [{ symbol: 'BTC/USDT' }, { symbol: 'ETH/USDT' }, { symbol: 'SOL/USDT', kind: 'perpetual' as const }]
const engine = new CandleEngine({ seed: 7, markets: MARKETS })

const contextOf = (plugin: ExchangePlugin, now = NOW) => createContext(plugin, engine, () => now)

function call(plugin: ExchangePlugin, url: string, now = NOW): RestReply {
  const parsed = new URL(url)
  const request: RestRequest = { method: 'GET', url: parsed, query: parsed.searchParams, headers: new Headers() }
  const route = plugin.routes.find((r) => r.path === parsed.pathname)
  if (!route) throw new Error(`no route for ${url}`)
  return route.handle(request, contextOf(plugin, now))
}
const spot = (query: string, now = NOW) => call(gateSpot, `https://api.gateio.ws/api/v4/spot/candlesticks?${query}`, now)
const futures = (query: string, now = NOW) => call(gatePerpetual, `https://api.gateio.ws/api/v4/futures/usdt/candlesticks?${query}`, now)
const rows = <T = string[]>(reply: RestReply): T[] => {
  expect(reply.status).toBe(200)
  expect(Array.isArray(reply.body)).toBe(true)
  return reply.body as T[]
}
const opens = (reply: RestReply) => rows<unknown[] | { t: number }>(reply).map((row) => (Array.isArray(row) ? Number(row[0]) : row.t) * 1000)
const expectError = (reply: RestReply, status: number, label: string, message: string) => expect(reply).toEqual({ status, body: { label, message } })
const trimmed = (value: number, decimals: number) => value.toFixed(decimals).replace(/\.?0+$/, '')
const minutes = (start: number, count: number) => Array.from({ length: count }, (_, i) => start + i * MINUTE)

describe('spot candlesticks rows (§5.1)', () => {
  it('eight strings [t(s), quote volume, close, high, low, open, base volume, closed], trimmed decimals', () => {
    const start = Date.UTC(2026, 2, 10, 10)
    const [row] = rows(spot(`currency_pair=BTC_USDT&interval=1h&from=${start / 1000}&to=${start / 1000}`))
    const [c] = engine.candles('BTC/USDT', '1h', { start, end: start + 1, now: NOW })
    const market = engine.market('BTC/USDT')
    expect(row).toEqual([
      String(start / 1000),
      trimmed(c.quoteVolume, market.quoteDecimals),
      trimmed(c.close, 2),
      trimmed(c.high, 2),
      trimmed(c.low, 2),
      trimmed(c.open, 2),
      trimmed(c.volume, 5),
      'true',
    ])
  })

  it('without from/to: the latest 100, oldest first, the last one in progress ("false")', () => {
    const reply = spot('currency_pair=BTC_USDT&interval=1m')
    const current = Date.UTC(2026, 2, 10, 12, 34)
    expect(opens(reply)).toEqual(minutes(current - 99 * MINUTE, 100))
    const all = rows(reply)
    expect(all.at(-1)![7]).toBe('false')
    expect(all.slice(0, -1).every((row) => row[7] === 'true')).toBe(true)
    const live = engine.candleAt('BTC/USDT', '1m', NOW)
    expect(all.at(-1)![2]).toBe(trimmed(live.close, 2))
  })

  it('the default interval is 30m; limit picks the latest n; 1000 is the most', () => {
    expect(opens(spot('currency_pair=BTC_USDT&limit=2'))).toEqual([Date.UTC(2026, 2, 10, 12), Date.UTC(2026, 2, 10, 12, 30)])
    expect(rows(spot('currency_pair=BTC_USDT&interval=1m&limit=1000'))).toHaveLength(1000)
    expectError(spot('currency_pair=BTC_USDT&interval=1m&limit=1001'), 400, 'INVALID_PARAM_VALUE', 'Candlestick range too broad. Maximum 1000 data points are allowed per request')
  })

  it('from and to are inclusive bounds of open times; to is capped at the one in progress', () => {
    const from = Date.UTC(2026, 2, 10, 11)
    expect(opens(spot(`currency_pair=BTC_USDT&interval=1m&from=${from / 1000}&to=${from / 1000 + 120}`))).toEqual(minutes(from, 3))
    expect(opens(spot(`currency_pair=BTC_USDT&interval=1m&from=${from / 1000 + 30}&to=${from / 1000 + 150}`))).toEqual(minutes(from + MINUTE, 2))
    expect(opens(spot(`currency_pair=BTC_USDT&interval=1m&from=${from / 1000 - 1}&to=${from / 1000 + 59}`))).toEqual([from])
    expect(opens(spot(`currency_pair=BTC_USDT&interval=1m&from=${Date.UTC(2026, 2, 10, 12, 30) / 1000}&to=${NOW_S + 600}`))).toEqual(minutes(Date.UTC(2026, 2, 10, 12, 30), 5))
    expect(opens(spot(`currency_pair=BTC_USDT&interval=1m&from=${from / 1000}`))).toEqual(minutes(from, 95))
    expect(rows(spot(`currency_pair=BTC_USDT&interval=1m&from=${NOW_S + 60}&to=${NOW_S + 120}`))).toEqual([])
    expect(rows(spot(`currency_pair=BTC_USDT&interval=1m&from=${from / 1000 + 120}&to=${from / 1000}`))).toEqual([])
    // A window in the future is empty however broad: the span is counted up to the bucket in progress (unverified).
    expect(rows(spot(`currency_pair=BTC_USDT&interval=1m&from=${NOW_S + 86_400}&to=${NOW_S + 2 * 86_400}`))).toEqual([])
    expect(rows(spot(`currency_pair=BTC_USDT&interval=1m&from=${NOW_S - 120}&to=${NOW_S + 2 * 86_400}`))).toHaveLength(2)
  })

  it('only `to`: the 100 buckets up to it', () => {
    const to = Date.UTC(2026, 2, 10, 11)
    expect(opens(spot(`currency_pair=BTC_USDT&interval=1m&to=${to / 1000}`))).toEqual(minutes(to - 99 * MINUTE, 100))
  })

  it('1000 points in a range at most; only the latest 10000 intervals are reachable', () => {
    const current = Date.UTC(2026, 2, 10, 12, 34)
    expect(rows(spot(`currency_pair=BTC_USDT&interval=1m&from=${(current - 999 * MINUTE) / 1000}&to=${current / 1000}`))).toHaveLength(1000)
    expectError(spot(`currency_pair=BTC_USDT&interval=1m&from=${(current - 1000 * MINUTE) / 1000}&to=${current / 1000}`), 400, 'INVALID_PARAM_VALUE', 'Candlestick range too broad. Maximum 1000 data points are allowed per request')
    expect(rows(spot(`currency_pair=BTC_USDT&interval=1m&from=${(current - 10_000 * MINUTE) / 1000}&to=${(current - 9_990 * MINUTE) / 1000}`))).toHaveLength(11)
    expectError(spot(`currency_pair=BTC_USDT&interval=1m&from=${(current - 10_001 * MINUTE) / 1000}&to=${(current - 9_990 * MINUTE) / 1000}`), 400, 'INVALID_PARAM_VALUE', 'Candlestick too long ago. Maximum 10000 points ago are allowed')
  })

  it('intervals: 1s … 7d (seven days from the epoch) and 30d (the calendar month); 2h and 1w are refused on spot', () => {
    const week = rows(spot('currency_pair=BTC_USDT&interval=7d&limit=1'))
    expect(new Date(Number(week[0][0]) * 1000).getUTCDay()).toBe(4)
    expect(opens(spot('currency_pair=BTC_USDT&interval=30d&limit=2'))).toEqual([Date.UTC(2026, 1, 1), Date.UTC(2026, 2, 1)])
    expect(opens(spot('currency_pair=BTC_USDT&interval=1s&limit=1'))).toEqual([Math.floor(NOW / 1000) * 1000])
    expect(opens(spot('currency_pair=BTC_USDT&interval=10s&limit=1'))).toEqual([Date.UTC(2026, 2, 10, 12, 34, 50)])
    const [month] = rows(spot(`currency_pair=BTC_USDT&interval=30d&from=${Date.UTC(2026, 0, 1) / 1000}&to=${Date.UTC(2026, 0, 1) / 1000}`))
    expect(month[5]).toBe(trimmed(engine.candles('BTC/USDT', '1M', { start: Date.UTC(2026, 0, 1), end: Date.UTC(2026, 0, 2), now: NOW })[0].open, 2))
    for (const bad of ['2h', '1w', '1M', '1d ', '', '60', '1H']) expectError(spot(`currency_pair=BTC_USDT&interval=${encodeURIComponent(bad)}`), 400, 'INVALID_PARAM_VALUE', `Invalid request parameter \`interval\` value: ${bad}`)
  })

  it('native errors: missing pair, unknown pair, limit with from/to, malformed numbers', () => {
    expectError(spot('interval=1m'), 400, 'MISSING_REQUIRED_PARAM', 'Missing required parameter: currency_pair')
    expectError(spot('currency_pair=NOPE_USDT'), 400, 'INVALID_CURRENCY_PAIR', 'Invalid currency pair: NOPE_USDT')
    expectError(spot('currency_pair=btc_usdt'), 400, 'INVALID_CURRENCY_PAIR', 'Invalid currency pair: btc_usdt')
    expectError(spot(`currency_pair=BTC_USDT&limit=100&from=${NOW_S - 600}`), 400, 'INVALID_PARAM_VALUE', 'Invalid request parameter `limit` value: 100')
    expectError(spot(`currency_pair=BTC_USDT&limit=10&to=${NOW_S}`), 400, 'INVALID_PARAM_VALUE', 'Invalid request parameter `limit` value: 10')
    for (const bad of ['0', '-1', '1.5', 'ten', '']) expectError(spot(`currency_pair=BTC_USDT&limit=${bad}`), 400, 'INVALID_PARAM_VALUE', `Invalid request parameter \`limit\` value: ${bad}`)
    expectError(spot('currency_pair=BTC_USDT&from=abc'), 400, 'INVALID_PARAM_VALUE', 'Invalid request parameter `from` value: abc')
    expectError(spot('currency_pair=BTC_USDT&to=1e9'), 400, 'INVALID_PARAM_VALUE', 'Invalid request parameter `to` value: 1e9')
  })

  it('spot pairs only: a perpetual-only market is not a spot pair', () => {
    expectError(spot('currency_pair=SOL_USDT'), 400, 'INVALID_CURRENCY_PAIR', 'Invalid currency pair: SOL_USDT')
  })
})

describe('futures candlesticks rows (§6.1)', () => {
  it('objects {t (s number), v (contracts), c, h, l, o, sum}; contracts are volume / quanto_multiplier', () => {
    const start = Date.UTC(2026, 2, 10, 10)
    const [row] = rows<Record<string, unknown>>(futures(`contract=BTC_USDT&interval=1h&from=${start / 1000}&to=${start / 1000}`))
    const [c] = engine.candles('BTC/USDT', '1h', { start, end: start + 1, now: NOW })
    expect(Object.keys(row)).toEqual(['t', 'v', 'c', 'h', 'l', 'o', 'sum'])
    expect(row).toEqual({
      t: start / 1000,
      v: Math.round(c.volume / 0.00001),
      c: trimmed(c.close, 2),
      h: trimmed(c.high, 2),
      l: trimmed(c.low, 2),
      o: trimmed(c.open, 2),
      sum: trimmed(c.quoteVolume, engine.market('BTC/USDT').quoteDecimals),
    })
    expect(Number.isInteger(row.v)).toBe(true)
  })

  it('default 5m, 100 rows, oldest first; 2000 at most; perpetual-only markets are listed', () => {
    const reply = futures('contract=SOL_USDT')
    expect(opens(reply)).toEqual(Array.from({ length: 100 }, (_, i) => Date.UTC(2026, 2, 10, 12, 30) - (99 - i) * 5 * MINUTE))
    expect(rows(futures('contract=BTC_USDT&interval=1m&limit=2000'))).toHaveLength(2000)
    expectError(futures('contract=BTC_USDT&interval=1m&limit=2001'), 400, 'INVALID_PARAM_VALUE', 'Candlestick range too broad. Maximum 2000 data points are allowed per request')
    const current = Date.UTC(2026, 2, 10, 12, 34)
    expect(rows(futures(`contract=BTC_USDT&interval=1m&from=${(current - 1999 * MINUTE) / 1000}&to=${current / 1000}`))).toHaveLength(2000)
    expectError(futures(`contract=BTC_USDT&interval=1m&from=${(current - 10_001 * MINUTE) / 1000}&to=${(current - 9_990 * MINUTE) / 1000}`), 400, 'INVALID_PARAM_VALUE', 'Candlestick too long ago. Maximum 10000 points recently are allowed')
  })

  it('intervals add 2h, 1w (Monday) and 30d; mark_/index_ contracts answer rows without v and sum', () => {
    expect(opens(futures('contract=BTC_USDT&interval=1w&limit=1'))).toEqual([Date.UTC(2026, 2, 9)])
    expect(opens(futures('contract=BTC_USDT&interval=2h&limit=1'))).toEqual([Date.UTC(2026, 2, 10, 12)])
    expect(opens(futures('contract=BTC_USDT&interval=30d&limit=1'))).toEqual([Date.UTC(2026, 2, 1)])
    const [mark] = rows<Record<string, unknown>>(futures('contract=mark_BTC_USDT&interval=1m&limit=1'))
    expect(Object.keys(mark)).toEqual(['t', 'c', 'h', 'l', 'o'])
    expectError(futures('contract=BTC_USDT&interval=1s'), 400, 'INVALID_PARAM_VALUE', 'Invalid request parameter `interval` value: 1s')
  })

  it('native errors: missing and unknown contract, timezone', () => {
    expectError(futures('interval=1m'), 400, 'MISSING_REQUIRED_PARAM', 'Missing required parameter: contract')
    expectError(futures('contract=NOPE_USDT'), 400, 'CONTRACT_NOT_FOUND', 'Contract not found: NOPE_USDT')
    expectError(futures('contract=BTC_USDT&timezone=utc9'), 400, 'INVALID_PARAM_VALUE', 'Invalid request parameter `timezone` value: utc9')
    expect(rows(futures('contract=BTC_USDT&timezone=utc0&limit=1'))).toHaveLength(1)
  })

  it('served on fx-api.gateio.ws too; spot paths are not', () => {
    expect(rows(call(gatePerpetual, 'https://fx-api.gateio.ws/api/v4/futures/usdt/candlesticks?contract=BTC_USDT&limit=1'))).toHaveLength(1)
    expect(call(gatePerpetual, 'https://fx-api.gateio.ws/api/v4/spot/time').status).toBe(404)
  })
})

describe('what ccxt.gate loadMarkets fetches (§0.2, §5.1, §6.2)', () => {
  it('spot: currencies, currency_pairs with what ccxt reads; margin, futures, delivery and options lists empty', () => {
    const pairs = rows<Record<string, unknown>>(call(gateSpot, 'https://api.gateio.ws/api/v4/spot/currency_pairs'))
    expect(pairs.map((p) => p.id)).toEqual(['BTC_USDT', 'ETH_USDT'])
    expect(pairs[0]).toMatchObject({ id: 'BTC_USDT', base: 'BTC', quote: 'USDT', fee: '0.2', amount_precision: 5, precision: 2, trade_status: 'tradable', min_base_amount: '0.00001' })
    const currencies = rows<Record<string, unknown>>(call(gateSpot, 'https://api.gateio.ws/api/v4/spot/currencies'))
    expect(currencies.map((c) => c.currency)).toEqual(['BTC', 'USDT', 'ETH'])
    for (const path of ['margin/currency_pairs', 'futures/usdt/contracts', 'futures/btc/contracts', 'delivery/usdt/contracts', 'options/underlyings']) {
      expect(call(gateSpot, `https://api.gateio.ws/api/v4/${path}`)).toEqual({ status: 200, body: [] })
    }
    expect(gateSpot.routes.filter((r) => r.fallback).map((r) => r.path)).toEqual(['/api/v4/futures/usdt/contracts', '/api/v4/futures/btc/contracts', '/api/v4/delivery/usdt/contracts', '/api/v4/options/underlyings'])
    expect(call(gateSpot, 'https://api.gateio.ws/api/v4/spot/time')).toEqual({ status: 200, body: { server_time: NOW } })
  })

  it('perpetual: contracts with what ccxt reads; the spot lists as empty fallbacks', () => {
    const list = rows<Record<string, unknown>>(call(gatePerpetual, 'https://api.gateio.ws/api/v4/futures/usdt/contracts'))
    expect(list.map((c) => c.name)).toEqual(['BTC_USDT', 'ETH_USDT', 'SOL_USDT'])
    expect(list[0]).toMatchObject({ name: 'BTC_USDT', type: 'direct', quanto_multiplier: '0.00001', order_price_round: '0.01', order_size_min: 1, status: 'trading', order_price_deviate: '0.5' })
    expect(list[0].mark_price).toBe(trimmed(engine.candleAt('BTC/USDT', '1m', NOW).close, 2))
    expect(gatePerpetual.routes.filter((r) => r.fallback).map((r) => r.path)).toEqual(['/api/v4/spot/time', '/api/v4/spot/currencies', '/api/v4/spot/currency_pairs', '/api/v4/margin/currency_pairs', '/api/v4/options/underlyings'])
    for (const path of ['spot/currencies', 'spot/currency_pairs', 'margin/currency_pairs', 'futures/btc/contracts', 'delivery/usdt/contracts', 'options/underlyings']) {
      expect(call(gatePerpetual, `https://api.gateio.ws/api/v4/${path}`)).toEqual({ status: 200, body: [] })
    }
  })
})

describe('plugin shape, native errors and limits (§5.2)', () => {
  it('types, ids, hosts', () => {
    expect(gateSpot.type).toBe('gate_io_spot')
    expect(gatePerpetual.type).toBe('gate_io_perpetual')
    expect(gateSpot.marketId(engine.market('BTC/USDT'))).toBe('BTC_USDT')
    expect(contextOf(gateSpot).markets.map((m) => m.id)).toEqual(['BTC_USDT', 'ETH_USDT'])
    expect(contextOf(gatePerpetual).markets.map((m) => m.id)).toEqual(['BTC_USDT', 'ETH_USDT', 'SOL_USDT'])
    expect(gateSpot.restOrigins).toContain('https://api.gateio.ws')
    expect(gatePerpetual.restOrigins).toContain('https://fx-api.gateio.ws')
    expect(gateSpot.wsOrigins).toEqual(['wss://api.gateio.ws'])
    expect(gatePerpetual.wsOrigins).toEqual(['wss://fx-ws.gateio.ws'])
  })

  it('not found, injected statuses, rate limited: label bodies', () => {
    const url = new URL('https://api.gateio.ws/api/v4/spot/candles')
    const notFound = gateSpot.errors.notFound({ method: 'GET', url, query: url.searchParams, headers: new Headers() }, 'GET /api/v4/spot/candlesticks')
    expect(notFound.status).toBe(404)
    expect(notFound.body).toEqual({ label: 'NOT_FOUND', message: 'Not Found' })
    expect(notFound.headers?.['x-mock-exchange-hint']).toContain('/api/v4/spot/candlesticks')
    expect(gateSpot.errors.status(500)).toEqual({ status: 500, body: { label: 'SERVER_ERROR', message: 'Internal server error' } })
    expect(gateSpot.errors.status(418).body).toMatchObject({ label: 'HTTP_418' })
    const limited = gateSpot.errors.rateLimited({ retryAfter: 3, banned: false, until: NOW + 3000, limit: 200 })
    expect(limited).toMatchObject({ status: 429, body: { label: 'TOO_MANY_REQUESTS', message: 'Request Rate limit Exceeded' } })
    expect(limited.headers).toEqual({ 'X-Gate-RateLimit-Requests-Remain': '0', 'X-Gate-RateLimit-Limit': '200' })
    expect(gateSpot.limits).toMatchObject({ windowMs: 10_000, limit: 200 })
    expect(gateSpot.limits.usageHeaders(7)).toEqual({ 'X-Gate-RateLimit-Requests-Remain': '193', 'X-Gate-RateLimit-Limit': '200' })
  })
})

interface Follow {
  market: ListedMarket
  interval: IntervalInput
  cadenceMs: number
  onUpdate: (candle: Candle, closed: boolean) => void
  stopped: boolean
}

class FakeSocket implements WsSocket {
  readonly url: URL
  readonly rejected = new Set<string>()
  readonly sent: string[] = []
  readonly follows: Follow[] = []
  readonly supportsPing = true
  constructor(url: string) {
    this.url = new URL(url)
  }
  send(frame: string | Uint8Array): void {
    this.sent.push(String(frame))
  }
  close(): void {}
  ping(): void {}
  rejects(channel: string): boolean {
    return this.rejected.has(channel)
  }
  follow(market: ListedMarket, interval: IntervalInput, cadenceMs: number, onUpdate: (candle: Candle, closed: boolean) => void): () => void {
    const entry: Follow = { market, interval, cadenceMs, onUpdate, stopped: false }
    this.follows.push(entry)
    return () => {
      entry.stopped = true
    }
  }
  every(): () => void {
    throw new Error('Gate has no server timers')
  }
  after(): () => void {
    throw new Error('Gate has no server timers')
  }
  get frames(): any[] {
    return this.sent.map((frame) => JSON.parse(frame))
  }
  get live(): Follow[] {
    return this.follows.filter((f) => !f.stopped)
  }
}

function open(plugin: ExchangePlugin, url: string) {
  const socket = new FakeSocket(url)
  expect(plugin.ws.accepts(socket.url)).toBe(true)
  const connection = plugin.ws.connect(socket, contextOf(plugin))
  const send = (frame: unknown) => connection.message(typeof frame === 'string' ? frame : JSON.stringify(frame))
  return { socket, connection, send }
}
const SPOT_WS = 'wss://api.gateio.ws/ws/v4/'
const FUTURES_WS = 'wss://fx-ws.gateio.ws/v4/ws/usdt'

describe('WebSocket (§5.3, §6.4)', () => {
  it('accepts only the stream paths', () => {
    expect(gateSpot.ws.accepts(new URL(SPOT_WS))).toBe(true)
    expect(gateSpot.ws.accepts(new URL('wss://api.gateio.ws/ws/v3/'))).toBe(false)
    expect(gatePerpetual.ws.accepts(new URL(FUTURES_WS))).toBe(true)
    expect(gatePerpetual.ws.accepts(new URL('wss://fx-ws.gateio.ws/v4/ws/btc'))).toBe(false)
  })

  it('spot: subscribe ack, 2 s pushes of the candle in progress with w:false, the closed one with w:true', () => {
    const { socket, send } = open(gateSpot, SPOT_WS)
    send({ time: NOW_S, id: 7, channel: 'spot.candlesticks', event: 'subscribe', payload: ['1m', 'BTC_USDT'] })
    expect(socket.frames).toEqual([{ time: NOW_S, time_ms: NOW, id: 7, channel: 'spot.candlesticks', event: 'subscribe', error: null, result: { status: 'success' } }])
    expect(socket.live).toHaveLength(1)
    expect(socket.live[0]).toMatchObject({ interval: '1m', cadenceMs: 2000 })
    const live = engine.candleAt('BTC/USDT', '1m', NOW)
    socket.live[0].onUpdate(live, false)
    socket.live[0].onUpdate({ ...live, closed: true }, true)
    const [, update, closing] = socket.frames
    expect(Object.keys(update)).toEqual(['time', 'time_ms', 'channel', 'event', 'result'])
    expect(update).toMatchObject({ channel: 'spot.candlesticks', event: 'update' })
    expect(update.result).toEqual({
      t: String(live.openTime / 1000),
      v: trimmed(live.quoteVolume, engine.market('BTC/USDT').quoteDecimals),
      c: trimmed(live.close, 2),
      h: trimmed(live.high, 2),
      l: trimmed(live.low, 2),
      o: trimmed(live.open, 2),
      n: '1m_BTC_USDT',
      a: trimmed(live.volume, 5),
      w: false,
    })
    expect(closing.result.w).toBe(true)
  })

  it('futures: result is an array with integer t and v (contracts)', () => {
    const { socket, send } = open(gatePerpetual, FUTURES_WS)
    send({ time: NOW_S, id: 1, channel: 'futures.candlesticks', event: 'subscribe', payload: ['5m', 'SOL_USDT'] })
    expect(socket.frames[0]).toMatchObject({ id: 1, channel: 'futures.candlesticks', event: 'subscribe', result: { status: 'success' } })
    const live = engine.candleAt('SOL/USDT', '5m', NOW)
    socket.live[0].onUpdate(live, false)
    const result = socket.frames[1].result
    expect(result).toEqual([{ t: live.openTime / 1000, v: Math.round(live.volume / 0.001), c: trimmed(live.close, 2), h: trimmed(live.high, 2), l: trimmed(live.low, 2), o: trimmed(live.open, 2), n: '5m_SOL_USDT', a: trimmed(live.volume, 3), w: false }])
  })

  it('ping → pong on each channel prefix', () => {
    const { socket, send } = open(gateSpot, SPOT_WS)
    send({ time: NOW_S, channel: 'spot.ping' })
    expect(socket.frames).toEqual([{ time: NOW_S, time_ms: NOW, channel: 'spot.pong', event: '', error: null, result: null }])
    const futuresSession = open(gatePerpetual, FUTURES_WS)
    futuresSession.send({ time: NOW_S, channel: 'futures.ping' })
    expect(futuresSession.socket.frames[0]).toMatchObject({ channel: 'futures.pong', event: '', result: null })
  })

  it('subscribing twice follows once; unsubscribe stops it and is acked', () => {
    const { socket, send } = open(gateSpot, SPOT_WS)
    const frame = { time: NOW_S, id: 1, channel: 'spot.candlesticks', event: 'subscribe', payload: ['1m', 'BTC_USDT'] }
    send(frame)
    send({ ...frame, id: 2 })
    expect(socket.live).toHaveLength(1)
    send({ ...frame, id: 3, event: 'unsubscribe' })
    expect(socket.live).toHaveLength(0)
    expect(socket.frames.map((f) => [f.id, f.event, f.result.status])).toEqual([
      [1, 'subscribe', 'success'],
      [2, 'subscribe', 'success'],
      [3, 'unsubscribe', 'success'],
    ])
  })

  it('errors: {code, message} with result status fail; the connection keeps serving', () => {
    const { socket, send } = open(gateSpot, SPOT_WS)
    const base = { time: NOW_S, id: 4, channel: 'spot.candlesticks', event: 'subscribe' }
    send({ ...base, payload: ['1m', 'NOPE_USDT'] })
    send({ ...base, payload: ['1s', 'BTC_USDT'] })
    send({ ...base, payload: ['1m'] })
    send({ ...base, channel: 'spot.kline', payload: ['1m', 'BTC_USDT'] })
    send({ ...base, event: 'watch', payload: ['1m', 'BTC_USDT'] })
    send({ id: 4, channel: 'spot.candlesticks', event: 'subscribe', payload: ['1m', 'BTC_USDT'] })
    send('not json')
    send('[1,2]')
    const frames = socket.frames
    expect(frames.map((f) => f.error)).toEqual([
      { code: 2, message: 'unknown currency pair: NOPE_USDT' },
      { code: 2, message: 'invalid interval: 1s' },
      { code: 2, message: 'invalid argument: payload' },
      { code: 2, message: 'unknown channel: spot.kline' },
      { code: 1, message: 'invalid event: watch' },
      { code: 1, message: 'invalid request body' },
      { code: 1, message: 'invalid request body' },
      { code: 1, message: 'invalid request body' },
    ])
    expect(frames.every((f) => f.result.status === 'fail')).toBe(true)
    expect(frames[0]).toMatchObject({ id: 4, channel: 'spot.candlesticks', event: 'subscribe', payload: ['1m', 'NOPE_USDT'] })
    expect(frames[6]).toMatchObject({ channel: '', event: '' })
    send({ ...base, payload: ['1m', 'BTC_USDT'] })
    expect(socket.frames.at(-1).result).toEqual({ status: 'success' })
    const perp = open(gatePerpetual, FUTURES_WS)
    perp.send({ ...base, channel: 'futures.candlesticks', payload: ['1m', 'BTC_USDT_20220318'] })
    expect(perp.socket.frames[0].error).toEqual({ code: 2, message: 'unknown contract BTC_USDT_20220318' })
  })

  it('a rejectSubscription fault refuses with the native error; a closed connection ignores frames and stops its follows', () => {
    const { socket, send, connection } = open(gateSpot, SPOT_WS)
    socket.rejected.add('spot.candlesticks')
    send({ time: NOW_S, id: 1, channel: 'spot.candlesticks', event: 'subscribe', payload: ['1m', 'BTC_USDT'] })
    expect(socket.frames[0].result).toEqual({ status: 'fail' })
    socket.rejected.clear()
    send({ time: NOW_S, id: 2, channel: 'spot.candlesticks', event: 'subscribe', payload: ['1m', 'BTC_USDT'] })
    expect(socket.live).toHaveLength(1)
    connection.closed?.()
    expect(socket.live).toHaveLength(0)
    send({ time: NOW_S, channel: 'spot.ping' })
    expect(socket.sent).toHaveLength(2)
  })
})

describe('determinism', () => {
  it('the same request answers the same bytes', () => {
    const a = JSON.stringify(spot('currency_pair=ETH_USDT&interval=4h&limit=50').body)
    const b = JSON.stringify(spot('currency_pair=ETH_USDT&interval=4h&limit=50').body)
    expect(a).toBe(b)
    expect(DAY).toBe(24 * HOUR)
  })
})
