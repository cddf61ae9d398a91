// The example chart in real Chromium, with the browser build of the mock (MSW's setupWorker and
// ws.link): lightweight-charts draws the mocked candles on its canvas, follows the stream as the
// manual clock moves, and recovers from a WebSocket close injected by a fault. Retry waits are
// released by the test and conditions are polled (bounded), never slept on.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { page } from 'vitest/browser'
import { binance } from '../examples/chart/binance.js'
import { mountChart, type MountedChart } from '../examples/chart/chart.js'
import { DOWN, UP, type LightweightRenderer } from '../examples/chart/renderer.js'
import type { Bar } from '../examples/chart/source.js'
import { ExchangeType, setupMockExchange, type Candle } from '../src/browser.js'

const start = Date.UTC(2026, 0, 1, 12)
const exchange = setupMockExchange(ExchangeType.BINANCE_SPOT, {
  seed: 7,
  clock: { mode: 'manual', start },
  markets: [{ symbol: 'BTC/USDT', price: 50_000 }],
})
beforeAll(() => exchange.listen())
afterEach(() => {
  chart?.destroy()
  exchange.reset()
})
afterAll(() => exchange.close())

let chart: MountedChart | undefined
const releases: Array<() => void> = []
const asked: number[] = []

function mount(): MountedChart {
  document.body.innerHTML = '<div id="app" style="width: 960px; height: 520px"></div>'
  asked.length = 0
  chart = mountChart(document.getElementById('app')!, {
    source: binance({ market: 'spot', symbol: 'BTCUSDT', interval: '1m' }),
    history: 90,
    wait: (ms) => {
      asked.push(ms)
      return new Promise((resolve) => releases.push(resolve))
    },
  })
  return chart
}

const $ = (selector: string) => document.querySelector<HTMLElement>(selector)!
const status = () => $('[data-role=status]').dataset.kind
const asBar = (c: Candle): Bar => ({ time: c.openTime, open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume })
const engineBars = (from: number, to: number) => exchange.engine.candles('BTC/USDT', '1m', { start: from, end: to }).map(asBar)
/** What lightweight-charts holds, back in the chart's units. */
const drawn = () =>
  (chart!.renderer as LightweightRenderer).series
    .data()
    .filter((d) => 'open' in d) // whitespace points stand for missing candles
    .map((d) => {
      const c = d as { time: number; open: number; high: number; low: number; close: number }
      return { time: c.time * 1000, open: c.open, high: c.high, low: c.low, close: c.close }
    })
const ohlc = (bars: readonly Bar[]) => bars.map(({ time, open, high, low, close }) => ({ time, open, high, low, close }))

/** Pixels of the up and down candle colours on the chart's canvases: proof that candles were painted. */
function paintedCandles(): { up: number; down: number } {
  const colour = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16))
  const [up, down] = [colour(UP), colour(DOWN)]
  let counts = { up: 0, down: 0 }
  for (const canvas of Array.from(chart!.element.querySelectorAll('canvas'))) {
    if (canvas.width === 0 || canvas.height === 0) continue
    const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data
    for (let i = 0; i < pixels.length; i += 4) {
      const near = (c: number[]) => Math.abs(pixels[i] - c[0]) + Math.abs(pixels[i + 1] - c[1]) + Math.abs(pixels[i + 2] - c[2]) < 12
      if (near(up)) counts.up++
      else if (near(down)) counts.down++
    }
  }
  return counts
}

describe('the chart in Chromium', () => {
  it('draws the mocked candles', async () => {
    mount()
    await expect.poll(status).toBe('live')
    expect(drawn()).toEqual(ohlc(engineBars(start - 89 * 60_000, start + 1)))
    await expect.poll(() => paintedCandles().up).toBeGreaterThan(500)
    expect(paintedCandles().down).toBeGreaterThan(500)
    await page.screenshot({ path: '../artifacts/chart-chromium.png', element: chart!.element })
  })

  it('moves with the clock', async () => {
    mount()
    await expect.poll(status).toBe('live')
    await exchange.clock.advance(3 * 60_000 + 2_000)
    await expect.poll(() => drawn().at(-1)?.time).toBe(start + 3 * 60_000)
    expect(drawn().slice(-4, -1)).toEqual(ohlc(engineBars(start, start + 3 * 60_000)))
    expect($('[data-role=price]').textContent).toBe(String(drawn().at(-1)!.close))
  })

  it('recovers from a WebSocket close: banner, reconnect, backfill', async () => {
    mount()
    await expect.poll(status).toBe('live')
    exchange.faults.add({ type: 'close', code: 1006, times: 1 })
    await exchange.clock.advance(2_000)
    await expect.poll(status).toBe('reconnecting')
    expect($('[role=alert]').hidden).toBe(false)
    expect($('[role=alert]').textContent).toMatch(/^Live updates lost \(close 1006\)/)

    await exchange.clock.advance(4 * 60_000) // candles close while the chart is away
    releases.splice(0).forEach((release) => release())
    await expect.poll(status).toBe('live')
    expect($('[role=alert]').hidden).toBe(true)
    expect(drawn().slice(-5, -1)).toEqual(ohlc(engineBars(start, start + 4 * 60_000)))
    expect(exchange.journal.entries.filter((e) => e.kind === 'ws-open')).toHaveLength(2)

    await exchange.clock.advance(60_000)
    await expect.poll(() => drawn().at(-1)?.time).toBe(start + 5 * 60_000)
  })
})
