import ccxt from 'ccxt'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { mexcPerpetual, mexcSpot } from '../../handlers/mexc/index.js'
import { setupMockExchange, type MockExchangeController } from '../../src/index.js'
import { untilFrame } from '../support/ws.js'

/** ccxt runs unmodified: only its fetch (the global one MSW patches) and its ws options are given. */
const T0 = Date.UTC(2026, 0, 1, 12)
const MINUTE = 60_000
const MARKETS = [{ symbol: 'BTC/USDT', price: 50_000 }, { symbol: 'ETH/USDT' }, { symbol: 'BTC/USDT', kind: 'perpetual' as const, price: 50_000 }]

describe.each([
  { plugin: mexcSpot, symbol: 'BTC/USDT', spot: true },
  { plugin: mexcPerpetual, symbol: 'BTC/USDT:USDT', spot: false },
])('ccxt.mexc against $plugin.name', ({ plugin, symbol, spot }) => {
  let exchange: MockExchangeController
  beforeAll(() => {
    exchange = setupMockExchange(plugin, { seed: 42, clock: { mode: 'manual', start: T0 }, markets: spot ? MARKETS.slice(0, 2) : [MARKETS[2]] })
    exchange.listen()
  })
  afterEach(() => exchange.reset())
  afterAll(() => exchange.close())
  const client = () => new ccxt.mexc({ fetchImplementation: globalThis.fetch, enableRateLimit: false })
  const engineSymbol = 'BTC/USDT'
  /** Contracts: `vol` counts lots (contractSize = lot), which ccxt reports as the volume. */
  const volume = (v: number) => (spot ? v : Math.round(v / exchange.engine.market(engineSymbol).lotSize))

  it('loads markets (exchangeInfo and contract/detail both answer) and the time', async () => {
    const ccxtClient = client()
    const markets = await ccxtClient.loadMarkets()
    expect(markets[symbol]).toMatchObject({ base: 'BTC', quote: 'USDT', active: true, spot, swap: !spot })
    expect(await ccxtClient.fetchTime({ type: spot ? 'spot' : 'swap' })).toBe(T0)
  })

  it('fetchOHLCV returns exactly the engine candles', async () => {
    const rows = await client().fetchOHLCV(symbol, '1m', T0 - 100 * MINUTE, 100)
    const candles = exchange.engine.candles(engineSymbol, '1m', { start: T0 - 100 * MINUTE, end: T0 })
    expect(rows).toEqual(candles.map((c) => [c.openTime, c.open, c.high, c.low, c.close, volume(c.volume)]))
  })

  it('fetchOHLCV 1h uses the native name (60m / Min60) and equals the engine', async () => {
    const rows = await client().fetchOHLCV(symbol, '1h', T0 - 5 * 60 * MINUTE, 5)
    const candles = exchange.engine.candles(engineSymbol, '1h', { start: T0 - 5 * 60 * MINUTE, end: T0 })
    expect(rows).toEqual(candles.map((c) => [c.openTime, c.open, c.high, c.low, c.close, volume(c.volume)]))
  })

  it('paginates over a few thousand candles, continuous and without duplicates', async () => {
    const since = T0 - 3_000 * MINUTE
    const rows = await client().fetchOHLCV(symbol, '1m', since, undefined, { paginate: true, until: T0 - 1 })
    expect(rows).toHaveLength(3_000)
    expect(rows[0][0]).toBe(since)
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i][0]).toBe(Number(rows[i - 1][0]) + MINUTE)
      expect(rows[i][1]).toBe(rows[i - 1][4])
    }
  })

  it("a rate-limit fault raises ccxt's RateLimitExceeded (spot 429 code 429; contract HTTP 200 code 510); the next call works", async () => {
    const ccxtClient = client()
    await ccxtClient.loadMarkets()
    exchange.faults.add({ type: 'rateLimit', route: 'klines', times: 1 })
    await expect(ccxtClient.fetchOHLCV(symbol, '1m')).rejects.toBeInstanceOf(ccxt.RateLimitExceeded)
    expect(await ccxtClient.fetchOHLCV(symbol, '1m', T0 - 3 * MINUTE, 3)).toHaveLength(3)
  })

  it('an unknown market answers the native error, which ccxt raises as BadSymbol', async () => {
    const ccxtClient = client()
    await ccxtClient.loadMarkets()
    const raw = ccxtClient as unknown as Record<string, (p: object) => Promise<unknown>>
    const request = spot ? raw.spotPublicGetKlines({ symbol: 'NOPEUSDT', interval: '1m' }) : raw.contractPublicGetKlineSymbol({ symbol: 'NOPE_USDT' })
    await expect(request).rejects.toBeInstanceOf(ccxt.BadSymbol)
  })
})

describe('ccxt.pro mexc watchOHLCV on the futures stream', () => {
  let exchange: MockExchangeController
  beforeAll(() => {
    exchange = setupMockExchange(mexcPerpetual, { seed: 42, clock: { mode: 'manual', start: T0 }, markets: [MARKETS[2]] })
    exchange.listen()
  })
  afterAll(() => exchange.close())

  it('receives live updates and the closing update as the clock moves; the closed candle equals REST', async () => {
    const pro = new ccxt.pro.mexc({ fetchImplementation: globalThis.fetch, enableRateLimit: false, options: { ws: { options: exchange.wsClientOptions() } } })
    const lot = exchange.engine.market('BTC/USDT').lotSize
    try {
      const first = pro.watchOHLCV('BTC/USDT:USDT', '1m')
      await untilFrame(exchange, (f) => f.kind === 'ws-in' && f.data.includes('sub.kline'))
      await exchange.clock.advance(30_000)
      const live = await first
      const inProgress = exchange.engine.candleAt('BTC/USDT', '1m', exchange.clock.now())
      expect(live.at(-1)).toEqual([inProgress.openTime, inProgress.open, inProgress.high, inProgress.low, inProgress.close, Math.round(inProgress.volume / lot)])
      const next = pro.watchOHLCV('BTC/USDT:USDT', '1m')
      await exchange.clock.advance(30_000)
      const closed = (await next).find((row) => row[0] === T0)
      const [rest] = await new ccxt.mexc({ fetchImplementation: globalThis.fetch, enableRateLimit: false }).fetchOHLCV('BTC/USDT:USDT', '1m', T0, 1)
      expect(closed).toEqual(rest)
    } finally {
      await pro.close()
    }
  })
})

describe('ccxt.pro mexc watchOHLCV on the spot stream (protobuf pushes, decoded by ccxt with protobufjs)', () => {
  let exchange: MockExchangeController
  beforeAll(() => {
    exchange = setupMockExchange(mexcSpot, { seed: 42, clock: { mode: 'manual', start: T0 }, markets: [MARKETS[0]] })
    exchange.listen()
  })
  afterAll(() => exchange.close())

  it('receives the live candle and the closing one, equal to REST', async () => {
    const pro = new ccxt.pro.mexc({ fetchImplementation: globalThis.fetch, enableRateLimit: false, options: { ws: { options: exchange.wsClientOptions() } } })
    try {
      const first = pro.watchOHLCV('BTC/USDT', '1m')
      await untilFrame(exchange, (f) => f.kind === 'ws-in' && f.data.includes('SUBSCRIPTION'))
      await exchange.clock.advance(30_000)
      const live = await first
      const inProgress = exchange.engine.candleAt('BTC/USDT', '1m', exchange.clock.now())
      expect(live.at(-1)?.slice(0, 5)).toEqual([inProgress.openTime, inProgress.open, inProgress.high, inProgress.low, inProgress.close])
      const next = pro.watchOHLCV('BTC/USDT', '1m')
      await exchange.clock.advance(30_000)
      const closed = (await next).find((row) => row[0] === T0)
      const [rest] = await new ccxt.mexc({ fetchImplementation: globalThis.fetch, enableRateLimit: false }).fetchOHLCV('BTC/USDT', '1m', T0, 1)
      expect(closed?.slice(0, 5)).toEqual(rest.slice(0, 5))
    } finally {
      await pro.close()
    }
  })
})
