// The example chart (examples/chart) on each mocked exchange it reads, and through network trouble.
// (`name` is written out here so Storybook's indexer, which reads the file statically, sees it.)
import type { Meta, StoryObj } from '@storybook/html-vite'
import { binance } from '../examples/chart/binance.js'
import { bybit } from '../examples/chart/bybit.js'
import { okx } from '../examples/chart/okx.js'
import { ExchangeType } from '../src/browser.js'
import { chartStory, MINUTE, SPEED } from './chart-story.js'

export default { title: 'Chart' } satisfies Meta

export const BinanceSpot: StoryObj = {
  name: 'Binance spot',
  ...chartStory({ exchange: ExchangeType.BINANCE_SPOT, source: binance({ market: 'spot', symbol: 'BTCUSDT', interval: '1m' }) }),
}

export const BinanceUsdM: StoryObj = {
  name: 'Binance USD-M',
  ...chartStory({ exchange: ExchangeType.BINANCE_PERPETUAL, source: binance({ market: 'usdm', symbol: 'BTCUSDT', interval: '1m' }) }),
}

// Bybit closes a connection that sends nothing for 10 minutes of its clock: the chart pings every
// 20 s, scaled to the demo clock.
export const BybitSpot: StoryObj = {
  name: 'Bybit spot',
  ...chartStory({ exchange: ExchangeType.BYBIT_SPOT, source: bybit({ category: 'spot', symbol: 'ETHUSDT', interval: '1m', heartbeatMs: 20_000 / SPEED }) }),
}

export const BybitPerpetual: StoryObj = {
  name: 'Bybit perpetual',
  ...chartStory({ exchange: ExchangeType.BYBIT_PERPETUAL, source: bybit({ category: 'linear', symbol: 'BTCUSDT', interval: '1m', heartbeatMs: 20_000 / SPEED }) }),
}

// OKX closes a connection quiet for 30 s of its clock: the chart sends `ping` every 20 s of it.
export const OkxSpot: StoryObj = {
  name: 'OKX spot',
  ...chartStory({ exchange: ExchangeType.OKX_SPOT, source: okx({ instId: 'BTC-USDT', interval: '1m', heartbeatMs: 20_000 / SPEED }) }),
}

/**
 * Slow answers, lost frames, a 429 on the first history request and a stream that drops every
 * 20 seconds: the banner says what is wrong, the chart reconnects and fills in what it missed.
 * Fault times are on the exchange's clock, which runs SPEED times faster than real time.
 */
export const NetworkTrouble: StoryObj = {
  name: 'Network trouble',
  ...chartStory({
    exchange: ExchangeType.BINANCE_SPOT,
    source: binance({ market: 'spot', symbol: 'BTCUSDT', interval: '1m' }),
    faults: [
      { type: 'rateLimit', route: 'klines', retryAfter: 2, times: 1 },
      { type: 'latency', route: 'klines', distribution: { kind: 'lognormal', median: 400 * SPEED, sigma: 0.5 } },
      { type: 'drop', probability: 0.2 },
      { type: 'close', code: 1006, afterMs: 20 * MINUTE, reason: 'network trouble' },
    ],
  }),
}
