/**
 * ccxt 4.5.84 against Coinbase Advanced Trade, unmodified: only its fetch (the global
 * one the mock patches) and its ws options (in-process sockets) are given. What ccxt
 * calls is in wire-formats §0.2 and §1; the candles checks use the engine as the oracle.
 */
import ccxt from 'ccxt'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { coinbaseAdvancedTrade } from '../../handlers/coinbase/index.js'
import { setupMockExchange, type MockExchangeController } from '../../src/index.js'
import { untilFrame } from '../support/ws.js'

/** 12:02 UTC: two minutes into a 5-minute bucket. */
const T0 = Date.UTC(2026, 0, 1, 12, 2)
const MINUTE = 60_000
const FIVE = 5 * MINUTE
type Row = [number, number, number, number, number, number]

const asRow = (c: { openTime: number; open: number; high: number; low: number; close: number; volume: number }): Row => [c.openTime, c.open, c.high, c.low, c.close, c.volume]

/**
 * ccxt 4.5.84 has no watchOHLCV for coinbase (`has.watchOHLCV: false`; later releases add
 * it for 5m). This subclass adds only that, the way ccxt's own watchers are written: it
 * uses ccxt's `subscribe` (its subscribe message, its socket, its keep-alive) and reads
 * the `candles` channel; everything else is ccxt's code.
 */
class CoinbaseWithCandles extends ccxt.pro.coinbase {
  private readonly candleRows = new Map<string, Map<number, Row>>()

  override async watchOHLCV(symbol: string, timeframe = '5m', since: number | undefined = undefined, limit: number | undefined = undefined, params = {}): Promise<Row[]> {
    if (timeframe !== '5m') throw new ccxt.NotSupported(`${this.id} watchOHLCV() streams 5m candles only`)
    await this.loadMarkets()
    const rows: Row[] = await this.subscribe('candles', false, this.market(symbol).symbol, params)
    return this.filterBySinceLimit(rows, since, limit, 0, true) as Row[]
  }

  override handleMessage(client: unknown, message: { channel?: string; events?: Array<{ candles?: Array<Record<string, string>> }> }): void {
    if (message?.channel !== 'candles') return super.handleMessage(client as never, message)
    for (const event of message.events ?? []) {
      for (const candle of event.candles ?? []) {
        const symbol = this.safeSymbol(candle.product_id)
        const rows = this.candleRows.get(symbol) ?? new Map<number, Row>()
        this.candleRows.set(symbol, rows)
        const row = this.parseOHLCV(candle) as Row
        rows.set(row[0], row)
        const ordered = [...rows.values()].sort((a, b) => a[0] - b[0])
        ;(client as { resolve(result: unknown, hash: string): void }).resolve(ordered, `candles::${symbol}`)
      }
    }
  }
}

describe('ccxt.coinbase against the Coinbase Advanced Trade mock', () => {
  let exchange: MockExchangeController
  beforeAll(() => {
    exchange = setupMockExchange(coinbaseAdvancedTrade, { seed: 42, clock: { mode: 'manual', start: T0 }, markets: [{ symbol: 'BTC/USD', price: 50_000 }, { symbol: 'ETH/USD' }] })
    exchange.listen()
  })
  afterEach(() => exchange.reset())
  afterAll(() => exchange.close())
  const client = () => new ccxt.coinbase({ fetchImplementation: globalThis.fetch, enableRateLimit: false })
  const requested = () => exchange.journal.entries.filter((e) => e.kind === 'request').map((e) => (e as { url: string }).url)

  it('loadMarkets makes every call ccxt makes at load (v2 currencies, rates; v3 products, FUTURE twice) and gets well-formed answers', async () => {
    const ccxtClient = client()
    const markets = await ccxtClient.loadMarkets()
    const paths = requested().map((url) => new URL(url).pathname + new URL(url).search).sort()
    expect(paths).toEqual(
      [
        '/api/v3/brokerage/market/products',
        '/api/v3/brokerage/market/products?product_type=FUTURE',
        '/api/v3/brokerage/market/products?product_type=FUTURE&contract_expiry_type=PERPETUAL',
        '/v2/currencies',
        '/v2/currencies/crypto',
        '/v2/exchange-rates',
      ].sort(),
    )
    expect(exchange.journal.entries.filter((e) => e.kind === 'request').every((e) => (e as { status: number }).status === 200)).toBe(true)
    expect(Object.keys(markets).sort()).toEqual(['BTC/USD', 'ETH/USD'])
    expect(markets['BTC/USD']).toMatchObject({ id: 'BTC-USD', base: 'BTC', quote: 'USD', type: 'spot', spot: true, active: true, precision: { price: 0.01, amount: 0.00001 } })
    expect(ccxtClient.currencies.BTC).toMatchObject({ code: 'BTC', name: 'Bitcoin', type: 'crypto' })
    expect(ccxtClient.currencies.USD).toMatchObject({ code: 'USD', name: 'US Dollar', type: 'fiat' })
  })

  it('fetchTime: the v2 default and the v3 endpoint both give the exchange clock', async () => {
    const ccxtClient = client()
    expect(await ccxtClient.fetchTime()).toBe(T0)
    expect(await ccxtClient.fetchTime({ method: 'v3PublicGetBrokerageTime' })).toBe(T0)
    expect(requested().map((url) => new URL(url).pathname)).toEqual(['/v2/time', '/api/v3/brokerage/time'])
  })

  it('fetchOHLCV uses the public /market/ path and returns exactly the engine candles', async () => {
    const ccxtClient = client()
    await ccxtClient.loadMarkets()
    const since = T0 - 100 * MINUTE
    const rows = await ccxtClient.fetchOHLCV('BTC/USD', '1m', since, 100)
    expect(rows).toEqual(exchange.engine.candles('BTC/USD', '1m', { start: since, end: since + 100 * MINUTE }).map(asRow))
    const url = new URL(requested().at(-1)!)
    expect(url.pathname).toBe('/api/v3/brokerage/market/products/BTC-USD/candles')
    expect(Object.fromEntries(url.searchParams)).toEqual({ granularity: 'ONE_MINUTE', start: String(since / 1000), end: String(since / 1000 + 100 * 60) })
    // The window reaching now ends with the bucket in progress, as the engine has it at now.
    const live = await ccxtClient.fetchOHLCV('BTC/USD', '5m', T0 - 32 * MINUTE, 7)
    expect(live).toHaveLength(7)
    expect(live.at(-1)).toEqual(asRow(exchange.engine.candleAt('BTC/USD', '5m', T0)))
  })

  it('usePrivate without credentials: ccxt sends "Bearer undefined" to the authenticated path, which is 401 (AuthenticationError); a JWT is served', async () => {
    const ccxtClient = client()
    await ccxtClient.loadMarkets()
    await expect(ccxtClient.fetchOHLCV('BTC/USD', '1m', T0 - 10 * MINUTE, 5, { usePrivate: true })).rejects.toBeInstanceOf(ccxt.AuthenticationError)
    const last = exchange.journal.entries.filter((e) => e.kind === 'request').at(-1) as { url: string; status: number }
    expect(new URL(last.url).pathname).toBe('/api/v3/brokerage/products/BTC-USD/candles')
    expect(last.status).toBe(401)
    const path = `https://api.coinbase.com/api/v3/brokerage/products/BTC-USD/candles?granularity=ONE_MINUTE&start=${(T0 - 10 * MINUTE) / 1000}&end=${T0 / 1000}`
    const jwt = `${btoa('{"alg":"ES256","kid":"k"}')}.${btoa('{"sub":"k"}')}.c2lnbmF0dXJl`.replace(/=/g, '')
    const authorized = await fetch(path, { headers: { Authorization: `Bearer ${jwt}` } })
    const publicAnswer = await fetch(path.replace('/brokerage/products/', '/brokerage/market/products/'))
    expect(authorized.status).toBe(200)
    expect(await authorized.text()).toBe(await publicAnswer.text())
  })

  it('a 1h candle from REST is the aggregate of its sixty 1m candles', async () => {
    const ccxtClient = client()
    await ccxtClient.loadMarkets()
    const [hour] = await ccxtClient.fetchOHLCV('BTC/USD', '1h', T0 - 122 * MINUTE, 1)
    const minutes = await ccxtClient.fetchOHLCV('BTC/USD', '1m', hour[0], 60)
    expect(minutes[0][0]).toBe(hour[0])
    expect(hour[1]).toBe(minutes[0][1])
    expect(hour[4]).toBe(minutes[59][4])
    expect(hour[2]).toBe(Math.max(...minutes.map((m) => Number(m[2]))))
    expect(hour[3]).toBe(Math.min(...minutes.map((m) => Number(m[3]))))
  })

  /** ccxt pages up to its own now (Date.now, captured when ccxt loads): this client reads the exchange's clock instead. */
  const pagingClient = () => {
    const ccxtClient = client()
    ccxtClient.milliseconds = () => exchange.clock.now()
    return ccxtClient
  }

  it('paginate over a few thousand candles: ccxt asks ten pages of 299 from since, continuous, without duplicates (and keeps only 300 of them)', async () => {
    const ccxtClient = pagingClient()
    await ccxtClient.loadMarkets()
    // A fresh 10 requests/second window for the ten pages, a whole minute on so that since stays aligned.
    await exchange.clock.advance(MINUTE)
    const since = exchange.clock.now() - 2_990 * MINUTE
    const expected = exchange.engine.candles('BTC/USD', '1m', { start: since, end: exchange.clock.now() }).map(asRow)
    expect(expected).toHaveLength(2_990)
    // ccxt 4.5.84 caps fetchOHLCV's limit at 300 before paginating, so `paginate: true` returns the first 300.
    expect(await ccxtClient.fetchOHLCV('BTC/USD', '1m', since, undefined, { paginate: true })).toEqual(expected.slice(0, 300))
    expect(requested().filter((url) => url.includes('/candles'))).toHaveLength(10)
    // ccxt's own paginator without that cap: every page, merged.
    exchange.reset()
    await exchange.clock.advance(MINUTE)
    const rows = (await ccxtClient.fetchPaginatedCallDeterministic('fetchOHLCV', 'BTC/USD', since, undefined, '1m', {}, 299)) as Row[]
    expect(requested().filter((url) => url.includes('/candles'))).toHaveLength(10)
    expect(rows).toHaveLength(2_990)
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i][0]).toBe(Number(rows[i - 1][0]) + MINUTE)
      expect(rows[i][1]).toBe(rows[i - 1][4])
    }
    expect(rows).toEqual(expected)
  })

  it('paginate with until: every page asks start…until, so it works within 350 candles and is refused natively beyond (as on Coinbase)', async () => {
    const ccxtClient = pagingClient()
    await ccxtClient.loadMarkets()
    await exchange.clock.advance(1_000)
    const since = T0 - 300 * MINUTE
    const rows = await ccxtClient.fetchOHLCV('BTC/USD', '1m', since, undefined, { paginate: true, until: T0 - 1 })
    expect(rows).toEqual(exchange.engine.candles('BTC/USD', '1m', { start: since, end: T0 }).map(asRow))
    const pages = requested().filter((url) => url.includes('/candles'))
    expect(pages).toHaveLength(2)
    expect(new Set(pages.map((url) => new URL(url).searchParams.get('end')))).toEqual(new Set([String(Math.floor((T0 - 1) / 1000))]))
    // 2,000 candles: each page's start…until holds more than 350, and Coinbase refuses it.
    await exchange.clock.advance(1_000)
    const far = ccxtClient.fetchOHLCV('BTC/USD', '1m', T0 - 2_000 * MINUTE, undefined, { paginate: true, until: T0 - 1, maxRetries: 0 })
    await expect(far).rejects.toBeInstanceOf(ccxt.BadRequest)
    await expect(far).rejects.toThrow('number of candles requested should be less than 350')
  })

  it('watchOHLCV: not in ccxt 4.5.84 (NotSupported); with it added, the snapshot, the live updates and the closing update arrive as the clock moves', async () => {
    const options = { fetchImplementation: globalThis.fetch, enableRateLimit: false, options: { ws: { options: exchange.wsClientOptions() } } }
    const plain = new ccxt.pro.coinbase(options)
    expect(plain.has.watchOHLCV).toBe(false)
    await expect(plain.watchOHLCV('BTC/USD', '5m')).rejects.toBeInstanceOf(ccxt.NotSupported)
    await plain.close()

    const pro = new CoinbaseWithCandles(options)
    const settle = async () => {
      for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve))
    }
    try {
      // The snapshot: the bucket in progress at subscribe time.
      const snapshot = await pro.watchOHLCV('BTC/USD', '5m')
      await untilFrame(exchange, (f) => f.kind === 'ws-in' && f.data.includes('"channel":"candles"'))
      expect(snapshot.at(-1)).toEqual(asRow(exchange.engine.candleAt('BTC/USD', '5m', T0)))
      // Live updates, each second on the exchange's clock.
      await exchange.clock.advance(29_000)
      await settle()
      const next = pro.watchOHLCV('BTC/USD', '5m')
      await exchange.clock.advance(1_000)
      const live = await next
      expect(live.at(-1)).toEqual(asRow(exchange.engine.candleAt('BTC/USD', '5m', exchange.clock.now())))
      expect(live.at(-1)![0]).toBe(T0 - 2 * MINUTE)
      // Through the bucket's end: the closing update carries its final values, then the next bucket starts.
      const open = T0 - 2 * MINUTE
      await exchange.clock.advance(open + FIVE - exchange.clock.now())
      await settle()
      const after = pro.watchOHLCV('BTC/USD', '5m')
      await exchange.clock.advance(1_000)
      const rows = await after
      expect(rows.at(-1)![0]).toBe(open + FIVE)
      const closed = rows.find((row) => row[0] === open)
      const [rest] = await client().fetchOHLCV('BTC/USD', '5m', open, 1)
      expect(closed).toEqual(rest)
      expect(closed).toEqual(asRow(exchange.engine.candles('BTC/USD', '5m', { start: open, end: open + 1 })[0]))
    } finally {
      await pro.close()
    }
  })
})
