import ccxt from 'ccxt'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ExchangeType, setupMockExchange, type MockExchangeController } from '../../src/index.js'
import { untilFrame } from '../support/ws.js'

/** ccxt runs unmodified: only its fetch (to the global one MSW patches) and its ws options (in-process sockets) are given. */
const T0 = Date.UTC(2026, 0, 1, 12)
const MINUTE = 60_000

describe.each([
  { type: ExchangeType.BINANCE_SPOT, Client: ccxt.binance, Pro: ccxt.pro.binance, symbol: 'BTC/USDT' },
  { type: ExchangeType.BINANCE_PERPETUAL, Client: ccxt.binanceusdm, Pro: ccxt.pro.binanceusdm, symbol: 'BTC/USDT:USDT' },
])('ccxt against $type', ({ type, Client, Pro, symbol }) => {
  let exchange: MockExchangeController
  beforeAll(() => {
    exchange = setupMockExchange(type, { seed: 42, clock: { mode: 'manual', start: T0 }, markets: [{ symbol: 'BTC/USDT', price: 50_000 }, { symbol: 'ETH/USDT' }] })
    exchange.listen()
  })
  afterEach(() => exchange.reset())
  afterAll(() => exchange.close())
  const client = () => new Client({ fetchImplementation: globalThis.fetch, enableRateLimit: false })

  it('loads markets and the time', async () => {
    const ccxtClient = client()
    const markets = await ccxtClient.loadMarkets()
    expect(markets[symbol]).toMatchObject({ base: 'BTC', quote: 'USDT', active: true })
    expect(await ccxtClient.fetchTime()).toBe(T0)
  })

  it('fetchOHLCV returns exactly the engine candles', async () => {
    const rows = await client().fetchOHLCV(symbol, '1m', T0 - 100 * MINUTE, 100)
    const candles = exchange.engine.candles('BTC/USDT', '1m', { start: T0 - 100 * MINUTE, end: T0 })
    expect(rows).toEqual(candles.map((c) => [c.openTime, c.open, c.high, c.low, c.close, c.volume]))
  })

  it('paginates over a few thousand candles, continuous and without duplicates', async () => {
    const since = T0 - 3_000 * MINUTE
    const rows = await client().fetchOHLCV(symbol, '1m', since, undefined, { paginate: true, until: T0 - 1 })
    expect(rows).toHaveLength(3_000)
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i][0]).toBe(Number(rows[i - 1][0]) + MINUTE)
      expect(rows[i][1]).toBe(rows[i - 1][4])
    }
  })

  it('a 1h candle from REST is the aggregate of its sixty 1m candles', async () => {
    const ccxtClient = client()
    const [hour] = await ccxtClient.fetchOHLCV(symbol, '1h', T0 - 60 * MINUTE, 1)
    const minutes = await ccxtClient.fetchOHLCV(symbol, '1m', T0 - 60 * MINUTE, 60)
    expect(hour[1]).toBe(minutes[0][1])
    expect(hour[4]).toBe(minutes[59][4])
    expect(hour[2]).toBe(Math.max(...minutes.map((m) => Number(m[2]))))
    expect(hour[3]).toBe(Math.min(...minutes.map((m) => Number(m[3]))))
  })

  it('watchOHLCV receives live updates and the closing update as the clock moves', async () => {
    const pro = new Pro({ fetchImplementation: globalThis.fetch, enableRateLimit: false, options: { ws: { options: exchange.wsClientOptions() } } })
    try {
      const first = pro.watchOHLCV(symbol, '1m')
      await untilFrame(exchange, (f) => f.kind === 'ws-in' && f.data.includes('SUBSCRIBE'))
      await exchange.clock.advance(30_000)
      const live = await first
      const inProgress = exchange.engine.candleAt('BTC/USDT', '1m', exchange.clock.now())
      expect(live.at(-1)).toEqual([inProgress.openTime, inProgress.open, inProgress.high, inProgress.low, inProgress.close, inProgress.volume])
      const next = pro.watchOHLCV(symbol, '1m')
      await exchange.clock.advance(30_000)
      const closed = (await next).find((row) => row[0] === T0)
      const [rest] = await client().fetchOHLCV(symbol, '1m', T0, 1)
      expect(closed).toEqual(rest)
    } finally {
      await pro.close()
    }
  })
})

describe('ccxt against spot and USD-M in one mock (they share hosts for exchangeInfo)', () => {
  let exchange: MockExchangeController
  beforeAll(() => {
    exchange = setupMockExchange([ExchangeType.BINANCE_SPOT, ExchangeType.BINANCE_PERPETUAL], { clock: { mode: 'manual', start: T0 }, markets: [{ symbol: 'BTC/USDT', price: 50_000 }] })
    exchange.listen()
  })
  afterAll(() => exchange.close())

  it('each client finds its own markets and candles', async () => {
    const spot = new ccxt.binance({ fetchImplementation: globalThis.fetch, enableRateLimit: false })
    const perp = new ccxt.binanceusdm({ fetchImplementation: globalThis.fetch, enableRateLimit: false })
    await spot.loadMarkets()
    await perp.loadMarkets()
    expect(spot.markets!['BTC/USDT']?.spot).toBe(true)
    expect(spot.markets!['BTC/USDT:USDT']?.swap).toBe(true)
    expect(perp.markets!['BTC/USDT:USDT']?.swap).toBe(true)
    const [spotRow] = await spot.fetchOHLCV('BTC/USDT', '1h', T0 - 3_600_000, 1)
    const [perpRow] = await perp.fetchOHLCV('BTC/USDT:USDT', '1h', T0 - 3_600_000, 1)
    expect(spotRow).toEqual(perpRow)
  })
})

describe('ccxt through faults', () => {
  let exchange: MockExchangeController
  beforeAll(() => {
    exchange = setupMockExchange(ExchangeType.BINANCE_SPOT, { seed: 5, clock: { mode: 'manual', start: T0 }, markets: [{ symbol: 'BTC/USDT', price: 50_000 }] })
    exchange.listen()
  })
  afterEach(() => exchange.reset())
  afterAll(() => exchange.close())

  it("fetchOHLCV raises ccxt's own errors for a 429 and a 503, and works on the next call", async () => {
    const client = new ccxt.binance({ fetchImplementation: globalThis.fetch, enableRateLimit: false })
    await client.loadMarkets()
    exchange.faults.add({ type: 'rateLimit', route: 'klines', times: 1 })
    await expect(client.fetchOHLCV('BTC/USDT', '1m')).rejects.toBeInstanceOf(ccxt.DDoSProtection)
    exchange.faults.add({ type: 'status', status: 503, route: 'klines', times: 1 })
    // ccxt reads Binance's body code (-1001) before the status.
    await expect(client.fetchOHLCV('BTC/USDT', '1m')).rejects.toThrow(/-1001/)
    expect(await client.fetchOHLCV('BTC/USDT', '1m', undefined, 3)).toHaveLength(3)
  })

  it('watchOHLCV fails with a NetworkError when the server closes the connection', async () => {
    const pro = new ccxt.pro.binance({ fetchImplementation: globalThis.fetch, enableRateLimit: false, options: { ws: { options: exchange.wsClientOptions() } } })
    try {
      const first = pro.watchOHLCV('BTC/USDT', '1m')
      await untilFrame(exchange, (f) => f.kind === 'ws-in' && f.data.includes('SUBSCRIBE'))
      await exchange.clock.advance(2_000)
      expect((await first).length).toBeGreaterThan(0)
      exchange.faults.add({ type: 'close', code: 1011, reason: 'internal error', times: 1 })
      const broken = pro.watchOHLCV('BTC/USDT', '1m')
      await exchange.clock.advance(2_000)
      await expect(broken).rejects.toBeInstanceOf(ccxt.NetworkError)
      expect(exchange.journal.entries.filter((e) => e.kind === 'ws-close').map((e) => (e as { code: number }).code)).toEqual([1011])
    } finally {
      await pro.close()
    }
  })

})
