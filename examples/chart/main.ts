// The demo page: a mocked exchange behind the chart, on a clock sixty times faster than real time,
// so a 1m candle closes every second. `npm run chart` serves it; ?exchange=binance-usdm&symbol=ETHUSDT&speed=600
// change it (exchanges: binance-spot, binance-usdm, bybit-spot, bybit-linear).
// In your project the import is 'mock-exchange/browser'.
import { ExchangeType, setupMockExchange } from '../../src/browser.js'
import { binance } from './binance.js'
import { bybit } from './bybit.js'
import { mountChart } from './chart.js'

const params = new URLSearchParams(location.search)
const symbol = params.get('symbol') ?? 'BTCUSDT'
const interval = params.get('interval') ?? '1m'
const speed = Number(params.get('speed') ?? 60)
const EXCHANGES = {
  'binance-spot': { type: ExchangeType.BINANCE_SPOT, source: () => binance({ market: 'spot', symbol, interval }) },
  'binance-usdm': { type: ExchangeType.BINANCE_PERPETUAL, source: () => binance({ market: 'usdm', symbol, interval }) },
  'bybit-spot': { type: ExchangeType.BYBIT_SPOT, source: () => bybit({ category: 'spot', symbol, interval, heartbeatMs: 20_000 / speed }) },
  'bybit-linear': { type: ExchangeType.BYBIT_PERPETUAL, source: () => bybit({ category: 'linear', symbol, interval, heartbeatMs: 20_000 / speed }) },
}
const chosen = EXCHANGES[(params.get('exchange') ?? 'binance-spot') as keyof typeof EXCHANGES] ?? EXCHANGES['binance-spot']

const exchange = setupMockExchange(chosen.type, {
  clock: { mode: 'accelerated', speed },
  markets: [{ symbol: 'BTC/USDT' }, { symbol: 'ETH/USDT' }, { symbol: 'SOL/USDT' }],
})
await exchange.listen() // registers public/mockServiceWorker.js (npx msw init public --save)
mountChart(document.getElementById('app')!, { source: chosen.source() })
