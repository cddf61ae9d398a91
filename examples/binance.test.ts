// The README's first example: a test of code that reads Binance candles, with no network.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { ExchangeType, setupMockExchange } from '../src/index.js'

const exchange = setupMockExchange(ExchangeType.BINANCE_SPOT, {
  seed: 42,
  clock: { mode: 'manual', start: Date.UTC(2026, 0, 1) },
  markets: [{ symbol: 'BTC/USDT', price: 50_000 }],
})
beforeAll(() => exchange.listen())
afterEach(() => exchange.reset())
afterAll(() => exchange.close())

it('reads the last hour of 1m candles', async () => {
  const response = await fetch('https://api.binance.com/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=60')
  const rows = await response.json()
  expect(rows).toHaveLength(60)
  expect(rows.at(-1)[4]).toBe('50000.00000000') // the last close is the price now
})

it('survives a 503', async () => {
  exchange.faults.add({ type: 'status', status: 503, route: 'klines', times: 1 })
  const response = await fetch('https://api.binance.com/api/v3/klines?symbol=BTCUSDT&interval=1m')
  expect(response.status).toBe(503)
  expect(exchange.faults.log).toHaveLength(1)
})
