// The example chart (examples/chart) as a component in happy-dom, against the Node mock:
// REST history, the live kline stream, the banner on 429/5xx, reconnect and backfill after a drop.
// happy-dom has no canvas, so lightweight-charts is swapped for a renderer that records what it is
// given; the data layer, the DOM (title, status, price, banner) and the network are the real ones.
// The manual clock moves time and the chart's retry waits are released by hand: nothing sleeps.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { binance } from '../examples/chart/binance.js'
import { bybit } from '../examples/chart/bybit.js'
import { mountChart, type MountedChart } from '../examples/chart/chart.js'
import type { CandleRenderer } from '../examples/chart/renderer.js'
import type { Bar } from '../examples/chart/source.js'
import { ExchangeType, setupMockExchange, type Candle } from '../src/index.js'

const start = Date.UTC(2026, 0, 1, 12)
const exchange = setupMockExchange([ExchangeType.BINANCE_SPOT, ExchangeType.BYBIT_SPOT], {
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

class RecordingRenderer implements CandleRenderer {
  bars: Bar[] = []
  resets = 0
  setBars(bars: readonly Bar[]): void {
    this.bars = [...bars]
    this.resets++
  }
  updateBar(bar: Bar): void {
    if (this.bars.at(-1)?.time === bar.time) this.bars[this.bars.length - 1] = bar
    else this.bars.push(bar)
  }
  destroy(): void {}
}

/** The chart's retry waits, held until the test releases them. */
class Waits {
  readonly asked: number[] = []
  private releases: Array<() => void> = []
  wait = (ms: number, signal: AbortSignal): Promise<void> => {
    this.asked.push(ms)
    return new Promise((resolve) => {
      this.releases.push(resolve)
      signal.addEventListener('abort', () => resolve(), { once: true })
    })
  }
  releaseAll(): void {
    for (const release of this.releases.splice(0)) release()
  }
}

let chart: MountedChart | undefined
let renderer: RecordingRenderer
let waits: Waits

function mount(history = 120, source = binance({ market: 'spot', symbol: 'BTCUSDT', interval: '1m' })): MountedChart {
  document.body.innerHTML = '<div id="app" style="height: 400px"></div>'
  renderer = new RecordingRenderer()
  waits = new Waits()
  chart = mountChart(document.getElementById('app')!, { source, history, renderer: () => renderer, wait: waits.wait })
  return chart
}

const $ = (selector: string) => document.querySelector<HTMLElement>(selector)!
const asBar = (c: Candle): Bar => ({ time: c.openTime, open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume })
const engineBars = (from: number, to: number) => exchange.engine.candles('BTC/USDT', '1m', { start: from, end: to }).map(asBar)

async function live(): Promise<void> {
  await vi.waitFor(() => expect($('[data-role=status]').dataset.kind).toBe('live'))
}

describe('the chart in happy-dom', () => {
  it('loads the history over REST and draws the mocked candles', async () => {
    mount(120)
    expect($('.mx-chart strong').textContent).toBe('Binance spot · BTCUSDT · 1m')
    await live()
    expect(renderer.bars).toHaveLength(120)
    expect(renderer.bars).toEqual(engineBars(renderer.bars[0].time, start + 1))
    expect($('[data-role=price]').textContent).toBe(String(renderer.bars.at(-1)!.close))
    expect($('[role=alert]').hidden).toBe(true)
  })

  it('follows the kline stream as the clock moves', async () => {
    mount()
    await live()
    await exchange.clock.advance(3 * 60_000 + 2_000)
    await vi.waitFor(() => expect(renderer.bars.at(-1)?.time).toBe(start + 3 * 60_000))
    // The three candles that closed on the stream are the engine's, and the one in progress is 2 s old.
    expect(renderer.bars.slice(-4, -1)).toEqual(engineBars(start, start + 3 * 60_000))
    expect(renderer.bars.at(-1)).toEqual(asBar(exchange.engine.candleAt('BTC/USDT', '1m', start + 3 * 60_000 + 2_000)))
    expect($('[data-role=price]').textContent).toBe(String(renderer.bars.at(-1)!.close))
  })

  it('shows a banner on 429 and retries after Retry-After', async () => {
    exchange.faults.add({ type: 'rateLimit', route: 'klines', retryAfter: 7, times: 1 })
    mount()
    await vi.waitFor(() => expect($('[role=alert]').hidden).toBe(false))
    expect($('[role=alert]').textContent).toBe('Rate limited by the exchange (429). Retrying in 7 s.')
    expect(waits.asked).toEqual([7_000])
    waits.releaseAll()
    await live()
    expect($('[role=alert]').hidden).toBe(true)
    expect(renderer.bars).toHaveLength(120)
  })

  it('shows a banner on 5xx and backs off', async () => {
    exchange.faults.add({ type: 'status', status: 503, route: 'klines', times: 2 })
    mount()
    await vi.waitFor(() => expect($('[role=alert]').textContent).toBe('The exchange answered 503. Retrying in 1 s.'))
    waits.releaseAll()
    await vi.waitFor(() => expect($('[role=alert]').textContent).toBe('The exchange answered 503. Retrying in 2 s.'))
    waits.releaseAll()
    await live()
    expect($('[role=alert]').hidden).toBe(true)
    expect(exchange.faults.log.map((event) => event.type)).toEqual(['status', 'status'])
  })

  it('reconnects after the stream drops and backfills the candles it missed', async () => {
    mount()
    await live()
    exchange.faults.add({ type: 'close', code: 1006, times: 1 })
    await exchange.clock.advance(2_000) // the next frame closes the connection
    await vi.waitFor(() => expect($('[data-role=status]').dataset.kind).toBe('reconnecting'))
    expect($('[role=alert]').textContent).toBe('Live updates lost (close 1006). Reconnecting in 1 s…')

    await exchange.clock.advance(5 * 60_000) // five candles close while nobody listens
    const before = renderer.resets
    waits.releaseAll()
    await live()
    expect(renderer.resets).toBe(before + 1) // one backfill over REST
    expect($('[role=alert]').hidden).toBe(true)
    expect(renderer.bars.slice(-6, -1)).toEqual(engineBars(start, start + 5 * 60_000))
    const opens = exchange.journal.entries.filter((entry) => entry.kind === 'ws-open')
    expect(opens).toHaveLength(2)

    await exchange.clock.advance(60_000) // and it is live again
    await vi.waitFor(() => expect(renderer.bars.at(-1)?.time).toBe(start + 6 * 60_000))
  })

  it('reads Bybit too: history newest-first on the wire, the kline topic after a subscribe', async () => {
    mount(60, bybit({ category: 'spot', symbol: 'BTCUSDT', interval: '1m' }))
    expect($('.mx-chart strong').textContent).toBe('Bybit spot · BTCUSDT · 1m')
    await live()
    expect(renderer.bars).toEqual(engineBars(start - 59 * 60_000, start + 1))
    await exchange.clock.advance(2 * 60_000 + 1_000)
    await vi.waitFor(() => expect(renderer.bars.at(-1)?.time).toBe(start + 2 * 60_000))
    expect(renderer.bars.slice(-3, -1)).toEqual(engineBars(start, start + 2 * 60_000))
    expect(exchange.journal.frames.find((frame) => frame.kind === 'ws-in')?.data).toBe('{"op":"subscribe","args":["kline.1.BTCUSDT"]}')
  })
})
