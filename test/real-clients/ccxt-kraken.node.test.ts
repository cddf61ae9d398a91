import ccxt from 'ccxt'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { krakenSpot } from '../../handlers/kraken/index.js'
import { setupMockExchange, type Interval, type MockExchangeController } from '../../src/index.js'
import { untilFrame } from '../support/ws.js'

/**
 * ccxt runs unmodified against Kraken Spot (wire-formats §2): only its fetch (to the
 * global one the mock patches) and its ws options (in-process sockets) are given. ccxt pro
 * pings every 6 s of real time; these tests take far less and close the client.
 */
const T0 = Date.UTC(2026, 0, 1, 12)
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const WEEK: Interval = { kind: 'fixed', name: '10080', ms: 7 * 24 * HOUR, offset: 0 }

const engineRows = (exchange: MockExchangeController, interval: Interval | string, start: number, end: number) =>
  exchange.engine.candles('BTC/USD', interval, { start, end, now: exchange.clock.now() }).map((c) => [c.openTime, c.open, c.high, c.low, c.close, c.volume])

describe('ccxt against Kraken Spot', () => {
  let exchange: MockExchangeController
  beforeAll(() => {
    exchange = setupMockExchange(krakenSpot, {
      seed: 42,
      clock: { mode: 'manual', start: T0 },
      markets: [{ symbol: 'BTC/USD', price: 50_000 }, { symbol: 'ETH/USD' }, { symbol: 'SOL/USD' }, { symbol: 'DOGE/USD' }, { symbol: 'BTC/USDT' }],
    })
    exchange.listen()
  })
  afterEach(() => exchange.reset())
  afterAll(() => exchange.close())
  const client = () => new ccxt.kraken({ fetchImplementation: globalThis.fetch, enableRateLimit: false })

  it('loads markets (Assets, AssetPairs) and the time', async () => {
    const kraken = client()
    const markets = await kraken.loadMarkets()
    expect(Object.keys(markets).sort()).toEqual(['BTC/USD', 'BTC/USDT', 'DOGE/USD', 'ETH/USD', 'SOL/USD'])
    expect(markets['BTC/USD']).toMatchObject({ id: 'XXBTZUSD', wsId: 'XBT/USD', altname: 'XBTUSD', base: 'BTC', quote: 'USD', baseId: 'BTC', active: true, spot: true, margin: true })
    expect(markets['BTC/USD']!.precision).toEqual({ amount: 1e-8, price: 0.01 })
    expect(markets['ETH/USD']!.id).toBe('XETHZUSD')
    expect(markets['SOL/USD']!.id).toBe('SOLUSD')
    expect(markets['DOGE/USD']!.id).toBe('XDGUSD')
    expect(markets['BTC/USDT']!.id).toBe('XBTUSDT')
    expect(kraken.currencies['BTC']).toMatchObject({ id: 'XXBT', code: 'BTC', precision: 1e-10 })
    expect(exchange.journal.requests.map((r) => new URL(r.url).pathname).sort()).toEqual(['/0/public/AssetPairs', '/0/public/Assets'])
    expect(await kraken.fetchTime()).toBe(T0)
  })

  it('fetchOHLCV returns exactly the engine candles (ccxt sends since one interval early, Kraken answers after it)', async () => {
    const rows = await client().fetchOHLCV('BTC/USD', '1m', T0 - 100 * MINUTE, 100)
    expect(rows).toEqual(engineRows(exchange, '1m', T0 - 100 * MINUTE, T0))
    const [ohlc] = exchange.journal.requests.filter((r) => r.url.includes('/OHLC'))
    expect(new URL(ohlc.url).searchParams.get('since')).toBe(String((T0 - 101 * MINUTE) / 1000))
  })

  it('without since: the 720 committed candles and the one in progress, oldest first', async () => {
    await exchange.clock.advance(30_000)
    const rows = await client().fetchOHLCV('BTC/USD', '1h')
    expect(rows).toHaveLength(721)
    expect(rows).toEqual(engineRows(exchange, '1h', T0 - 720 * HOUR, T0 + 1))
    expect(rows.at(-1)![0]).toBe(T0)
  })

  it('the weekly candle opens on Thursday (epoch-aligned), as Kraken’s does', async () => {
    const rows = await client().fetchOHLCV('BTC/USD', '1w', undefined, undefined)
    expect(new Date(rows.at(-1)![0]!).getUTCDay()).toBe(4)
    expect(rows.slice(-3)).toEqual(engineRows(exchange, WEEK, T0 - 2 * WEEK.ms - 1, T0 + 1).slice(-3))
  })

  it('paginates with several since calls, continuous and without duplicates', async () => {
    await exchange.clock.advance(10 * MINUTE)
    const kraken = client()
    const pages = []
    for (let since = T0 - 600 * MINUTE; since < T0; since += 200 * MINUTE) pages.push(...(await kraken.fetchOHLCV('BTC/USD', '1m', since, 200)))
    expect(pages).toHaveLength(600)
    expect(pages).toEqual(engineRows(exchange, '1m', T0 - 600 * MINUTE, T0))
  })

  it('paginate: true cannot reach past the 720-candle window, as on Kraken', async () => {
    const rows = await client().fetchOHLCV('BTC/USD', '1m', T0 - 1_400 * MINUTE, undefined, { paginate: true, until: T0 })
    // Two calls (720 per call); both can only see the last 720 committed minutes and the one in progress.
    expect(exchange.journal.requests.filter((r) => r.url.includes('/OHLC'))).toHaveLength(2)
    expect(rows).toHaveLength(721)
    expect(rows[0]![0]).toBe(T0 - 720 * MINUTE)
    for (let i = 1; i < rows.length; i++) expect(rows[i]![0]).toBe(rows[i - 1]![0]! + MINUTE)
  })

  it('native errors reach ccxt as its exceptions', async () => {
    const kraken = client()
    await kraken.loadMarkets()
    await expect(kraken.publicGetOHLC({ pair: 'NOPEUSD' })).rejects.toThrow(/EQuery:Unknown asset pair/)
    await expect(kraken.publicGetOHLC({ pair: 'XBTUSD', interval: 2 })).rejects.toBeInstanceOf(ccxt.BadRequest)
    exchange.faults.add({ type: 'rateLimit', route: 'ohlc', times: 1 })
    await expect(kraken.fetchOHLCV('BTC/USD', '1m')).rejects.toBeInstanceOf(ccxt.DDoSProtection)
  })

  it('watchOHLCV receives the snapshot, live updates and the closing update as the clock moves', async () => {
    const pro = new ccxt.pro.kraken({ fetchImplementation: globalThis.fetch, enableRateLimit: false, options: { ws: { options: exchange.wsClientOptions() } } })
    try {
      await exchange.clock.advance(20_000)
      const snapshot = pro.watchOHLCV('BTC/USD', '1m')
      await untilFrame(exchange, (f) => f.kind === 'ws-in' && (f.data ?? '').includes('"subscribe"'))
      const first = await snapshot
      // The snapshot ends with the candle in progress.
      const inProgress = exchange.engine.candleAt('BTC/USD', '1m', exchange.clock.now())
      expect(first.at(-1)).toEqual([inProgress.openTime, inProgress.open, inProgress.high, inProgress.low, inProgress.close, inProgress.volume])
      const next = pro.watchOHLCV('BTC/USD', '1m')
      await exchange.clock.advance(5_000)
      const live = await next
      const now = exchange.engine.candleAt('BTC/USD', '1m', exchange.clock.now())
      expect(live.at(-1)).toEqual([now.openTime, now.open, now.high, now.low, now.close, now.volume])
      // Through the close: the last update of the candle opened at T0 is its final state.
      const closing = pro.watchOHLCV('BTC/USD', '1m')
      await exchange.clock.advance(T0 + MINUTE - exchange.clock.now())
      const closed = (await closing).find((row) => row[0] === T0)
      const [rest] = await client().fetchOHLCV('BTC/USD', '1m', T0, 1)
      expect(closed).toEqual(rest)
      expect(closed).toEqual(engineRows(exchange, '1m', T0, T0 + 1)[0])
    } finally {
      await pro.close()
    }
  })
})
