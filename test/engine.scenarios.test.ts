import { describe, expect, it } from 'vitest'
import { CandleEngine, type Scenario } from '../src/index.js'
import { aggregateOf, summaryOf } from './support/aggregate.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const T0 = Date.UTC(2026, 0, 1)

function engineWith(scenarios: Scenario[], symbol = 'BTC/USDT', price = 50_000) {
  return new CandleEngine({ seed: 3, markets: [{ symbol, price, scenarios }] })
}

function expectConsistent(engine: CandleEngine, symbol: string, start: number, end: number) {
  const market = engine.market(symbol)
  const quoteStep = 10 ** -market.quoteDecimals
  for (const hour of engine.candles(symbol, '1h', { start, end })) {
    const minutes = engine.candles(symbol, '1m', { start: hour.openTime, end: hour.closeTime + 1 })
    expect(summaryOf(hour, market.lotSize, quoteStep)).toEqual(aggregateOf(minutes, market.lotSize, quoteStep))
  }
}

describe('crash', () => {
  const at = T0 + 2 * HOUR + 17 * MINUTE
  const engine = engineWith([{ type: 'crash', at, depth: 0.2, duration: 5 * MINUTE, recovery: 0.5, recoveryDuration: HOUR }])
  const before = engine.priceAt('BTC/USDT', at)

  it('falls by about the depth within its duration', () => {
    const [window] = engine.candles('BTC/USDT', '5m', { start: at - 2 * MINUTE, end: at - 2 * MINUTE + 1 })
    const low = Math.min(...engine.candles('BTC/USDT', '1m', { start: at, end: at + 6 * MINUTE }).map((c) => c.low))
    expect(window).toBeDefined()
    expect(low / before).toBeLessThan(0.83)
    expect(low / before).toBeGreaterThan(0.77)
  })

  it('rebounds by about half the fall over the recovery', () => {
    const after = engine.priceAt('BTC/USDT', at + 5 * MINUTE + HOUR)
    // Half of a 20% fall in log terms: back to about (0.8)^0.5 ≈ 0.894 of the price before.
    expect(after / before).toBeGreaterThan(0.86)
    expect(after / before).toBeLessThan(0.93)
  })

  it('trades several times the usual volume while it falls', () => {
    const volume = (start: number) => engine.candles('BTC/USDT', '5m', { start, end: start + 1 }).reduce((s, c) => s + c.volume, 0)
    expect(volume(at)).toBeGreaterThan(3 * volume(at - HOUR))
  })

  it('keeps every aggregate exact across the drift changes', () => {
    expectConsistent(engine, 'BTC/USDT', T0, T0 + 5 * HOUR)
  })
})

describe('spike', () => {
  it('rises by about its height', () => {
    const at = T0 + 5 * HOUR
    const engine = engineWith([{ type: 'spike', at, height: 0.3 }])
    const high = Math.max(...engine.candles('BTC/USDT', '1m', { start: at, end: at + 10 * MINUTE }).map((c) => c.high))
    expect(high / engine.priceAt('BTC/USDT', at)).toBeGreaterThan(1.25)
  })
})

describe('halt', () => {
  const start = T0 + HOUR + 30 * MINUTE
  const end = start + 2 * HOUR
  const engine = engineWith([{ type: 'halt', start, end }], 'ETH/USDT', 3_000)

  it('holds the price flat with no volume and no trades', () => {
    const price = engine.priceAt('ETH/USDT', start)
    const minutes = engine.candles('ETH/USDT', '1m', { start, end })
    expect(minutes).toHaveLength(120)
    for (const c of minutes) {
      expect([c.open, c.high, c.low, c.close]).toEqual([price, price, price, price])
      expect([c.volume, c.trades, c.quoteVolume]).toEqual([0, 0, 0])
    }
  })

  it('trades again after it ends, from where it stopped', () => {
    const [next] = engine.candles('ETH/USDT', '1m', { start: end, end: end + 1 })
    expect(next.open).toBe(engine.priceAt('ETH/USDT', start))
    expect(next.trades).toBeGreaterThan(0)
  })

  it('keeps every aggregate exact around it', () => {
    expectConsistent(engine, 'ETH/USDT', T0, T0 + 5 * HOUR)
  })
})

describe('gap', () => {
  const start = T0 + 3 * HOUR + 20 * MINUTE
  const end = T0 + 4 * HOUR + 10 * MINUTE
  const engine = engineWith([{ type: 'gap', start, end }])

  it('has no candles inside it', () => {
    const minutes = engine.candles('BTC/USDT', '1m', { start: T0 + 3 * HOUR, end: T0 + 5 * HOUR })
    expect(minutes).toHaveLength(120 - 50)
    expect(minutes.some((c) => c.openTime >= start && c.openTime < end)).toBe(false)
  })

  it('builds coarser candles from what is left, exactly', () => {
    expectConsistent(engine, 'BTC/USDT', T0 + 3 * HOUR, T0 + 5 * HOUR)
  })

  it('lets the price move on underneath: the first candle after it need not open at the last close', () => {
    const [last] = engine.candles('BTC/USDT', '1m', { start: start - MINUTE, end: start })
    const [first] = engine.candles('BTC/USDT', '1m', { start: end, end: end + 1 })
    expect(first.open).not.toBe(last.close)
  })

  it('answers candleAt inside it with a clear error', () => {
    expect(() => engine.candleAt('BTC/USDT', '1m', start + 5 * MINUTE)).toThrow(expect.objectContaining({ code: 'NO_CANDLE' }))
  })
})

describe('trend', () => {
  it('moves the price by about the given change over its span', () => {
    const engine = new CandleEngine({ seed: 8, markets: [{ symbol: 'SOL/USDT', price: 100, volatility: 0.3, scenarios: [{ type: 'trend', start: T0, end: T0 + 60 * DAY, change: 1 }] }] })
    const ratio = engine.priceAt('SOL/USDT', T0 + 60 * DAY) / engine.priceAt('SOL/USDT', T0)
    // ln 2 = 0.69 of drift against σ·√(60/365) ≈ 0.12 of noise.
    expect(Math.log(ratio)).toBeGreaterThan(0.69 - 0.36)
    expect(Math.log(ratio)).toBeLessThan(0.69 + 0.36)
  })
})

describe('bad scenarios', () => {
  it.each([
    [{ type: 'volcano', at: T0 }],
    [{ type: 'halt', start: T0, end: T0 }],
    [{ type: 'trend', start: T0, end: T0 + DAY, change: -2 }],
    [{ type: 'crash', at: 'noon' }],
  ])('are refused with a clear error: %j', (scenario) => {
    expect(() => engineWith([scenario as Scenario])).toThrow(expect.objectContaining({ code: 'BAD_SCENARIO', message: expect.stringMatching(/^\[mock-exchange\] Failed to add/) }))
  })
})
