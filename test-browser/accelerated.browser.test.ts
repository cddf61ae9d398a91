// The demo clock in Chromium: accelerated (here ×600, a 1m candle every 100 ms of real time), so the
// chart moves by itself. The test polls the page (bounded) until it has; it never sleeps.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { binance } from '../examples/chart/binance.js'
import { mountChart } from '../examples/chart/chart.js'
import { ExchangeType, setupMockExchange } from '../src/browser.js'

const exchange = setupMockExchange(ExchangeType.BINANCE_PERPETUAL, { clock: { mode: 'accelerated', speed: 600 } })
beforeAll(() => exchange.listen())
afterAll(() => exchange.close())

it('a 1m chart on the accelerated clock opens new candles on its own', async () => {
  document.body.innerHTML = '<div id="app" style="width: 800px; height: 400px"></div>'
  const chart = mountChart(document.getElementById('app')!, { source: binance({ market: 'usdm', symbol: 'BTCUSDT', interval: '1m' }), history: 60 })
  try {
    await expect.poll(() => chart.feed.status.kind).toBe('live')
    const first = chart.feed.bars.at(-1)!.time
    await expect.poll(() => chart.feed.bars.at(-1)!.time, { timeout: 5_000, interval: 50 }).toBeGreaterThanOrEqual(first + 3 * 60_000)
    // Closed candles on the stream are the engine's.
    const closed = chart.feed.bars.filter((bar) => bar.time >= first && bar.time < first + 3 * 60_000)
    expect(closed.map((bar) => bar.close)).toEqual(exchange.engine.candles('BTC/USDT', '1m', { start: first, end: first + 3 * 60_000 }).map((c) => c.close))
  } finally {
    chart.destroy()
  }
})
