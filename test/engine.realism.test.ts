import { describe, expect, it } from 'vitest'
import { CandleEngine } from '../src/index.js'
import { autocorrelation, correlation, excessKurtosis, logReturns, mean, variance } from './support/stats.js'

/**
 * Stylized facts of crypto returns, measured on long generated series (the thresholds
 * are the foundation issue's). Several seeds, so a lucky seed cannot carry a test.
 */
const DAY = 86_400_000
const START = Date.UTC(2025, 0, 1)
const SEEDS = [1, 2, 3]

function minuteSeries(seed: number, days: number) {
  const engine = new CandleEngine({ seed, markets: [{ symbol: 'BTC/USDT', price: 50_000, volatility: 0.6 }] })
  const candles = engine.candles('BTC/USDT', '1m', { start: START, end: START + days * DAY })
  const returns = candles.map((c) => Math.log(c.close / c.open))
  return { candles, returns, absolute: returns.map(Math.abs) }
}

describe.each(SEEDS)('1m returns over 30 days, seed %i', (seed) => {
  const { candles, returns, absolute } = minuteSeries(seed, 30)

  it('have fat tails: excess kurtosis > 3', () => {
    expect(excessKurtosis(returns)).toBeGreaterThan(3)
  })

  it('are not autocorrelated: |ρ1| < 0.05', () => {
    expect(Math.abs(autocorrelation(returns, 1))).toBeLessThan(0.05)
  })

  it('cluster in volatility: autocorrelation of |r| > 0.1 at lags 1 to 10', () => {
    for (let lag = 1; lag <= 10; lag++) expect(autocorrelation(absolute, lag)).toBeGreaterThan(0.1)
  })

  it('come with volume that rises with |r|: correlation > 0.3', () => {
    expect(correlation(candles.map((c) => c.volume), absolute)).toBeGreaterThan(0.3)
  })
})

describe('volatility over a year of 1h candles', () => {
  it.each([
    [0.3, 11],
    [0.6, 12],
    [1.2, 13],
  ])('reproduces the configured %f within ±20%% (seed %i)', (volatility, seed) => {
    const engine = new CandleEngine({ seed, markets: [{ symbol: 'ETH/USDT', price: 3_000, volatility }] })
    const hours = engine.candles('ETH/USDT', '1h', { start: START, end: START + 365 * DAY })
    const annualized = Math.sqrt(variance(logReturns(hours.map((c) => c.close))) * 24 * 365.2425)
    expect(annualized).toBeGreaterThan(volatility * 0.8)
    expect(annualized).toBeLessThan(volatility * 1.2)
  })

  it('follows the configured drift over years', () => {
    const years = 8
    const drifts = [0.5, -0.5].map((drift) => {
      const engine = new CandleEngine({ seed: 5, markets: [{ symbol: 'BTC/USDT', price: 50_000, volatility: 0.3, drift, anchor: START }] })
      const [first] = engine.candles('BTC/USDT', '1d', { start: START, end: START + DAY })
      const [last] = engine.candles('BTC/USDT', '1d', { start: START + years * 365 * DAY, end: START + years * 365 * DAY + DAY })
      return Math.log(last.close / first.open) / years
    })
    // σ/√8 ≈ 0.11 of noise on each, so ±0.3 of the target is 2.7σ.
    expect(drifts[0]).toBeGreaterThan(0.2)
    expect(drifts[1]).toBeLessThan(-0.2)
  })
})

describe('intraday seasonality', () => {
  it('trades most in the Europe/US overlap and least in the Asian night', () => {
    const engine = new CandleEngine({ seed: 9, markets: [{ symbol: 'BTC/USDT' }] })
    const hours = engine.candles('BTC/USDT', '1h', { start: START, end: START + 120 * DAY })
    const byHour = Array.from({ length: 24 }, (_, h) => mean(hours.filter((c) => new Date(c.openTime).getUTCHours() === h).map((c) => c.volume)))
    const busy = mean(byHour.slice(13, 17))
    const quiet = mean(byHour.slice(3, 7))
    expect(busy / quiet).toBeGreaterThan(1.5)
  })

  it('trades less at weekends', () => {
    const engine = new CandleEngine({ seed: 9, markets: [{ symbol: 'BTC/USDT' }] })
    const days = engine.candles('BTC/USDT', '1d', { start: START, end: START + 364 * DAY })
    const weekend = days.filter((c) => [0, 6].includes(new Date(c.openTime).getUTCDay())).map((c) => c.volume)
    const weekday = days.filter((c) => ![0, 6].includes(new Date(c.openTime).getUTCDay())).map((c) => c.volume)
    expect(mean(weekend) / mean(weekday)).toBeLessThan(0.85)
  })
})

describe('quote volume', () => {
  // Quote volumes are shared top-down so that they sum exactly across intervals. The
  // average price they imply cannot always sit inside a fine candle's range: on 1h
  // candles it does for about 60–80% (measured over seeds 1–6), and it strays by at
  // most a few percent. This pins that measured behaviour so a change shows up.
  it('implies an average price inside [low, high] for most 1h candles and close to it for all', () => {
    const engine = new CandleEngine({ seed: 4, markets: [{ symbol: 'BTC/USDT', price: 50_000 }] })
    const hours = engine.candles('BTC/USDT', '1h', { start: START, end: START + 60 * DAY })
    const beyond = hours.map((c) => {
      const average = c.quoteVolume / c.volume
      return Math.max(0, c.low - average, average - c.high) / c.close
    })
    expect(beyond.filter((b) => b === 0).length / beyond.length).toBeGreaterThan(0.55)
    expect(Math.max(...beyond)).toBeLessThan(0.04)
  })

  it('implies an average price inside [low, high] for every daily candle', () => {
    const engine = new CandleEngine({ seed: 4, markets: [{ symbol: 'BTC/USDT', price: 50_000 }] })
    for (const c of engine.candles('BTC/USDT', '1d', { start: START, end: START + 600 * DAY })) {
      expect(c.quoteVolume / c.volume).toBeGreaterThanOrEqual(c.low * (1 - 1e-9))
      expect(c.quoteVolume / c.volume).toBeLessThanOrEqual(c.high * (1 + 1e-9))
    }
  })
})
