// The engine on its own: deterministic candles for any market, interval and time.
// Run: npm run example
import { CandleEngine } from '../src/index.js'

const engine = new CandleEngine({
  seed: 42,
  markets: [
    { symbol: 'BTC/USDT', price: 50_000 },
    { symbol: 'ETH/USDT', price: 3_000, scenarios: [{ type: 'crash', at: Date.UTC(2026, 0, 1, 12), depth: 0.15 }] },
  ],
})

const start = Date.UTC(2026, 0, 1)
const hours = engine.candles('BTC/USDT', '1h', { start, end: start + 24 * 3_600_000 })
console.log('BTC/USDT 1h, first three of', hours.length)
console.table(hours.slice(0, 3).map(({ openTime, open, high, low, close, volume, trades }) => ({ time: new Date(openTime).toISOString(), open, high, low, close, volume, trades })))

const minutes = engine.candles('BTC/USDT', '1m', { start, end: start + 3_600_000 })
const aggregate = {
  open: minutes[0].open,
  high: Math.max(...minutes.map((c) => c.high)),
  low: Math.min(...minutes.map((c) => c.low)),
  close: minutes[59].close,
  trades: minutes.reduce((sum, c) => sum + c.trades, 0),
}
console.log('the first hour from its 60 minutes:', aggregate)

const crash = engine.candles('ETH/USDT', '5m', { start: Date.UTC(2026, 0, 1, 11, 50), end: Date.UTC(2026, 0, 1, 12, 15) })
console.log('ETH/USDT around its crash (5m closes):', crash.map((c) => c.close).join(' → '))

const tenYearsBack = engine.candles('BTC/USDT', '1d', { start: Date.UTC(2016, 0, 1), end: Date.UTC(2016, 0, 4) })
console.log('BTC/USDT daily closes ten years back:', tenYearsBack.map((c) => c.close).join(', '))
console.log('in progress at 12:34:56:', engine.candleAt('BTC/USDT', '1h', Date.UTC(2026, 0, 1, 12, 34, 56)))
