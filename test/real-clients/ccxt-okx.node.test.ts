import ccxt from 'ccxt'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { okxPerpetual, okxSpot } from '../../handlers/okx/index.js'
import { setupMockExchange, type MockExchangeController } from '../../src/index.js'
import { untilFrame } from '../support/ws.js'

/**
 * ccxt.okx runs unmodified (wire-formats §5, §6, §7): only its fetch (the global one the
 * mock patches) and its ws options (in-process sockets) are given. The plugins are
 * passed as objects, since the registry is not ours to edit.
 *
 * T0 lies in the past of any real clock this runs on, so ccxt (which decides between
 * /candles and /history-candles on its own clock) always asks history-candles for a
 * `since`, and /candles without one.
 */
const T0 = Date.UTC(2026, 0, 1, 12)
const MINUTE = 60_000
const MARKETS = [{ symbol: 'BTC/USDT', price: 50_000 }, { symbol: 'ETH/USDT' }]

describe.each([
  { plugin: okxSpot, symbol: 'BTC/USDT', id: 'BTC-USDT', contractSize: undefined },
  { plugin: okxPerpetual, symbol: 'BTC/USDT:USDT', id: 'BTC-USDT-SWAP', contractSize: 0.01 },
])('ccxt.okx against $plugin.name', ({ plugin, symbol, id, contractSize }) => {
  let exchange: MockExchangeController
  beforeAll(() => {
    exchange = setupMockExchange(plugin, { seed: 42, clock: { mode: 'manual', start: T0 }, markets: MARKETS })
    exchange.listen()
  })
  afterEach(() => exchange.reset())
  afterAll(() => exchange.close())
  const client = () => new ccxt.okx({ fetchImplementation: globalThis.fetch, enableRateLimit: false })
  const asRows = (start: number, end: number, interval = '1m') =>
    exchange.engine.candles('BTC/USDT', interval, { start, end }).map((c) => [c.openTime, c.open, c.high, c.low, c.close, c.volume])

  it('loads markets (FUTURES, SWAP, OPTION ×2 and SPOT all answer) and the time', async () => {
    const okx = client()
    const markets = await okx.loadMarkets()
    expect(Object.keys(markets).sort()).toEqual(plugin === okxSpot ? ['BTC/USDT', 'ETH/USDT'] : ['BTC/USDT:USDT', 'ETH/USDT:USDT'])
    expect(markets[symbol]).toMatchObject({ id, base: 'BTC', quote: 'USDT', active: true, contractSize, precision: { price: 0.01 } })
    const paths = exchange.journal.entries.filter((e) => e.kind === 'request').map((e) => new URL((e as { url: string }).url).search)
    expect(paths.sort()).toEqual(['?instType=FUTURES', '?instType=OPTION&uly=BTC-USD', '?instType=OPTION&uly=ETH-USD', '?instType=SPOT', '?instType=SWAP'])
    expect(await okx.fetchTime()).toBe(T0)
  })

  it('fetchOHLCV returns exactly the engine candles (volume in base on both: index 5 on SPOT, volCcy on SWAP)', async () => {
    const rows = await client().fetchOHLCV(symbol, '1m', T0 - 100 * MINUTE, 100)
    expect(rows).toEqual(asRows(T0 - 100 * MINUTE, T0))
    const request = exchange.journal.entries.filter((e) => e.kind === 'request').at(-1) as { url: string }
    expect(new URL(request.url).pathname).toBe('/api/v5/market/history-candles')
  })

  it('fetchOHLCV without since: the latest 100 from /candles, the last one in progress', async () => {
    await exchange.clock.advance(90_500)
    const rows = await client().fetchOHLCV(symbol, '1m')
    expect(rows).toHaveLength(100)
    const now = exchange.clock.now()
    expect(rows).toEqual(asRows(now - 100 * MINUTE, now + 1).slice(-100))
    expect(rows.at(-1)![0]).toBe(T0 + MINUTE)
  })

  it('1d on REST is 1Dutc (midnight UTC), and a 1h candle is the aggregate of its minutes', async () => {
    const okx = client()
    const [day] = await okx.fetchOHLCV(symbol, '1d', Date.UTC(2025, 11, 28), 1)
    expect(day).toEqual(asRows(Date.UTC(2025, 11, 28), Date.UTC(2025, 11, 28) + 1, '1d')[0])
    const request = exchange.journal.entries.filter((e) => e.kind === 'request').at(-1) as { url: string }
    expect(new URL(request.url).searchParams.get('bar')).toBe('1Dutc')
    const [hour] = await okx.fetchOHLCV(symbol, '1h', T0 - 60 * MINUTE, 1)
    const minutes = await okx.fetchOHLCV(symbol, '1m', T0 - 60 * MINUTE, 60)
    expect(hour[1]).toBe(minutes[0][1])
    expect(hour[4]).toBe(minutes[59][4])
    expect(hour[2]).toBe(Math.max(...minutes.map((m) => Number(m[2]))))
    expect(hour[3]).toBe(Math.min(...minutes.map((m) => Number(m[3]))))
  })

  it('paginates with until over a few thousand candles: continuous, without duplicates, equal to the engine', async () => {
    const since = T0 - 2_400 * MINUTE
    const rows = await client().fetchOHLCV(symbol, '1m', since, undefined, { paginate: true, until: T0 - 1, paginationCalls: 12 })
    expect(rows).toHaveLength(2_400)
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i][0]).toBe(Number(rows[i - 1][0]) + MINUTE)
      expect(rows[i][1]).toBe(rows[i - 1][4])
    }
    expect(rows).toEqual(asRows(since, T0))
  })

  it('native errors map to ccxt exceptions: 51001 BadSymbol (HTTP 200), 51000 BadRequest', async () => {
    const okx = client()
    await expect(okx.publicGetMarketCandles({ instId: 'NOPE-USDT' })).rejects.toBeInstanceOf(ccxt.BadSymbol)
    await expect(okx.publicGetMarketCandles({ instId: id, bar: '1s' })).rejects.toBeInstanceOf(ccxt.BadRequest)
  })

  it('watchOHLCV receives live updates and the closing update as the clock moves', async () => {
    const pro = new ccxt.pro.okx({ fetchImplementation: globalThis.fetch, enableRateLimit: false, options: { ws: { options: exchange.wsClientOptions() } } })
    try {
      const first = pro.watchOHLCV(symbol, '1m')
      await untilFrame(exchange, (f) => f.kind === 'ws-out' && f.data.includes('"event":"subscribe"'))
      await exchange.clock.advance(30_000)
      const live = await first
      const inProgress = exchange.engine.candleAt('BTC/USDT', '1m', exchange.clock.now())
      expect(live.at(-1)).toEqual([inProgress.openTime, inProgress.open, inProgress.high, inProgress.low, inProgress.close, inProgress.volume])
      const next = pro.watchOHLCV(symbol, '1m')
      await exchange.clock.advance(30_000)
      const closed = (await next).find((row) => row[0] === T0)
      const [rest] = await client().fetchOHLCV(symbol, '1m', T0, 1)
      expect(closed).toEqual(rest)
      expect(exchange.journal.entries.some((e) => e.kind === 'ws-out' && (e as { data: string }).data.endsWith(',"1"]]}'))).toBe(true)
    } finally {
      await pro.close()
    }
  })
})

describe('ccxt.okx daily candles: 1Dutc on REST, candle1D (UTC+8) on WebSocket (§5.3)', () => {
  let exchange: MockExchangeController
  beforeAll(() => {
    exchange = setupMockExchange(okxSpot, { seed: 42, clock: { mode: 'manual', start: T0 }, markets: MARKETS })
    exchange.listen()
  })
  afterAll(() => exchange.close())

  it('watchOHLCV(1d) follows the day that opened at 16:00 UTC, as OKX pushes it to ccxt', async () => {
    const pro = new ccxt.pro.okx({ fetchImplementation: globalThis.fetch, enableRateLimit: false, options: { ws: { options: exchange.wsClientOptions() } } })
    try {
      const update = pro.watchOHLCV('BTC/USDT', '1d')
      await untilFrame(exchange, (f) => f.kind === 'ws-in' && f.data.includes('candle1D'))
      await exchange.clock.advance(2_000)
      const [row] = (await update).slice(-1)
      const utc8Day = exchange.engine.candleAt('BTC/USDT', { kind: 'fixed', name: '1D', ms: 86_400_000, offset: 16 * 3_600_000 }, exchange.clock.now())
      expect(row[0]).toBe(Date.UTC(2025, 11, 31, 16))
      expect(row).toEqual([utc8Day.openTime, utc8Day.open, utc8Day.high, utc8Day.low, utc8Day.close, utc8Day.volume])
    } finally {
      await pro.close()
    }
  })
})

describe('ccxt.okx against spot and perpetual in one mock (same hosts, same paths)', () => {
  let exchange: MockExchangeController
  beforeAll(() => {
    exchange = setupMockExchange([okxPerpetual, okxSpot], { seed: 42, clock: { mode: 'manual', start: T0 }, markets: MARKETS })
    exchange.listen()
  })
  afterAll(() => exchange.close())

  it('one client finds both kinds of markets, and their candles agree', async () => {
    const okx = new ccxt.okx({ fetchImplementation: globalThis.fetch, enableRateLimit: false })
    const markets = await okx.loadMarkets()
    expect(Object.keys(markets).sort()).toEqual(['BTC/USDT', 'BTC/USDT:USDT', 'ETH/USDT', 'ETH/USDT:USDT'])
    const [spot] = await okx.fetchOHLCV('BTC/USDT', '1h', T0 - 3_600_000, 1)
    const [swap] = await okx.fetchOHLCV('BTC/USDT:USDT', '1h', T0 - 3_600_000, 1)
    expect(spot).toEqual(swap)
  })
})
