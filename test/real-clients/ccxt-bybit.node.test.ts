import ccxt from 'ccxt'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { bybitPerpetual, bybitSpot } from '../../handlers/bybit/index.js'
import { setupMockExchange, type MockExchangeController } from '../../src/index.js'
import { untilFrame } from '../support/ws.js'

/**
 * ccxt runs unmodified against Bybit v5 (wire-formats §3, §4, §7): only its fetch (to the
 * global one the mock patches) and its ws options (in-process sockets) are given. The
 * plugins are passed as objects: the registry does not name them yet.
 */
const T0 = Date.UTC(2026, 0, 1, 12)
const MINUTE = 60_000
const ohlcv = (c: { openTime: number; open: number; high: number; low: number; close: number; volume: number }) => [c.openTime, c.open, c.high, c.low, c.close, c.volume]

describe.each([
  { plugin: bybitSpot, symbol: 'BTC/USDT', stream: 'wss://stream.bybit.com/v5/public/spot' },
  { plugin: bybitPerpetual, symbol: 'BTC/USDT:USDT', stream: 'wss://stream.bybit.com/v5/public/linear' },
])('ccxt.bybit against $plugin.name', ({ plugin, symbol, stream }) => {
  let exchange: MockExchangeController
  beforeAll(() => {
    exchange = setupMockExchange(plugin, { seed: 42, clock: { mode: 'manual', start: T0 }, markets: [{ symbol: 'BTC/USDT', price: 50_000 }, { symbol: 'ETH/USDT' }] })
    exchange.listen()
  })
  afterEach(() => exchange.reset())
  afterAll(() => exchange.close())
  const client = () => new ccxt.bybit({ fetchImplementation: globalThis.fetch, enableRateLimit: false })

  it('loads markets from all 11 instrument lists (§3.4, §7.3), and the time', async () => {
    const ccxtClient = client()
    const markets = await ccxtClient.loadMarkets()
    expect(Object.keys(markets).sort()).toEqual(['BTC/USDT', 'BTC/USDT:USDT', 'ETH/USDT', 'ETH/USDT:USDT'])
    expect(markets['BTC/USDT']).toMatchObject({ id: 'BTCUSDT', spot: true, active: true, precision: { price: 0.01, amount: 0.00001 } })
    expect(markets['BTC/USDT:USDT']).toMatchObject({ id: 'BTCUSDT', swap: true, linear: true, settle: 'USDT', contractSize: 1, active: true, precision: { price: 0.01, amount: 0.00001 } })
    const asked = exchange.journal.entries.filter((e) => e.kind === 'request').map((e) => (e as { url: string }).url.replace('https://api.bybit.com/v5/market/instruments-info?', ''))
    expect(asked.sort()).toEqual(
      [
        'category=spot',
        'category=linear&limit=1000',
        'category=linear&limit=1000&status=PreLaunch',
        'category=inverse&limit=1000',
        'category=inverse&limit=1000&status=PreLaunch',
        ...['BTC', 'ETH', 'SOL', 'XRP', 'MNT', 'DOGE'].map((coin) => `category=option&baseCoin=${coin}`),
      ].sort(),
    )
    expect(await ccxtClient.fetchTime()).toBe(T0)
  })

  it('fetchOHLCV returns exactly the engine candles', async () => {
    const rows = await client().fetchOHLCV(symbol, '1m', T0 - 100 * MINUTE, 100)
    expect(rows).toEqual(exchange.engine.candles('BTC/USDT', '1m', { start: T0 - 100 * MINUTE, end: T0 }).map(ohlcv))
  })

  it('fetchOHLCV without since: the latest 200, the candle in progress last', async () => {
    await exchange.clock.advance(90_500)
    const rows = await client().fetchOHLCV(symbol, '1m')
    expect(rows).toHaveLength(200)
    expect(rows.at(-1)).toEqual(ohlcv(exchange.engine.candleAt('BTC/USDT', '1m', exchange.clock.now())))
  })

  it('an unaligned since starts at the next candle (ccxt rounds it up)', async () => {
    const rows = await client().fetchOHLCV(symbol, '5m', T0 - 60 * MINUTE + 1, 1)
    expect(rows.map((row) => row[0])).toEqual([T0 - 55 * MINUTE])
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

  it('a 1h candle from REST is the aggregate of its sixty 1m candles', async () => {
    const ccxtClient = client()
    const [hour] = await ccxtClient.fetchOHLCV(symbol, '1h', T0 - 60 * MINUTE, 1)
    const minutes = await ccxtClient.fetchOHLCV(symbol, '1m', T0 - 60 * MINUTE, 60)
    expect(hour[1]).toBe(minutes[0][1])
    expect(hour[4]).toBe(minutes[59][4])
    expect(hour[2]).toBe(Math.max(...minutes.map((m) => Number(m[2]))))
    expect(hour[3]).toBe(Math.min(...minutes.map((m) => Number(m[3]))))
  })

  it('maps native errors: an unknown symbol is BadSymbol, a bad interval BadRequest (HTTP 200 + retCode 10001)', async () => {
    const ccxtClient = client()
    await expect(ccxtClient.publicGetV5MarketKline({ category: 'spot', symbol: 'NOPEUSDT', interval: '1' })).rejects.toBeInstanceOf(ccxt.BadSymbol)
    await expect(ccxtClient.publicGetV5MarketKline({ category: 'spot', symbol: 'BTCUSDT', interval: '2' })).rejects.toBeInstanceOf(ccxt.BadRequest)
  })

  it('the IP limit (a rateLimit fault here) is the 403 ccxt reads as RateLimitExceeded (§3.6)', async () => {
    const ccxtClient = client()
    await ccxtClient.loadMarkets()
    exchange.faults.add({ type: 'rateLimit', route: 'klines', times: 1 })
    await expect(ccxtClient.fetchOHLCV(symbol, '1m', undefined, 5)).rejects.toBeInstanceOf(ccxt.RateLimitExceeded)
    expect(await ccxtClient.fetchOHLCV(symbol, '1m', undefined, 5)).toHaveLength(5)
  })

  it('watchOHLCV receives live updates and the closing update as the clock moves', async () => {
    const pro = new ccxt.pro.bybit({ fetchImplementation: globalThis.fetch, enableRateLimit: false, options: { ws: { options: exchange.wsClientOptions() } } })
    try {
      const first = pro.watchOHLCV(symbol, '1m')
      await untilFrame(exchange, (f) => f.kind === 'ws-in' && f.data.includes('"subscribe"'))
      await untilFrame(exchange, (f) => f.kind === 'ws-out' && f.data.includes('"op":"subscribe"'))
      await exchange.clock.advance(30_000)
      const live = await first
      const inProgress = exchange.engine.candleAt('BTC/USDT', '1m', exchange.clock.now())
      expect(live.at(-1)).toEqual(ohlcv(inProgress))
      const next = pro.watchOHLCV(symbol, '1m')
      await exchange.clock.advance(30_000)
      const closed = (await next).find((row) => row[0] === T0)
      const [rest] = await client().fetchOHLCV(symbol, '1m', T0, 1)
      expect(closed).toEqual(rest)
      const opened = exchange.journal.entries.find((e) => e.kind === 'ws-open') as { url: string }
      expect(opened.url).toBe(stream)
      const confirmed = exchange.journal.entries.filter((e) => e.kind === 'ws-out' && (e as { data: string }).data.includes('"confirm":true'))
      expect(confirmed).toHaveLength(1)
    } finally {
      await pro.close()
    }
  })
})

describe('ccxt against spot and linear in one mock (they share the REST and stream hosts)', () => {
  let exchange: MockExchangeController
  beforeAll(() => {
    exchange = setupMockExchange([bybitPerpetual, bybitSpot], { clock: { mode: 'manual', start: T0 }, markets: [{ symbol: 'BTC/USDT', price: 50_000 }, { symbol: 'SOL/USDT', kind: 'perpetual' }] })
    exchange.listen()
  })
  afterAll(() => exchange.close())

  it('each category finds its own markets, candles and stream', async () => {
    const bybit = new ccxt.bybit({ fetchImplementation: globalThis.fetch, enableRateLimit: false })
    await bybit.loadMarkets()
    expect(Object.keys(bybit.markets!).sort()).toEqual(['BTC/USDT', 'BTC/USDT:USDT', 'SOL/USDT:USDT'])
    const [spotRow] = await bybit.fetchOHLCV('BTC/USDT', '1h', T0 - 3_600_000, 1)
    const [perpRow] = await bybit.fetchOHLCV('BTC/USDT:USDT', '1h', T0 - 3_600_000, 1)
    expect(spotRow).toEqual(perpRow)
    const pro = new ccxt.pro.bybit({ fetchImplementation: globalThis.fetch, enableRateLimit: false, options: { ws: { options: exchange.wsClientOptions() } } })
    try {
      const spot = pro.watchOHLCV('BTC/USDT', '1m')
      const perp = pro.watchOHLCV('SOL/USDT:USDT', '1m')
      await untilFrame(exchange, (f) => f.kind === 'ws-out' && f.data.includes('"ret_msg":"subscribe"'))
      await untilFrame(exchange, (f) => f.kind === 'ws-out' && f.data.includes('"ret_msg":"","conn_id"'))
      await exchange.clock.advance(5_000)
      expect((await spot).at(-1)).toEqual(ohlcv(exchange.engine.candleAt('BTC/USDT', '1m', exchange.clock.now())))
      expect((await perp).at(-1)).toEqual(ohlcv(exchange.engine.candleAt('SOL/USDT', '1m', exchange.clock.now())))
    } finally {
      await pro.close()
    }
  })
})
