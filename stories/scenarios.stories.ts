// The engine's scenarios (markets[].scenarios) on the chart: each happens an hour or so before
// the story's clock starts, so it is in the history the chart loads.
import type { Meta, StoryObj } from '@storybook/html-vite'
import { binance } from '../examples/chart/binance.js'
import { ExchangeType } from '../src/browser.js'
import { chartStory, MINUTE, START } from './chart-story.js'

export default { title: 'Scenarios' } satisfies Meta

const source = binance({ market: 'spot', symbol: 'BTCUSDT', interval: '1m' })

/** −20% in 5 minutes, half of it back within the hour, on 8× volume. */
export const Crash: StoryObj = chartStory({
  exchange: ExchangeType.BINANCE_SPOT,
  source,
  markets: [{ symbol: 'BTC/USDT', price: 50_000, scenarios: [{ type: 'crash', at: START - 100 * MINUTE, depth: 0.2, duration: 5 * MINUTE }] }],
})

/** Trading stops for 40 minutes: a flat price and no volume. */
export const Halt: StoryObj = chartStory({
  exchange: ExchangeType.BINANCE_SPOT,
  source,
  markets: [{ symbol: 'BTC/USDT', price: 50_000, scenarios: [{ type: 'halt', start: START - 100 * MINUTE, end: START - 60 * MINUTE }] }],
})

/** An outage: no candles at all for 30 minutes (the price moved on underneath). */
export const Gap: StoryObj = chartStory({
  exchange: ExchangeType.BINANCE_SPOT,
  source,
  markets: [{ symbol: 'BTC/USDT', price: 50_000, scenarios: [{ type: 'gap', start: START - 100 * MINUTE, end: START - 70 * MINUTE }] }],
})
