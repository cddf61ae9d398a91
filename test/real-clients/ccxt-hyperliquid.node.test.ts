import ccxt from 'ccxt'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { hyperliquidPerpetual, hyperliquidSpot } from '../../handlers/hyperliquid/index.js'
import { setupMockExchange, type MockExchangeController } from '../../src/index.js'
import { untilFrame } from '../support/ws.js'

/**
 * ccxt runs unmodified against Hyperliquid (wire-formats §3): only its fetch (to the
 * global one the mock patches) and its ws options (in-process sockets) are given. The
 * plugins are passed as objects: the registry does not name them yet.
 */
const T0 = Date.UTC(2026, 0, 1, 12)
const MINUTE = 60_000
const ohlcv = (c: { openTime: number; open: number; high: number; low: number; close: number; volume: number }) => [c.openTime, c.open, c.high, c.low, c.close, c.volume]
const bodies = (exchange: MockExchangeController) =>
  exchange.journal.entries.filter((e) => e.kind === 'request').map((e) => (e as { url: string; route?: string }).route)

describe.each([
  { plugin: hyperliquidPerpetual, symbol: 'BTC/USDC:USDC', coin: 'BTC' },
  { plugin: hyperliquidSpot, symbol: 'BTC/USDC', coin: '@0' },
])('ccxt.hyperliquid against $plugin.name', ({ plugin, symbol, coin }) => {
  let exchange: MockExchangeController
  beforeAll(() => {
    exchange = setupMockExchange(plugin, { seed: 42, clock: { mode: 'manual', start: T0 }, markets: [{ symbol: 'BTC/USDC', price: 50_000 }, { symbol: 'ETH/USDC' }] })
    exchange.listen()
  })
  afterEach(() => exchange.reset())
  afterAll(() => exchange.close())
  const client = () => new ccxt.hyperliquid({ fetchImplementation: globalThis.fetch, enableRateLimit: false })

  it('loads spot and perp markets (spotMeta, spotMetaAndAssetCtxs, metaAndAssetCtxs, perpDexs), and the time', async () => {
    const ccxtClient = client()
    const markets = await ccxtClient.loadMarkets()
    expect(Object.keys(markets).sort()).toEqual(['BTC/USDC', 'BTC/USDC:USDC', 'ETH/USDC', 'ETH/USDC:USDC'])
    expect(markets['BTC/USDC:USDC']).toMatchObject({ id: '0', baseName: 'BTC', swap: true, settle: 'USDC', active: true, precision: { amount: 0.00001 } })
    expect(markets['BTC/USDC']).toMatchObject({ id: '@0', baseName: 'BTC', spot: true, active: true, precision: { amount: 0.00001 } })
    expect(markets['ETH/USDC']).toMatchObject({ id: '@1', spot: true })
    expect(bodies(exchange)).toEqual(['info', 'info', 'info', 'info'])
    expect(exchange.journal.entries.every((e) => e.kind !== 'request' || (e as { status: number }).status === 200)).toBe(true)
    expect(await ccxtClient.fetchTime()).toBe(T0)
  })

  it('fetchOHLCV returns exactly the engine candles', async () => {
    const rows = await client().fetchOHLCV(symbol, '1m', T0 - 100 * MINUTE, 100)
    expect(rows).toEqual(exchange.engine.candles('BTC/USDC', '1m', { start: T0 - 100 * MINUTE, end: T0 }).map(ohlcv))
  })

  it('fetchOHLCV without since: the most recent 5000, the candle in progress last', async () => {
    await exchange.clock.advance(90_500)
    const rows = await client().fetchOHLCV(symbol, '1m')
    expect(rows).toHaveLength(5000)
    expect(rows.at(-1)).toEqual(ohlcv(exchange.engine.candleAt('BTC/USDC', '1m', exchange.clock.now())))
    expect(rows[0][0]).toBe(Number(rows.at(-1)![0]) - 4999 * MINUTE)
  })

  it('paginate with until: a few thousand candles, continuous and without duplicates (one call serves up to 5000)', async () => {
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

  it('native errors: 422 text is ExchangeError; an unknown coin (200 null) is no data, an unknown dex (500 null) ExchangeNotAvailable', async () => {
    const ccxtClient = client()
    await expect(ccxtClient.publicPostInfo({ type: 'candleSnapshot', req: { coin, interval: '2m', startTime: 0 } })).rejects.toBeInstanceOf(ccxt.ExchangeError)
    await expect(ccxtClient.publicPostInfo({ type: 'nope' })).rejects.toBeInstanceOf(ccxt.ExchangeError)
    expect(await ccxtClient.publicPostInfo({ type: 'candleSnapshot', req: { coin: 'NOPE', interval: '1m', startTime: 0 } })).toBe('null') // ccxt hands back a JSON null as its text; fetchOHLCV reads it as no candles
    await expect(ccxtClient.publicPostInfo({ type: 'metaAndAssetCtxs', dex: 'xyz' })).rejects.toBeInstanceOf(ccxt.ExchangeNotAvailable)
  })

  it('over the weight limit (a rateLimit fault here) is the 429 ccxt reads as RateLimitExceeded', async () => {
    const ccxtClient = client()
    await ccxtClient.loadMarkets()
    exchange.faults.add({ type: 'rateLimit', route: 'info', times: 1 })
    await expect(ccxtClient.fetchOHLCV(symbol, '1m', T0 - 10 * MINUTE, 5)).rejects.toBeInstanceOf(ccxt.RateLimitExceeded)
    expect(await ccxtClient.fetchOHLCV(symbol, '1m', T0 - 10 * MINUTE, 5)).toHaveLength(5)
  })

  it('watchOHLCV receives the current candle, live updates, and the closing update as the clock moves', async () => {
    // newUpdates: false makes each watch return the whole cache, not only the rows updated since the last call.
    const pro = new ccxt.pro.hyperliquid({ fetchImplementation: globalThis.fetch, enableRateLimit: false, options: { ws: { options: exchange.wsClientOptions() } } })
    pro.newUpdates = false
    try {
      await exchange.clock.advance(30_000 - (exchange.clock.now() % MINUTE))
      const subscribedAt = exchange.clock.now()
      const first = pro.watchOHLCV(symbol, '1m')
      await untilFrame(exchange, (f) => f.kind === 'ws-out' && f.data.includes('"subscriptionResponse"'))
      expect((await first).at(-1)).toEqual(ohlcv(exchange.engine.candleAt('BTC/USDC', '1m', subscribedAt)))
      const live = pro.watchOHLCV(symbol, '1m')
      await exchange.clock.advance(1_000)
      expect((await live).at(-1)).toEqual(ohlcv(exchange.engine.candleAt('BTC/USDC', '1m', subscribedAt + 1_000)))
      const open = subscribedAt - (subscribedAt % MINUTE)
      const later = pro.watchOHLCV(symbol, '1m')
      await exchange.clock.advance(open + MINUTE + 1_000 - exchange.clock.now())
      await later
      const after = pro.watchOHLCV(symbol, '1m')
      await exchange.clock.advance(1_000)
      const rows = await after
      const closed = rows.find((row) => row[0] === open)
      const [rest] = await client().fetchOHLCV(symbol, '1m', open, 1)
      expect(closed).toEqual(rest)
      expect(closed).toEqual(ohlcv(exchange.engine.candles('BTC/USDC', '1m', { start: open, end: open + 1 })[0]))
      const opened = exchange.journal.entries.find((e) => e.kind === 'ws-open') as { url: string }
      expect(opened.url).toBe('wss://api.hyperliquid.xyz/ws')
      const subscribe = exchange.journal.entries.find((e) => e.kind === 'ws-in') as { data: string }
      expect(JSON.parse(subscribe.data)).toEqual({ method: 'subscribe', subscription: { type: 'candle', coin, interval: '1m' } })
    } finally {
      await pro.close()
    }
  })
})

describe('ccxt against perps and spot in one mock (they share POST /info and the stream)', () => {
  let exchange: MockExchangeController
  beforeAll(() => {
    exchange = setupMockExchange([hyperliquidPerpetual, hyperliquidSpot], { clock: { mode: 'manual', start: T0 }, markets: [{ symbol: 'BTC/USDC', price: 50_000 }, { symbol: 'SOL/USDC', kind: 'perpetual' }] })
    exchange.listen()
  })
  afterAll(() => exchange.close())

  it('each kind finds its own markets, candles and stream', async () => {
    const hyperliquid = new ccxt.hyperliquid({ fetchImplementation: globalThis.fetch, enableRateLimit: false })
    await hyperliquid.loadMarkets()
    expect(Object.keys(hyperliquid.markets!).sort()).toEqual(['BTC/USDC', 'BTC/USDC:USDC', 'SOL/USDC:USDC'])
    const [spotRow] = await hyperliquid.fetchOHLCV('BTC/USDC', '1h', T0 - 3_600_000, 1)
    const [perpRow] = await hyperliquid.fetchOHLCV('BTC/USDC:USDC', '1h', T0 - 3_600_000, 1)
    expect(spotRow).toEqual(perpRow)
    const pro = new ccxt.pro.hyperliquid({ fetchImplementation: globalThis.fetch, enableRateLimit: false, options: { ws: { options: exchange.wsClientOptions() } } })
    try {
      const spot = pro.watchOHLCV('BTC/USDC', '1m')
      const perp = pro.watchOHLCV('SOL/USDC:USDC', '1m')
      expect((await spot).at(-1)).toEqual(ohlcv(exchange.engine.candleAt('BTC/USDC', '1m', exchange.clock.now())))
      expect((await perp).at(-1)).toEqual(ohlcv(exchange.engine.candleAt('SOL/USDC', '1m', exchange.clock.now())))
    } finally {
      await pro.close()
    }
  })

  it('1200 weight a minute: sixty meta calls pass, the next is 429 text without headers until the window moves (§3.6)', async () => {
    exchange.reset()
    const info = (body: unknown) => fetch('https://api.hyperliquid.xyz/info', { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } })
    for (let i = 0; i < 60; i++) expect((await info({ type: 'meta' })).status).toBe(200)
    const limited = await info({ type: 'meta' })
    expect(limited.status).toBe(429)
    expect(await limited.text()).toBe('Too Many Requests')
    expect(limited.headers.get('retry-after')).toBeNull()
    await exchange.clock.advance(60_000)
    expect((await info({ type: 'meta' })).status).toBe(200)
    // A full 5000-candle snapshot weighs 20 + 83: eleven fit in a fresh window, the twelfth does not.
    exchange.reset()
    const snapshot = { type: 'candleSnapshot', req: { coin: 'BTC', interval: '1m', startTime: 0, endTime: exchange.clock.now() } }
    for (let i = 0; i < 11; i++) expect((await info(snapshot)).status).toBe(200)
    expect((await info(snapshot)).status).toBe(429)
  })
})
