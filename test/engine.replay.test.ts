import { describe, expect, it } from 'vitest'
import { CandleEngine, type ReplayRow } from '../src/index.js'
import { aggregateOf, summaryOf } from './support/aggregate.js'

const HOUR = 3_600_000
const T0 = Date.UTC(2024, 2, 10)
const ROWS = [
  { openTime: T0, open: 100, high: 105, low: 99, close: 104, volume: 1000, trades: 420 },
  { openTime: T0 + HOUR, open: 104, high: 104.5, low: 101, close: 102, volume: 500, trades: 210 },
  { openTime: T0 + 2 * HOUR, open: 102, high: 110, low: 101.5, close: 109.5, volume: 3000, trades: 1300 },
  { openTime: T0 + 3 * HOUR, open: 109.5, high: 109.5, low: 107, close: 108, volume: 800, trades: 333 },
]
const MARKET = { symbol: 'FOO/USDT', tickSize: 0.01, lotSize: 0.001 }

function engineFor(rows: ReplayRow[] = ROWS, interval = '1h') {
  return new CandleEngine({ seed: 2, markets: [{ ...MARKET, replay: { interval, rows } }] })
}

describe('replay of user candles', () => {
  const engine = engineFor()
  const market = engine.market('FOO/USDT')
  const quoteStep = 10 ** -market.quoteDecimals

  it('serves the rows as they were given at their own interval', () => {
    const hours = engine.candles('FOO/USDT', '1h', { start: T0, end: T0 + 4 * HOUR })
    expect(hours.map((c) => [c.openTime, c.open, c.high, c.low, c.close, c.volume, c.trades])).toEqual(
      ROWS.map((r) => [r.openTime, r.open, r.high, r.low, r.close, r.volume, r.trades]),
    )
  })

  it('generates finer candles inside each row that aggregate to it exactly', () => {
    for (const hour of engine.candles('FOO/USDT', '1h', { start: T0, end: T0 + 4 * HOUR })) {
      for (const interval of ['15m', '1m']) {
        const parts = engine.candles('FOO/USDT', interval, { start: hour.openTime, end: hour.closeTime + 1 })
        expect(aggregateOf(parts, market.lotSize, quoteStep)).toEqual(summaryOf(hour, market.lotSize, quoteStep))
      }
    }
  })

  it('aggregates coarser candles from the rows', () => {
    const [fourHours] = engine.candles('FOO/USDT', '4h', { start: T0, end: T0 + 1 })
    const hours = engine.candles('FOO/USDT', '1h', { start: T0, end: T0 + 4 * HOUR })
    expect(summaryOf(fourHours, market.lotSize, quoteStep)).toEqual(aggregateOf(hours, market.lotSize, quoteStep))
  })

  it('has no candles before the first row, and goes on from the last close after the last', () => {
    expect(engine.candles('FOO/USDT', '1h', { start: T0 - 5 * HOUR, end: T0 })).toEqual([])
    const after = engine.candles('FOO/USDT', '1h', { start: T0 + 4 * HOUR, end: T0 + 10 * HOUR })
    expect(after).toHaveLength(6)
    expect(after[0].open).toBe(108)
    for (let i = 1; i < after.length; i++) expect(after[i].open).toBe(after[i - 1].close)
    expect(after.every((c) => c.volume > 0)).toBe(true)
  })

  it('reads CSV with a header, ISO times and extra columns', () => {
    const csv = ['date,open,high,low,close,volume,trades,ignored', ...ROWS.map((r) => [new Date(r.openTime).toISOString(), r.open, r.high, r.low, r.close, r.volume, r.trades, 'x'].join(','))].join('\n')
    const fromCsv = new CandleEngine({ seed: 2, markets: [{ ...MARKET, replay: { interval: '1h', csv } }] })
    expect(fromCsv.candles('FOO/USDT', '1m', { start: T0, end: T0 + 4 * HOUR })).toEqual(engine.candles('FOO/USDT', '1m', { start: T0, end: T0 + 4 * HOUR }))
  })

  it('reads headerless CSV and arrays in Binance kline order, with times in seconds', () => {
    const arrays = ROWS.map((r) => [r.openTime / 1000, r.open, r.high, r.low, r.close, r.volume, 0, '', r.trades])
    const csv = arrays.map((a) => a.join(',')).join('\n')
    const fromArrays = engineFor(arrays)
    const fromCsv = new CandleEngine({ seed: 2, markets: [{ ...MARKET, replay: { interval: '1h', csv } }] })
    const hours = (e: CandleEngine) => e.candles('FOO/USDT', '1h', { start: T0, end: T0 + 4 * HOUR }).map((c) => [c.open, c.close, c.volume, c.trades])
    expect(hours(fromArrays)).toEqual(hours(engine))
    expect(hours(fromCsv)).toEqual(hours(engine))
  })

  it('treats a missing row as a gap', () => {
    const gappy = engineFor([ROWS[0], ROWS[2], ROWS[3]])
    expect(gappy.candles('FOO/USDT', '1h', { start: T0, end: T0 + 4 * HOUR }).map((c) => c.openTime)).toEqual([T0, T0 + 2 * HOUR, T0 + 3 * HOUR])
  })

  it('replays daily rows with hours generated inside them', () => {
    const DAY = 24 * HOUR
    const days = [0, 1, 2].map((i) => ({ openTime: T0 + i * DAY, open: 50 + i, high: 53 + i, low: 49 + i, close: 51 + i, volume: 10_000 }))
    const daily = engineFor(days, '1d')
    const hours = daily.candles('FOO/USDT', '1h', { start: T0 + DAY, end: T0 + 2 * DAY })
    expect(hours).toHaveLength(24)
    expect(Math.max(...hours.map((c) => c.high))).toBe(54)
    expect(Math.min(...hours.map((c) => c.low))).toBe(50)
    expect(hours[0].open).toBe(51)
    expect(hours[23].close).toBe(52)
  })

  it.each([
    [[{ ...ROWS[0], high: 98 }], /row 1: high must be/],
    [[{ ...ROWS[0], openTime: T0 + 1234 }], /row 1: .* is not the start of a 1h candle/],
    [[ROWS[1], ROWS[0]], /row 2: rows must be in time order/],
    [[{ ...ROWS[0], volume: -1 }], /row 1: volume is -1/],
    [[{ ...ROWS[0], openTime: 'yesterday' }], /row 1: openTime yesterday is not a time/],
    [[], /there are no rows/],
  ])('refuses bad rows with the row and the reason (%#)', (rows, reason) => {
    expect(() => engineFor(rows as ReplayRow[])).toThrow(expect.objectContaining({ code: 'BAD_REPLAY', message: expect.stringMatching(reason) }))
  })
})
