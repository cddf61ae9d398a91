import ccxt from 'ccxt'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { gatePerpetual, gateSpot } from '../../handlers/gate/index.js'
import { setupMockExchange, type MockExchangeController } from '../../src/index.js'
import { untilFrame } from '../support/ws.js'

/**
 * ccxt.gate runs unmodified (facts §0, §5, §6): only its fetch (the global one the mock
 * patches) and its ws options (in-process sockets) are given. The plugins are passed as
 * objects, since the registry is not ours to edit.
 *
 * T0 lies in the past of any real clock this runs on: ccxt caps `to` at its own clock,
 * which then never cuts a range short. The mock's clock starts at T0.
 */
const T0 = Date.UTC(2026, 0, 1, 12)
const MINUTE = 60_000
const MARKETS = [{ symbol: 'BTC/USDT', price: 50_000 }, { symbol: 'ETH/USDT' }]
const LOAD_PATHS = [
  '/api/v4/spot/currencies',
  '/api/v4/margin/currency_pairs',
  '/api/v4/spot/currency_pairs',
  '/api/v4/futures/usdt/contracts',
  '/api/v4/futures/btc/contracts',
  '/api/v4/delivery/usdt/contracts',
  '/api/v4/options/underlyings',
]
const requests = (exchange: MockExchangeController) => exchange.journal.entries.filter((e) => e.kind === 'request').map((e) => new URL((e as { url: string }).url))

describe.each([
  { plugin: gateSpot, symbol: 'BTC/USDT', contractSize: undefined, path: '/api/v4/spot/candlesticks' },
  { plugin: gatePerpetual, symbol: 'BTC/USDT:USDT', contractSize: 0.00001, path: '/api/v4/futures/usdt/candlesticks' },
])('ccxt.gate against $plugin.name', ({ plugin, symbol, contractSize, path }) => {
  let exchange: MockExchangeController
  beforeAll(() => {
    exchange = setupMockExchange(plugin, { seed: 42, clock: { mode: 'manual', start: T0 }, markets: MARKETS })
    exchange.listen()
  })
  afterEach(() => exchange.reset())
  afterAll(() => exchange.close())
  const client = () => new ccxt.gate({ fetchImplementation: globalThis.fetch, enableRateLimit: false })
  /** ccxt's volume is base on spot (index 6) and contracts (`v`) on futures. */
  const volumeOf = (volume: number) => (contractSize === undefined ? volume : Math.round(volume / contractSize))
  const asRows = (start: number, end: number, interval = '1m') =>
    exchange.engine.candles('BTC/USDT', interval, { start, end }).map((c) => [c.openTime, c.open, c.high, c.low, c.close, volumeOf(c.volume)])

  it('loads markets (all seven lists answer) and the time', async () => {
    const gate = client()
    const markets = await gate.loadMarkets()
    expect(Object.keys(markets).sort()).toEqual(plugin === gateSpot ? ['BTC/USDT', 'ETH/USDT'] : ['BTC/USDT:USDT', 'ETH/USDT:USDT'])
    expect(markets[symbol]).toMatchObject({ id: 'BTC_USDT', base: 'BTC', quote: 'USDT', active: true, contractSize, precision: { price: 0.01 } })
    expect(requests(exchange).map((url) => url.pathname).sort()).toEqual([...LOAD_PATHS].sort())
    expect(await gate.fetchTime()).toBe(T0)
  })

  it('fetchOHLCV with since returns exactly the engine candles (from/to inclusive)', async () => {
    const rows = await client().fetchOHLCV(symbol, '1m', T0 - 100 * MINUTE, 100)
    expect(rows).toEqual(asRows(T0 - 100 * MINUTE, T0))
    const url = requests(exchange).at(-1)!
    expect(url.pathname).toBe(path)
    expect(url.searchParams.get('from')).toBe(String((T0 - 100 * MINUTE) / 1000))
    expect(url.searchParams.get('to')).toBe(String((T0 - MINUTE) / 1000))
  })

  it('fetchOHLCV without since: the latest rows, the last one in progress', async () => {
    await exchange.clock.advance(90_500)
    const rows = await client().fetchOHLCV(symbol, '1m', undefined, 50)
    const now = exchange.clock.now()
    expect(rows).toEqual(asRows(now - 50 * MINUTE, now + 1).slice(-50))
    expect(rows.at(-1)![0]).toBe(T0 + MINUTE)
  })

  /**
   * ccxt's deterministic pagination starts each page 1 ms before the previous page's step
   * (`currentSince + step - 1`) and Gate's `from` is whole seconds, so from the third page on
   * a page's `from` is a second before a boundary while the previous `to` stopped a minute
   * earlier: against Gate's inclusive [from, to] one candle per page boundary is lost when
   * `since` is on a boundary (reproduced here, as it happens against Gate). With `since` 1 ms
   * past a boundary, three pages line up exactly.
   */
  it('paginates over a few thousand candles: continuous, without duplicates, equal to the engine', async () => {
    const since = T0 - 2_400 * MINUTE + 1
    const rows = await client().fetchOHLCV(symbol, '1m', since, undefined, { paginate: true, until: T0 - 1, paginationCalls: 5 })
    expect(rows).toHaveLength(2_399)
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i][0]).toBe(Number(rows[i - 1][0]) + MINUTE)
      expect(rows[i][1]).toBe(rows[i - 1][4])
    }
    expect(rows).toEqual(asRows(T0 - 2_399 * MINUTE, T0))
    expect(requests(exchange).filter((url) => url.pathname === path).map((url) => url.searchParams.has('limit'))).toEqual([false, false, false])
  })

  it('paginating from a boundary loses the candle at the second page boundary, as ccxt does against Gate', async () => {
    const since = T0 - 2_400 * MINUTE
    const rows = await client().fetchOHLCV(symbol, '1m', since, undefined, { paginate: true, until: T0 - 1, paginationCalls: 5 })
    expect(rows).toEqual(asRows(since, T0).filter((row) => row[0] !== T0 - 401 * MINUTE))
  })

  it('native errors map to ccxt exceptions (label → BadRequest / ExchangeError)', async () => {
    const gate = client()
    await gate.loadMarkets()
    await expect(gate.fetchOHLCV(symbol, '1m', T0 - 20_000 * MINUTE, 10)).rejects.toBeInstanceOf(ccxt.BadRequest)
    const call = plugin === gateSpot ? gate.publicSpotGetCandlesticks({ currency_pair: 'NOPE_USDT' }) : gate.publicFuturesGetSettleCandlesticks({ settle: 'usdt', contract: 'NOPE_USDT' })
    await expect(call).rejects.toBeInstanceOf(ccxt.ExchangeError)
  })

  it('watchOHLCV receives live updates and the closing update as the clock moves', async () => {
    const pro = new ccxt.pro.gate({ fetchImplementation: globalThis.fetch, enableRateLimit: false, options: { ws: { options: exchange.wsClientOptions() } } })
    try {
      const first = pro.watchOHLCV(symbol, '1m')
      await untilFrame(exchange, (f) => f.kind === 'ws-out' && f.data.includes('"result":{"status":"success"}'))
      await exchange.clock.advance(30_000)
      const live = await first
      const inProgress = exchange.engine.candleAt('BTC/USDT', '1m', exchange.clock.now())
      // On WebSocket ccxt reads `v`: quote volume on spot, contracts on futures.
      const wsVolume = contractSize === undefined ? inProgress.quoteVolume : volumeOf(inProgress.volume)
      expect(live.at(-1)).toEqual([inProgress.openTime, inProgress.open, inProgress.high, inProgress.low, inProgress.close, wsVolume])
      const next = pro.watchOHLCV(symbol, '1m')
      await exchange.clock.advance(30_000)
      const closed = (await next).find((row) => row[0] === T0)!
      const [rest] = await client().fetchOHLCV(symbol, '1m', T0, 1)
      expect(closed.slice(0, 5)).toEqual(rest.slice(0, 5))
      if (contractSize !== undefined) expect(closed[5]).toBe(rest[5])
      else expect(closed[5]).toBe(exchange.engine.candles('BTC/USDT', '1m', { start: T0, end: T0 + 1 })[0].quoteVolume)
      expect(exchange.journal.entries.some((e) => e.kind === 'ws-out' && (e as { data: string }).data.includes('"w":true'))).toBe(true)
    } finally {
      await pro.close()
    }
  })
})

describe('ccxt.gate against spot and perpetual in one mock (same host)', () => {
  let exchange: MockExchangeController
  beforeAll(() => {
    exchange = setupMockExchange([gatePerpetual, gateSpot], { seed: 42, clock: { mode: 'manual', start: T0 }, markets: MARKETS })
    exchange.listen()
  })
  afterAll(() => exchange.close())

  it('one client finds both kinds of markets, and their prices agree', async () => {
    const gate = new ccxt.gate({ fetchImplementation: globalThis.fetch, enableRateLimit: false })
    const markets = await gate.loadMarkets()
    expect(Object.keys(markets).sort()).toEqual(['BTC/USDT', 'BTC/USDT:USDT', 'ETH/USDT', 'ETH/USDT:USDT'])
    const [spot] = await gate.fetchOHLCV('BTC/USDT', '1h', T0 - 3_600_000, 1)
    const [swap] = await gate.fetchOHLCV('BTC/USDT:USDT', '1h', T0 - 3_600_000, 1)
    expect(spot.slice(0, 5)).toEqual(swap.slice(0, 5))
  })
})
