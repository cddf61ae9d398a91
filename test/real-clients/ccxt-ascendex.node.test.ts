import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { ascendexSpot } from '../../handlers/ascendex/index.js'
import { setupMockExchange, type MockExchangeController } from '../../src/index.js'
import { untilFrame } from '../support/ws.js'

/**
 * ccxt dropped AscendEX after 4.5.59 (facts §4), and the installed ccxt 4.5.84 has no
 * `ascendex` class, so this file drives the mock with a minimal client that does exactly
 * what ccxt 4.5.59's `ascendex` and `pro.ascendex` do on the wire (js/src/ascendex.js,
 * js/src/pro/ascendex.js): the same URLs, parameters, error handling (`code` ≠ 0 or a
 * `message` key throws), market parsing (`symbol`/`underlying` split on `/`, `active`
 * rules), `fetchOHLCV` request (`from` + `to = from + limit·tf + 1`, or `n`) and
 * `filterBySinceLimit`, `watchOHLCV` channel `bar:<i>:<id>` with a nonce `id`, and its
 * answer `{"op":"pong","hp":…}` to server pings. ccxt 4.5.59 itself runs in
 * ccxt-4.5.59-ascendex.node.test.ts (the devDependency alias `ccxt-ascendex`).
 */
const T0 = Date.UTC(2026, 0, 1, 12)
const MINUTE = 60_000
const REST = 'https://ascendex.com'
const WS = 'wss://ascendex.com:443/api/pro/v2/stream'
const TIMEFRAMES: Record<string, string> = { '1m': '1', '5m': '5', '15m': '15', '30m': '30', '1h': '60', '2h': '120', '4h': '240', '6h': '360', '12h': '720', '1d': '1d', '1w': '1w', '1M': '1m' }
const SECONDS: Record<string, number> = { '1m': 60, '1h': 3600 }

type Ohlcv = [number, number, number, number, number, number]
interface MarketInfo {
  id: string
  symbol: string
  base: string
  quote: string
  type: 'spot' | 'swap'
  active: boolean
}

/** ccxt's urlencode: encodeURIComponent per value (so `/` is `%2F`). */
const urlencode = (params: Record<string, string | number>) =>
  Object.entries(params)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&')

class AscendexLikeCcxt {
  markets: Record<string, MarketInfo> = {}

  async request(version: 'v1' | 'v2', path: string, params: Record<string, string | number> = {}): Promise<Record<string, unknown>> {
    const query = urlencode(params)
    const response = await fetch(`${REST}/api/pro/${version}/${path}${query ? `?${query}` : ''}`)
    const text = await response.text()
    let body: Record<string, unknown>
    try {
      body = JSON.parse(text)
    } catch {
      throw new Error(`ascendex ${response.status} ${text}`)
    }
    // ccxt ascendex.handleErrors: throws when code is non-zero or a `message` key is present.
    if ((body.code !== undefined && String(body.code) !== '0') || body.message !== undefined) throw new Error(`ascendex ${JSON.stringify(body)}`)
    if (response.status >= 400) throw new Error(`ascendex HTTP ${response.status}`)
    return body
  }

  async loadMarkets(): Promise<Record<string, MarketInfo>> {
    await this.request('v2', 'assets')
    const [products, cash, perpetuals] = await Promise.all([this.request('v1', 'products'), this.request('v1', 'cash/products'), this.request('v2', 'futures/contract')])
    const byId = new Map<string, Record<string, unknown>>()
    for (const item of products.data as Array<Record<string, unknown>>) byId.set(item.symbol as string, { ...item })
    for (const item of [...(cash.data as Array<Record<string, unknown>>), ...(perpetuals.data as Array<Record<string, unknown>>)])
      byId.set(item.symbol as string, { ...byId.get(item.symbol as string), ...item })
    for (const [id, market] of byId) {
      const settle = market.settlementAsset as string | undefined
      const status = market.status
      const active = (status === 'Normal' || status === 'InternalTrading') && market.domain !== 'LeveragedETF'
      const [base, quote] = ((market.underlying ?? market.symbol) as string).split('/')
      const symbol = settle === undefined ? `${base}/${quote}` : `${base}/${quote}:${settle}`
      this.markets[symbol] = { id, symbol, base, quote, type: settle === undefined ? 'spot' : 'swap', active }
    }
    return this.markets
  }

  async fetchTime(): Promise<number> {
    const body = await this.request('v1', 'exchange-info', { requestTime: Date.now() })
    return (body.data as { requestReceiveAt: number }).requestReceiveAt
  }

  async fetchOHLCV(symbol: string, timeframe: string, since?: number, limit?: number): Promise<Ohlcv[]> {
    const market = this.markets[symbol]
    const request: Record<string, string | number> = { symbol: market.id, interval: TIMEFRAMES[timeframe] }
    if (since !== undefined) {
      request.from = since
      limit = limit === undefined ? 500 : Math.min(limit, 500)
      request.to = since + limit * SECONDS[timeframe] * 1000 + 1
    } else if (limit !== undefined) request.n = limit
    const body = await this.request('v1', 'barhist', request)
    const rows = (body.data as Array<{ data: Record<string, string | number> }>).map(({ data }) => [data.ts, data.o, data.h, data.l, data.c, data.v].map(Number) as Ohlcv)
    // parseOHLCVs → sortBy(ts) → filterBySinceLimit(since, limit) keeping the first `limit`.
    rows.sort((a, b) => a[0] - b[0])
    const filtered = since === undefined ? rows : rows.filter((row) => row[0] >= since)
    return limit === undefined ? filtered : since === undefined ? filtered.slice(-limit) : filtered.slice(0, limit)
  }

  /**
   * A forward pagination as ccxt's fetchPaginatedCallDynamic does it (next since = last
   * timestamp + 1, deduplicated), with `maxEntriesPerRequest`: 499 keeps ccxt's `limit + 1`-bar
   * window within the 500-bar cap, so the server never raises `from` (see the next test).
   */
  async fetchOHLCVPaginated(symbol: string, timeframe: string, since: number, until: number, maxEntriesPerRequest = 499): Promise<Ohlcv[]> {
    const seen = new Map<number, Ohlcv>()
    let cursor = since
    for (let calls = 0; calls < 40 && cursor < until; calls++) {
      const page = await this.fetchOHLCV(symbol, timeframe, cursor, maxEntriesPerRequest)
      if (page.length === 0) break
      for (const row of page) if (row[0] < until) seen.set(row[0], row)
      cursor = page[page.length - 1][0] + 1
    }
    return [...seen.values()].sort((a, b) => a[0] - b[0])
  }
}

describe('a ccxt-4.5.59-equivalent ascendex client against the AscendEX mock', () => {
  let exchange: MockExchangeController
  beforeAll(() => {
    exchange = setupMockExchange(ascendexSpot, { seed: 42, clock: { mode: 'manual', start: T0 }, markets: [{ symbol: 'BTC/USDT', price: 50_000 }, { symbol: 'ETH/USDT' }, { symbol: 'SOL/USDT', kind: 'perpetual' }] })
    exchange.listen()
  })
  afterEach(() => exchange.reset())
  afterAll(() => exchange.close())

  it('loadMarkets: assets, products, cash/products and futures/contract all answer; spot and swap markets parse', async () => {
    const client = new AscendexLikeCcxt()
    const markets = await client.loadMarkets()
    expect(markets['BTC/USDT']).toEqual({ id: 'BTC/USDT', symbol: 'BTC/USDT', base: 'BTC', quote: 'USDT', type: 'spot', active: true })
    expect(markets['SOL/USDT:USDT']).toMatchObject({ id: 'SOL-PERP', type: 'swap', active: true })
    expect(await client.fetchTime()).toBe(T0)
  })

  it('fetchOHLCV(since, limit) returns exactly the engine candles (ccxt asks limit + 1 and keeps limit)', async () => {
    const client = new AscendexLikeCcxt()
    await client.loadMarkets()
    const rows = await client.fetchOHLCV('BTC/USDT', '1m', T0 - 100 * MINUTE, 100)
    const candles = exchange.engine.candles('BTC/USDT', '1m', { start: T0 - 100 * MINUTE, end: T0 })
    expect(rows).toEqual(candles.map((c) => [c.openTime, c.open, c.high, c.low, c.close, c.volume]))
  })

  it('fetchOHLCV(limit) without since: the last n bars, the one in progress last', async () => {
    await exchange.clock.advance(30_000)
    const client = new AscendexLikeCcxt()
    await client.loadMarkets()
    const rows = await client.fetchOHLCV('BTC/USDT', '1h', undefined, 3)
    const candles = exchange.engine.candles('BTC/USDT', '1h', { start: T0 - 2 * 60 * MINUTE, end: T0 + 1 })
    expect(rows).toEqual(candles.map((c) => [c.openTime, c.open, c.high, c.low, c.close, c.volume]))
  })

  it('paginates over a few thousand candles, continuous and without duplicates', async () => {
    const client = new AscendexLikeCcxt()
    await client.loadMarkets()
    const since = T0 - 3_000 * MINUTE
    const rows = await client.fetchOHLCVPaginated('BTC/USDT', '1m', since, T0)
    expect(rows).toHaveLength(3_000)
    expect(rows[0][0]).toBe(since)
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i][0]).toBe(rows[i - 1][0] + MINUTE)
      expect(rows[i][1]).toBe(rows[i - 1][4])
    }
  })

  it('fetchOHLCV(since, 500): ccxt\'s to = since + 500·tf + 1 spans 501 bars, so the server raises from and the first bar is missing (§4.1)', async () => {
    const client = new AscendexLikeCcxt()
    await client.loadMarkets()
    const since = T0 - 1_000 * MINUTE
    const rows = await client.fetchOHLCV('BTC/USDT', '1m', since, 500)
    expect(rows).toHaveLength(500)
    expect(rows[0][0]).toBe(since + MINUTE)
    expect(rows[499][0]).toBe(since + 500 * MINUTE)
  })

  it('errors throw the way ccxt does (non-zero code)', async () => {
    const client = new AscendexLikeCcxt()
    await expect(client.request('v1', 'barhist', { symbol: 'NOPE/USDT', interval: '1' })).rejects.toThrow(/100008/)
  })

  it('watchOHLCV: greeting, ack, live and closing bar pushes; pongs keep the session; the closed bar equals REST', async () => {
    const socket = new WebSocket(WS, exchange.wsClientOptions())
    const frames: Array<Record<string, unknown>> = []
    socket.on('message', (data) => {
      const message = JSON.parse(String(data))
      frames.push(message)
      if (message.m === 'ping') socket.send(JSON.stringify({ op: 'pong', hp: message.hp }))
    })
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve())
      socket.once('error', reject)
    })
    try {
      const id = String(Date.now())
      socket.send(JSON.stringify({ id, op: 'sub', ch: 'bar:1:BTC/USDT' }))
      await untilFrame(exchange, (f) => f.kind === 'ws-out' && !!f.data?.includes('"m":"sub"'))
      // Step through two minutes so the client's pongs interleave with the server's pings.
      for (let t = 0; t < 120_000; t += 5_000) {
        await exchange.clock.advance(5_000)
        for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve))
      }
      await untilFrame(exchange, (f) => f.kind === 'ws-out' && !!f.data?.includes(`"ts":${T0 + MINUTE}`))
      expect(frames[0]).toEqual({ m: 'connected', type: 'unauth' })
      expect(frames[1]).toEqual({ m: 'sub', id, ch: 'bar:1:BTC/USDT', code: 0 })
      expect(frames.some((f) => f.m === 'ping')).toBe(true)
      expect(frames.some((f) => f.m === 'disconnected')).toBe(false)
      const bars = frames.filter((f) => f.m === 'bar') as Array<{ data: { ts: number; c: string } }>
      const first = bars.filter((b) => b.data.ts === T0)
      expect(first.length).toBeGreaterThan(2)
      const closed = first.at(-1)!
      const client = new AscendexLikeCcxt()
      await client.loadMarkets()
      const rest = await client.request('v1', 'barhist', { symbol: 'BTC/USDT', interval: '1', from: T0, to: T0 })
      expect(closed).toEqual((rest.data as unknown[])[0])
      expect(socket.readyState).toBe(WebSocket.OPEN)
    } finally {
      socket.close()
    }
  })
})
