import { describe, expect, it } from 'vitest'
import { kucoinPerpetual, kucoinSpot } from '../handlers/kucoin/index.js'
import type { Candle } from '../src/engine/candle.js'
import { CandleEngine } from '../src/engine/engine.js'
import type { IntervalInput } from '../src/engine/interval.js'
import { createContext } from '../src/exchange/context.js'
import type { ExchangePlugin, ListedMarket, RestReply, RestRequest, WsSocket } from '../src/exchange/types.js'

// Compliance tests of the KuCoin plugins against wire-formats §3 (spot), §4 (futures) and
// §7, through the plugin contract only: no network, no MSW, no real time.

const MINUTE = 60_000
const HOUR = 60 * MINUTE
/** Mid-minute, mid-second. */
const NOW = Date.UTC(2026, 2, 10, 12, 34, 56, 789)
const MARKETS = [{ symbol: 'BTC/USDT' }, { symbol: 'ETH/BTC', price: 0.05, tickSize: 0.00001, lotSize: 0.0001 }]
const engine = new CandleEngine({ seed: 7, markets: MARKETS })
const SPOT = 'https://api.kucoin.com'
const FUTURES = 'https://api-futures.kucoin.com'

function call(plugin: ExchangePlugin, url: string, options: { now?: number; method?: 'GET' | 'POST' } = {}): RestReply {
  const parsed = new URL(url)
  const request: RestRequest = { method: options.method ?? 'GET', url: parsed, query: parsed.searchParams, headers: new Headers() }
  const route = plugin.routes.find((r) => r.method === request.method && r.path === parsed.pathname)
  if (!route) throw new Error(`no route for ${url}`)
  return route.handle(request, createContext(plugin, engine, () => options.now ?? NOW))
}
const spot = (query: string, now?: number) => call(kucoinSpot, `${SPOT}/api/v1/market/candles?${query}`, { now })
const futures = (query: string, now?: number) => call(kucoinPerpetual, `${FUTURES}/api/v1/kline/query?${query}`, { now })
const data = (reply: RestReply) => {
  expect(reply.status).toBe(200)
  const body = reply.body as { code: string; data: unknown }
  expect(Object.keys(body)).toEqual(['code', 'data'])
  expect(body.code).toBe('200000')
  return body.data as any
}
const s = (ms: number) => Math.floor(ms / 1000)
const minutes = (start: number, count: number) => Array.from({ length: count }, (_, i) => start + i * MINUTE)

describe('spot REST candles (§3.1)', () => {
  it('rows are 7 strings [time s, open, CLOSE, HIGH, LOW, volume, turnover] without trailing zeros', () => {
    const start = Date.UTC(2026, 1, 1, 10)
    const [row] = data(spot(`symbol=BTC-USDT&type=1hour&startAt=${s(start)}&endAt=${s(start + HOUR)}`))
    const [c] = engine.candles('BTC/USDT', '1h', { start, end: start + 1, now: NOW })
    const market = engine.market('BTC/USDT')
    const t = (v: number, d: number) => v.toFixed(d).replace(/\.?0+$/, '')
    expect(row).toEqual([String(start / 1000), t(c.open, 2), t(c.close, 2), t(c.high, 2), t(c.low, 2), t(c.volume, market.lot.decimals), t(c.quoteVolume, market.quoteDecimals)])
  })

  it('newest first; startAt inclusive, endAt exclusive; unaligned bounds round inwards', () => {
    const at = Date.UTC(2026, 2, 10, 10)
    const opens = (q: string) => (data(spot(`symbol=BTC-USDT&type=1min&${q}`)) as string[][]).map((r) => Number(r[0]) * 1000)
    expect(opens(`startAt=${s(at)}&endAt=${s(at + 3 * MINUTE)}`)).toEqual(minutes(at, 3).reverse())
    expect(opens(`startAt=${s(at) + 1}&endAt=${s(at + 3 * MINUTE) + 1}`)).toEqual(minutes(at + MINUTE, 3).reverse())
  })

  it('no bounds: the latest 1500 up to the candle in progress (the first row, as the engine has it at now)', () => {
    const rows = data(spot('symbol=BTC-USDT&type=1min')) as string[][]
    expect(rows).toHaveLength(1500)
    expect(Number(rows[0][0]) * 1000).toBe(Date.UTC(2026, 2, 10, 12, 34))
    const live = engine.candleAt('BTC/USDT', '1m', NOW)
    expect(Number(rows[0][2])).toBe(live.close)
    expect(Number(rows[1][0]) * 1000).toBe(Date.UTC(2026, 2, 10, 12, 33))
  })

  it('a range over 1500 candles serves its newest 1500; a range in the future is empty', () => {
    const end = Date.UTC(2026, 2, 9)
    const rows = data(spot(`symbol=BTC-USDT&type=1min&startAt=${s(end - 3000 * MINUTE)}&endAt=${s(end)}`)) as string[][]
    expect(rows).toHaveLength(1500)
    expect(Number(rows[0][0]) * 1000).toBe(end - MINUTE)
    expect(data(spot(`symbol=BTC-USDT&type=1min&startAt=${s(NOW) + 120}`))).toEqual([])
  })

  it('every type maps to its engine interval (weeks open Monday, months on the 1st)', () => {
    for (const [type, interval] of [['3min', '3m'], ['8hour', '8h'], ['1week', '1w'], ['1month', '1M']] as const) {
      const [row] = data(spot(`symbol=BTC-USDT&type=${type}`)) as string[][]
      expect(Number(row[0]) * 1000).toBe(engine.candleAt('BTC/USDT', interval, NOW).openTime)
    }
  })

  it('nothing opens before the epoch: 1500 months without bounds stop at 1970, a bound before it is the epoch', () => {
    const months = data(spot('symbol=BTC-USDT&type=1month')) as string[][]
    expect(months.at(-1)![0]).toBe('0')
    expect(months).toHaveLength(2026 * 12 + 2 - 1970 * 12 + 1)
    const weeks = data(spot('symbol=BTC-USDT&type=1week&endAt=1')) as string[][]
    expect(weeks).toEqual([])
    const first = data(futures('symbol=XBTUSDTM&granularity=10080&from=1&to=1000000000')) as number[][]
    expect(first[0][0]).toBe(4 * 86_400_000)
  })

  it('native errors: unknown pair and type with HTTP 200 and 400100; malformed times with HTTP 400', () => {
    expect(spot('symbol=NOPE-USDT&type=1min')).toEqual({ status: 200, body: { code: '400100', msg: 'This pair is not provided at present' } })
    expect(spot('symbol=BTC-USDT&type=1m')).toEqual({ status: 200, body: { code: '400100', msg: 'This type of Candlestick is currently not provided.' } })
    expect(spot('symbol=BTC-USDT')).toEqual({ status: 200, body: { code: '400100', msg: 'This type of Candlestick is currently not provided.' } })
    expect(spot('symbol=BTC-USDT&type=1min&startAt=abc')).toEqual({ status: 400, body: { code: '400100', msg: 'Parameter [startAt] is invalid.' } })
  })

  it('the spot path on the futures host is 404000 Url Not Found', () => {
    const reply = call(kucoinSpot, `${FUTURES}/api/v1/market/candles?symbol=BTC-USDT&type=1min`)
    expect(reply.status).toBe(404)
    expect(reply.body).toEqual({ code: '404000', msg: 'Url Not Found' })
  })
})

describe('futures REST klines (§4.1)', () => {
  it('rows are 6 numbers [time ms, open, high, low, close, contracts], oldest first', () => {
    const at = Date.UTC(2026, 2, 10, 10)
    const rows = data(futures(`symbol=XBTUSDTM&granularity=1&from=${at}&to=${at + 3 * MINUTE}`)) as number[][]
    const candles = engine.candles('BTC/USDT', '1m', { start: at, end: at + 3 * MINUTE, now: NOW })
    const lot = engine.market('BTC/USDT').lotSize
    expect(rows).toEqual(candles.map((c) => [c.openTime, c.open, c.high, c.low, c.close, Math.round(c.volume / lot)]))
  })

  it('only from: up to 500 from it; neither: the latest 500, the last in progress; ETHBTCM for ETH/BTC', () => {
    const at = Date.UTC(2026, 2, 9)
    const from = data(futures(`symbol=XBTUSDTM&granularity=1&from=${at}`)) as number[][]
    expect(from).toHaveLength(500)
    expect(from[0][0]).toBe(at)
    const latest = data(futures('symbol=XBTUSDTM&granularity=1')) as number[][]
    expect(latest).toHaveLength(500)
    expect(latest.at(-1)![0]).toBe(Date.UTC(2026, 2, 10, 12, 34))
    expect(latest.at(-1)![4]).toBe(engine.candleAt('BTC/USDT', '1m', NOW).close)
    expect(data(futures('symbol=ETHBTCM&granularity=60'))).toHaveLength(500)
  })

  it('native errors: unknown contract, bad granularity', () => {
    expect(futures('symbol=BTCUSDTM&granularity=1')).toEqual({ status: 200, body: { code: '100003', msg: 'Contract parameter invalid' } })
    expect(futures('symbol=XBTUSDTM&granularity=3')).toEqual({ status: 400, body: { code: '400100', msg: 'Parameter [granularity] is invalid.' } })
  })
})

describe('metadata ccxt loads (§3.1, §4.2, §0.2)', () => {
  it('timestamp in ms on both hosts', () => {
    expect(data(call(kucoinSpot, `${SPOT}/api/v1/timestamp`))).toBe(NOW)
    expect(data(call(kucoinPerpetual, `${FUTURES}/api/v1/timestamp`))).toBe(NOW)
  })

  it('symbols, allTickers and currencies list the spot markets', () => {
    const symbols = data(call(kucoinSpot, `${SPOT}/api/v2/symbols`))
    expect(symbols.map((m: { symbol: string }) => m.symbol)).toEqual(['BTC-USDT', 'ETH-BTC'])
    expect(symbols[1]).toMatchObject({ baseCurrency: 'ETH', quoteCurrency: 'BTC', priceIncrement: '0.00001', baseIncrement: '0.0001', enableTrading: true })
    expect(data(call(kucoinSpot, `${SPOT}/api/v1/market/allTickers`)).ticker.map((t: { symbol: string }) => t.symbol)).toEqual(['BTC-USDT', 'ETH-BTC'])
    expect(data(call(kucoinSpot, `${SPOT}/api/v3/currencies`)).map((c: { currency: string }) => c.currency)).toEqual(['BTC', 'USDT', 'ETH'])
  })

  it('contracts/active: XBT for BTC, nextFundingRateTime present (a swap to ccxt); empty from the spot plugin', () => {
    const [contract] = data(call(kucoinPerpetual, `${FUTURES}/api/v1/contracts/active`))
    expect(contract).toMatchObject({ symbol: 'XBTUSDTM', baseCurrency: 'XBT', quoteCurrency: 'USDT', settleCurrency: 'USDT', status: 'Open', isInverse: false })
    expect(typeof contract.nextFundingRateTime).toBe('number')
    expect(data(call(kucoinSpot, `${FUTURES}/api/v1/contracts/active`))).toEqual([])
    expect(kucoinSpot.routes.find((r) => r.path === '/api/v1/contracts/active')?.fallback).toBe(true)
    expect(kucoinPerpetual.routes.find((r) => r.path === '/api/v3/currencies')?.fallback).toBe(true)
    // ccxt.kucoin loads spot symbols and tickers too: the futures plugin stands in with none.
    for (const path of ['/api/v2/symbols', '/api/v1/market/allTickers']) expect(kucoinPerpetual.routes.find((r) => r.path === path)?.fallback).toBe(true)
    expect(data(call(kucoinPerpetual, `${SPOT}/api/v2/symbols`))).toEqual([])
    expect(data(call(kucoinPerpetual, `${SPOT}/api/v1/market/allTickers`))).toEqual({ time: NOW, ticker: [] })
  })

  it('bullet-public gives the stream endpoint of the host asked', () => {
    const server = (plugin: ExchangePlugin, origin: string) => data(call(plugin, `${origin}/api/v1/bullet-public`, { method: 'POST' }))
    const spotToken = server(kucoinSpot, SPOT)
    expect(spotToken.token).toMatch(/^[\w-]+\.[\w+/=]+$/)
    expect(spotToken.instanceServers).toEqual([{ endpoint: 'wss://ws-api-spot.kucoin.com/', encrypt: true, protocol: 'websocket', pingInterval: 18000, pingTimeout: 10000 }])
    expect(server(kucoinPerpetual, FUTURES).instanceServers[0].endpoint).toBe('wss://ws-api-futures.kucoin.com/')
    expect(server(kucoinPerpetual, SPOT).instanceServers[0].endpoint).toBe('wss://ws-api-spot.kucoin.com/')
  })

  it('rate limits and core-made errors are native', () => {
    expect(kucoinSpot.limits).toMatchObject({ windowMs: 30_000, limit: 2000 })
    expect(kucoinSpot.errors.rateLimited({ retryAfter: 3, banned: false, until: 0, limit: 2000 })).toMatchObject({ status: 429, body: { code: '429000', msg: 'Too Many Requests' } })
    expect(kucoinSpot.errors.status(503).body).toEqual({ code: '503000', msg: 'Service Unavailable' })
  })
})

// ── WebSocket (§3.5, §4.4) ──

interface Follow {
  market: ListedMarket
  interval: IntervalInput
  cadenceMs: number
  onUpdate: (candle: Candle, closed: boolean) => void
  stopped: boolean
}

/** A WsSocket on a virtual clock: records frames and closes; `advance` runs the timers that fall due. */
class FakeSocket implements WsSocket {
  readonly url: URL
  readonly sent: string[] = []
  readonly follows: Follow[] = []
  readonly rejected = new Set<string>()
  readonly supportsPing = true
  closedWith: { code: number; reason?: string } | undefined
  private readonly timers: Array<{ due: number; fn: () => void; stopped: boolean }> = []

  constructor(
    url: string,
    readonly clock: { now: number },
  ) {
    this.url = new URL(url)
  }
  send(frame: string | Uint8Array): void {
    if (!this.closedWith) this.sent.push(String(frame))
  }
  close(code: number, reason?: string): void {
    this.closedWith ??= { code, reason }
  }
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
    throw new Error('the KuCoin protocol has no periodic server timers')
  }
  after(ms: number, fn: () => void): () => void {
    const timer = { due: this.clock.now + ms, fn, stopped: false }
    this.timers.push(timer)
    return () => {
      timer.stopped = true
    }
  }
  advance(ms: number): void {
    const end = this.clock.now + ms
    for (;;) {
      const next = this.timers.filter((t) => !t.stopped && t.due <= end).sort((a, b) => a.due - b.due)[0]
      if (!next || this.closedWith) break
      this.clock.now = next.due
      next.stopped = true
      next.fn()
    }
    this.clock.now = end
  }
  get live(): Follow[] {
    return this.follows.filter((f) => !f.stopped)
  }
}

function open(url = 'wss://ws-api-spot.kucoin.com/?token=abc&connectId=public', plugin: ExchangePlugin = kucoinSpot) {
  const clock = { now: NOW }
  const socket = new FakeSocket(url, clock)
  expect(plugin.ws.accepts(socket.url)).toBe(true)
  const connection = plugin.ws.connect(socket, createContext(plugin, engine, () => clock.now))
  socket.advance(0)
  const send = (frame: unknown) => connection.message(typeof frame === 'string' ? frame : JSON.stringify(frame))
  return { socket, connection, clock, send }
}

describe('WebSocket protocol (§3.5)', () => {
  it('welcome echoes the connectId; subscribe is acked with the request id; ping → pong', () => {
    const { socket, send } = open()
    send({ id: '1', type: 'subscribe', topic: '/market/candles:BTC-USDT_1min', response: true })
    send({ id: '7', type: 'ping' })
    expect(socket.sent).toEqual(['{"id":"public","type":"welcome"}', '{"id":"1","type":"ack"}', '{"id":"7","type":"pong"}'])
    expect(socket.live.map((f) => [f.market.id, f.interval, f.cadenceMs])).toEqual([['BTC-USDT', '1m', 1000]])
  })

  it('spot push: topic, type, subject trade.candles.update, 7 strings, 19-digit ns time; unchanged candles are not re-sent', () => {
    const { socket, send, clock } = open()
    send({ id: '1', type: 'subscribe', topic: '/market/candles:BTC-USDT_1min', response: true })
    const live = engine.candleAt('BTC/USDT', '1m', NOW)
    socket.live[0].onUpdate(live, false)
    socket.live[0].onUpdate(live, false)
    expect(socket.sent).toHaveLength(3)
    const push = socket.sent[2]
    expect(push).toMatch(new RegExp(`^\\{"topic":"/market/candles:BTC-USDT_1min","type":"message","subject":"trade.candles.update","data":\\{"symbol":"BTC-USDT","candles":\\[.*\\],"time":${clock.now}000000\\}\\}$`))
    expect(JSON.parse(push).data.candles).toEqual([String(live.openTime / 1000), ...[live.open, live.close, live.high, live.low].map((v) => String(v)), expect.any(String), expect.any(String)])
  })

  it('futures push: /contractMarket/limitCandle, subject candle.stick, contracts at 5 and 6, ms time', () => {
    const { socket, send, clock } = open('wss://ws-api-futures.kucoin.com/?token=abc&connectId=publicFutures', kucoinPerpetual)
    send({ id: '2', type: 'subscribe', topic: '/contractMarket/limitCandle:XBTUSDTM_1hour', response: true })
    const live = engine.candleAt('BTC/USDT', '1h', NOW)
    socket.live[0].onUpdate(live, false)
    const push = JSON.parse(socket.sent[2])
    const contracts = Math.round(live.volume / engine.market('BTC/USDT').lotSize)
    expect(push).toEqual({
      topic: '/contractMarket/limitCandle:XBTUSDTM_1hour',
      type: 'message',
      subject: 'candle.stick',
      data: { symbol: 'XBTUSDTM', candles: [String(live.openTime / 1000), String(live.open), String(live.close), String(live.high), String(live.low), `${contracts}.0`, String(contracts)], time: clock.now },
    })
  })

  it('errors: unknown topic 404, unknown type 415, malformed JSON 400; unsubscribe stops and acks', () => {
    const { socket, send } = open()
    send({ id: '3', type: 'subscribe', topic: '/market/candles:NOPE-USDT_1min', response: true })
    send({ id: '4', type: 'subscribe', topic: '/market/candles:BTC-USDT_1m', response: true })
    send({ id: '5', type: 'hello' })
    send('{oops')
    send({ id: '6', type: 'subscribe', topic: '/market/candles:BTC-USDT_5min', response: true })
    send({ id: '8', type: 'unsubscribe', topic: '/market/candles:BTC-USDT_5min', response: true })
    expect(socket.sent.slice(1).map((f) => JSON.parse(f))).toEqual([
      { id: '3', type: 'error', code: 404, data: 'topic does not exist' },
      { id: '4', type: 'error', code: 404, data: 'topic does not exist' },
      { id: '5', type: 'error', code: 415, data: 'type is not supported' },
      { id: 'public', type: 'error', code: 400, data: 'Invalid message format' },
      { id: '6', type: 'ack' },
      { id: '8', type: 'ack' },
    ])
    expect(socket.live).toEqual([])
  })

  it('a rejectSubscription fault answers an error and follows nothing', () => {
    const { socket, send } = open()
    socket.rejected.add('/market/candles:BTC-USDT_1min')
    send({ id: '1', type: 'subscribe', topic: '/market/candles:BTC-USDT_1min', response: true })
    expect(JSON.parse(socket.sent[1])).toMatchObject({ id: '1', type: 'error' })
    expect(socket.live).toEqual([])
  })

  it('a client silent for pingInterval + pingTimeout (28 s) is disconnected; pings keep it open', () => {
    const { socket, send } = open()
    socket.advance(20_000)
    send({ id: '1', type: 'ping' })
    socket.advance(27_000)
    expect(socket.closedWith).toBeUndefined()
    socket.advance(1_000)
    expect(socket.closedWith).toEqual({ code: 1000, reason: 'Ping timeout' })
  })

  it('without a token: an error and a close', () => {
    const { socket } = open('wss://ws-api-spot.kucoin.com/?connectId=x')
    expect(JSON.parse(socket.sent[0])).toMatchObject({ id: 'x', type: 'error', code: 401 })
    expect(socket.closedWith?.code).toBe(1000)
  })
})
