import type { StoryObj } from '@storybook/html-vite'
import { mountChart, type MountedChart } from '../examples/chart/chart.js'
import type { CandleSource } from '../examples/chart/source.js'
import { createMockExchange, type EngineMarketConfig, type ExchangeType, type FaultRule, type MockExchange } from '../src/browser.js'

/** Where every story's clock starts: fixed, so a story shows the same candles each time it opens. */
export const START = Date.UTC(2026, 0, 1, 12)
/** The demo clock: a minute per second, so a 1m candle closes every second. */
export const SPEED = 60
export const MINUTE = 60_000

export interface ChartStory {
  exchange: ExchangeType
  /** The chart's side: `binance({ … })`, `bybit({ … })`. */
  source: CandleSource
  markets?: EngineMarketConfig[]
  faults?: FaultRule[]
}

let active: { chart: MountedChart; mock: MockExchange } | undefined

/** Closes the story that was showing: its chart (and so its WebSocket), and its clock. */
export function unmount(): void {
  active?.chart.destroy()
  active?.mock.clock.dispose()
  active = undefined
}

/**
 * A story of the example chart behind a mock made fresh each time the story renders (so its
 * accelerated clock starts at START and one-shot faults fire again): the mock's handlers go
 * into the story's MSW worker (`context.msw`, from msw-storybook-addon's loader).
 */
export function chartStory(story: ChartStory): StoryObj {
  return {
    beforeEach: () => unmount,
    render: (_args, { msw }) => {
      unmount()
      const mock = createMockExchange(story.exchange, {
        seed: 42,
        clock: { mode: 'accelerated', start: START, speed: SPEED },
        markets: story.markets ?? [{ symbol: 'BTC/USDT', price: 50_000 }, { symbol: 'ETH/USDT', price: 3_000 }],
      })
      for (const rule of story.faults ?? []) mock.faults.add(rule)
      msw.use(...mock.handlers)
      const root = document.createElement('div')
      root.style.cssText = 'height: 100vh; box-sizing: border-box; padding: 12px; background: #0b0e11'
      active = { chart: mountChart(root, { source: story.source, history: 240 }), mock }
      return root
    },
  }
}
