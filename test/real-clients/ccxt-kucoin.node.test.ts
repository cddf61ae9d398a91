import ccxt from 'ccxt'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { kucoinPerpetual, kucoinSpot } from '../../handlers/kucoin/index.js'
import { setupMockExchange, type MockExchangeController } from '../../src/index.js'
import { untilFrame } from '../support/ws.js'

/**
 * ccxt.kucoin and ccxt.kucoinfutures run unmodified (wire-formats §3, §4, §0.2): only their
 * fetch (the global one the mock patches) and their ws options (in-process sockets) are
 * given. The plugins are passed as objects, since the registry is not ours to edit.
 *
 * T0 lies in the past of any real clock this runs on: ccxt sends its own wall-clock now as
 * endAt/to, which the mock caps at its clock's now.
 */
const T0 = Date.UTC(2026, 0, 1, 12)
const MINUTE = 60_000
const MARKETS = [{ symbol: 'BTC/USDT', price: 50_000 }, { symbol: 'ETH/USDT' }]

type Client = InstanceType<typeof ccxt.kucoin>
const VARIANTS = [
  { name: 'ccxt.kucoin against KuCoin Spot', plugin: kucoinSpot, symbol: 'BTC/USDT', id: 'BTC-USDT', rest: () => ccxt.kucoin, pro: () => ccxt.pro.kucoin, futures: false },
  { name: 'ccxt.kucoinfutures against KuCoin Futures', plugin: kucoinPerpetual, symbol: 'BTC/USDT:USDT', id: 'XBTUSDTM', rest: () => ccxt.kucoinfutures, pro: () => ccxt.pro.kucoinfutures, futures: true },
]

describe.each(VARIANTS)('$name', ({ plugin, symbol, id, rest, pro, futures }) => {
  let exchange: MockExchangeController
  beforeAll(() => {
    exchange = setupMockExchange(plugin, { seed: 42, clock: { mode: 'manual', start: T0 }, markets: MARKETS })
    exchange.listen()
  })
  afterEach(() => exchange.reset())
  afterAll(() => exchange.close())
  const client = (): Client => new (rest())({ fetchImplementation: globalThis.fetch, enableRateLimit: false }) as Client
  const lot = () => exchange.engine.market('BTC/USDT').lotSize
  /** ccxt's rows: volume in base on spot, in contracts (of one lot) on futures. */
  const asRows = (start: number, end: number, interval = '1m') =>
    exchange.engine.candles('BTC/USDT', interval, { start, end }).map((c) => [c.openTime, c.open, c.high, c.low, c.close, futures ? Math.round(c.volume / lot()) : c.volume])
  const requests = () => exchange.journal.entries.filter((e) => e.kind === 'request') as Array<{ url: string; status: number }>

  it('loads markets (every call answers, both hosts) and the time', async () => {
    const kucoin = client()
    const markets = await kucoin.loadMarkets()
    expect(Object.keys(markets).sort()).toEqual(futures ? ['BTC/USDT:USDT', 'ETH/USDT:USDT'] : ['BTC/USDT', 'ETH/USDT'])
    expect(markets[symbol]).toMatchObject({ id, base: 'BTC', quote: 'USDT', active: true, precision: { price: 0.01 } })
    if (futures) expect(markets[symbol]).toMatchObject({ swap: true, linear: true, settle: 'USDT', contractSize: lot() })
    const asked = requests().map((r) => { const url = new URL(r.url); return `${url.host}${url.pathname}` }).sort()
    expect(asked).toEqual(
      futures
        ? ['api-futures.kucoin.com/api/v1/contracts/active', 'api.kucoin.com/api/v3/currencies']
        : ['api-futures.kucoin.com/api/v1/contracts/active', 'api.kucoin.com/api/v1/market/allTickers', 'api.kucoin.com/api/v2/symbols', 'api.kucoin.com/api/v3/currencies'],
    )
    expect(requests().every((r) => r.status === 200)).toBe(true)
    expect(await kucoin.fetchTime()).toBe(T0)
  })

  it('fetchOHLCV returns exactly the engine candles', async () => {
    const rows = await client().fetchOHLCV(symbol, '1m', T0 - 100 * MINUTE, 100)
    expect(rows).toEqual(asRows(T0 - 100 * MINUTE, T0))
    expect(new URL(requests().at(-1)!.url).pathname).toBe(futures ? '/api/v1/kline/query' : '/api/v1/market/candles')
    const [hour] = await client().fetchOHLCV(symbol, '1h', T0 - 5 * 60 * MINUTE, 1)
    expect(hour).toEqual(asRows(T0 - 5 * 60 * MINUTE, T0 - 4 * 60 * MINUTE, '1h')[0])
  })

  it('fetchOHLCV without since: up to the candle in progress', async () => {
    await exchange.clock.advance(90_500)
    const rows = await client().fetchOHLCV(symbol, '1m')
    const now = exchange.clock.now()
    expect(rows.at(-1)![0]).toBe(T0 + MINUTE)
    expect(rows).toEqual(asRows(now - rows.length * MINUTE, now + 1).slice(-rows.length))
    expect(rows).toHaveLength(futures ? 500 : 1500)
  })

  it('paginates with until over a few thousand candles: continuous, without duplicates, equal to the engine', async () => {
    const since = T0 - 2_400 * MINUTE
    const kucoin = client()
    // ccxt 4.5.84 bug: fetchOHLCV({ paginate: true }) with a since runs the deterministic pager
    // under the name 'fetchSpotOHLCV'/'fetchContractOHLCV', so its final filter reads rows by
    // key 'timestamp' and drops them all (it uses key 0 only for 'fetchOHLCV'). The paginated
    // call with the requests are already checked against the mock; here is the same pager under the
    // name it keys correctly, with ccxt's page sizes (1500 spot, 200 futures).
    const empty = await kucoin.fetchOHLCV(symbol, '1m', since, undefined, { paginate: true, until: T0 - 1, paginationCalls: 15 })
    expect(empty).toEqual([])
    const pages = requests().filter((r) => /candles|kline/.test(r.url))
    expect(pages.length).toBeGreaterThanOrEqual(futures ? 12 : 2)
    expect(pages.every((r) => r.status === 200)).toBe(true)
    const pager = kucoin as unknown as { fetchPaginatedCallDeterministic(...args: unknown[]): Promise<Array<Array<number>>> }
    const all = await pager.fetchPaginatedCallDeterministic('fetchOHLCV', symbol, since, undefined, '1m', { until: T0 - 1, paginationCalls: 15 }, futures ? 200 : 1500)
    // ccxt does not cut at `until`: its last page runs to the mock's now.
    const rows = all.filter((row) => row[0] < T0)
    expect(rows).toHaveLength(2_400)
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i][0]).toBe(Number(rows[i - 1][0]) + MINUTE)
      expect(rows[i][1]).toBe(rows[i - 1][4])
    }
    expect(rows).toEqual(asRows(since, T0))
  })

  it('native errors map to ccxt exceptions (400100 → BadRequest)', async () => {
    const kucoin = client() as unknown as Record<string, (params: object) => Promise<unknown>>
    if (futures) await expect(kucoin.futuresPublicGetKlineQuery({ symbol: id, granularity: 3 })).rejects.toBeInstanceOf(ccxt.BadRequest)
    else {
      await expect(kucoin.publicGetMarketCandles({ symbol: 'NOPE-USDT', type: '1min' })).rejects.toBeInstanceOf(ccxt.BadRequest)
      await expect(kucoin.publicGetMarketCandles({ symbol: id, type: '1m' })).rejects.toBeInstanceOf(ccxt.BadRequest)
    }
  })

  it('watchOHLCV (token round-trip, welcome, ack) receives live updates and the closing update as the clock moves', async () => {
    // The client pings on its own (real) timer every pingInterval; the mock drops a client silent
    // for 28 s of its clock, so the subscription is made 20 s before a minute closes.
    const now = exchange.clock.now()
    const boundary = Math.ceil((now + 1) / MINUTE) * MINUTE
    if (boundary - now > 20_000) await exchange.clock.advance(boundary - 20_000 - now)
    const client = new (pro())({ fetchImplementation: globalThis.fetch, enableRateLimit: false, options: { ws: { options: exchange.wsClientOptions() } } }) as Client
    try {
      const first = client.watchOHLCV(symbol, '1m')
      await untilFrame(exchange, (f) => f.kind === 'ws-out' && f.data.includes('"type":"ack"'))
      await exchange.clock.advance(10_000)
      const live = await first
      const inProgress = exchange.engine.candleAt('BTC/USDT', '1m', exchange.clock.now())
      expect(live.at(-1)).toEqual([inProgress.openTime, inProgress.open, inProgress.high, inProgress.low, inProgress.close, futures ? Math.round(inProgress.volume / lot()) : inProgress.volume])
      const next = client.watchOHLCV(symbol, '1m')
      await exchange.clock.advance(10_000)
      const open = boundary - MINUTE
      const closed = (await next).find((row) => row[0] === open)
      const [restRow] = await (new (rest())({ fetchImplementation: globalThis.fetch, enableRateLimit: false }) as Client).fetchOHLCV(symbol, '1m', open, 1)
      expect(closed).toEqual(restRow)
      const bullet = requests().find((r) => r.url.endsWith('/api/v1/bullet-public'))
      expect(new URL(bullet!.url).host).toBe(futures ? 'api-futures.kucoin.com' : 'api.kucoin.com')
      expect(exchange.journal.entries.some((e) => e.kind === 'ws-out' && (e as { data: string }).data === `{"id":"${futures ? 'publicFutures' : 'public'}","type":"welcome"}`)).toBe(true)
    } finally {
      await client.close()
    }
  })
})

describe('ccxt.kucoin (the merged spot + contracts class) against KuCoin Futures alone', () => {
  let exchange: MockExchangeController
  beforeAll(() => {
    exchange = setupMockExchange(kucoinPerpetual, { seed: 42, clock: { mode: 'manual', start: T0 }, markets: MARKETS })
    exchange.listen()
  })
  afterAll(() => exchange.close())

  it('loads the contracts (spot symbols and tickers answer empty) and fetches their candles', async () => {
    const kucoin = new ccxt.kucoin({ fetchImplementation: globalThis.fetch, enableRateLimit: false })
    const markets = await kucoin.loadMarkets()
    expect(Object.keys(markets).sort()).toEqual(['BTC/USDT:USDT', 'ETH/USDT:USDT'])
    const rows = await kucoin.fetchOHLCV('BTC/USDT:USDT', '1m', T0 - 10 * MINUTE, 10)
    const lot = exchange.engine.market('BTC/USDT').lotSize
    expect(rows).toEqual(exchange.engine.candles('BTC/USDT', '1m', { start: T0 - 10 * MINUTE, end: T0 }).map((c) => [c.openTime, c.open, c.high, c.low, c.close, Math.round(c.volume / lot)]))
  })
})

describe('ccxt.kucoin against spot and futures in one mock (the spot class loads both hosts)', () => {
  let exchange: MockExchangeController
  beforeAll(() => {
    exchange = setupMockExchange([kucoinSpot, kucoinPerpetual], { seed: 42, clock: { mode: 'manual', start: T0 }, markets: MARKETS })
    exchange.listen()
  })
  afterAll(() => exchange.close())

  it('one client finds both kinds of markets, and their prices agree', async () => {
    const kucoin = new ccxt.kucoin({ fetchImplementation: globalThis.fetch, enableRateLimit: false })
    const markets = await kucoin.loadMarkets()
    expect(Object.keys(markets).sort()).toEqual(['BTC/USDT', 'BTC/USDT:USDT', 'ETH/USDT', 'ETH/USDT:USDT'])
    const [spot] = await kucoin.fetchOHLCV('BTC/USDT', '1h', T0 - 3_600_000, 1)
    const [swap] = await kucoin.fetchOHLCV('BTC/USDT:USDT', '1h', T0 - 3_600_000, 1)
    expect(swap.slice(0, 5)).toEqual(spot.slice(0, 5))
  })
})
