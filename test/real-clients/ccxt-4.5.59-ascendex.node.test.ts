import ccxtOld from 'ccxt-ascendex'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ExchangeType, setupMockExchange, type MockExchangeController } from '../../src/index.js'
import { untilFrame } from '../support/ws.js'

/** AscendEX against real ccxt: 4.5.59, the last version with it (a devDependency alias, ccxt-ascendex). */
const T0 = Date.UTC(2026, 0, 1, 12)
const MINUTE = 60_000

describe('ccxt 4.5.59 ascendex', () => {
  let exchange: MockExchangeController
  beforeAll(() => {
    exchange = setupMockExchange(ExchangeType.ASCEND_EX_SPOT, { seed: 11, clock: { mode: 'manual', start: T0 }, markets: [{ symbol: 'BTC/USDT', price: 50_000 }] })
    exchange.listen()
  })
  afterEach(() => exchange.reset())
  afterAll(() => exchange.close())

  it('loads markets and fetches candles equal to the engine', async () => {
    const client = new ccxtOld.ascendex({ fetchImplementation: globalThis.fetch, enableRateLimit: false })
    const markets = await client.loadMarkets()
    expect(markets['BTC/USDT']).toMatchObject({ base: 'BTC', quote: 'USDT', spot: true })
    const rows = await client.fetchOHLCV('BTC/USDT', '1m', T0 - 60 * MINUTE, 60)
    const candles = exchange.engine.candles('BTC/USDT', '1m', { start: T0 - 60 * MINUTE, end: T0 })
    expect(rows).toEqual(candles.map((c) => [c.openTime, c.open, c.high, c.low, c.close, c.volume]))
  })

  it('watchOHLCV receives the candle in progress as the clock moves', async () => {
    const pro = new ccxtOld.pro.ascendex({ fetchImplementation: globalThis.fetch, enableRateLimit: false, options: { ws: { options: exchange.wsClientOptions() } } })
    try {
      const watching = pro.watchOHLCV('BTC/USDT', '1m')
      await untilFrame(exchange, (f) => f.kind === 'ws-in' && f.data.includes('"op":"sub"'))
      await exchange.clock.advance(2_000)
      const rows = await watching
      const candle = exchange.engine.candleAt('BTC/USDT', '1m', exchange.clock.now())
      expect(rows.at(-1)).toEqual([candle.openTime, candle.open, candle.high, candle.low, candle.close, candle.volume])
    } finally {
      await pro.close()
    }
  })
})
