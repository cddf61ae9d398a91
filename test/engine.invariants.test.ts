/**
 * Property-based invariants of the candle engine: random seeds, markets, intervals and
 * ranges anywhere in 1975–2140. All volume comparisons are exact integer arithmetic on
 * lots and quote units (see support/arbitraries.ts); prices are compared with ===.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Candle, CandleEngine, Market } from '../src/index.js'
import {
  DAY, HOUR, MINUTE, SECOND, TIMEOUT, WEEK,
  aggregate, engineCaseArb, fixedMs, intervalAndRangeArb, intervalArb, isAligned, isMultiple, makeEngine, nextOpen,
  quoteStep, tile, timeArb, totalsOf, toUnits,
} from './support/arbitraries.js'

/** Fine candles that make up `coarse`, in one call. */
function finer(engine: CandleEngine, symbol: string, fine: string, coarse: Candle): Candle[] {
  return engine.candles(symbol, fine, { start: coarse.openTime, end: coarse.closeTime + 1 })
}

/** Days in the month that `time` falls in, from the calendar alone. */
function daysInMonth(time: number): number {
  const d = new Date(time)
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate()
}

describe('cross-interval consistency: a coarse candle is the exact aggregate of the finer ones it contains', () => {
  // [coarse, fine, how many fine candles each coarse one holds]
  const pairs: Array<[string, string, (open: number) => number]> = [
    ['1h', '1m', () => 60],
    ['1d', '1h', () => 24],
    ['4h', '1h', () => 4],
    ['1w', '1d', () => 7],
    ['1M', '1d', daysInMonth],
    ['15m', '1m', () => 15],
    ['1m', '1s', () => 60],
    ['3d', '1d', () => 3],
    ['6h', '15m', () => 24],
  ]

  it.each(pairs)('%s = aggregate of its %s candles', (coarseIv, fineIv, count) => {
    fc.assert(
      fc.property(engineCaseArb, timeArb, fc.integer({ min: 1, max: 3 }), (c, time, n) => {
        const engine = makeEngine(c)
        const { symbol } = c.market
        const market = engine.market(symbol)
        const end = time + n * (fixedMs(coarseIv) ?? 28 * DAY)
        const coarse = engine.candles(symbol, coarseIv, { start: time, end })
        expect(coarse.length).toBeGreaterThanOrEqual(1)
        for (const candle of coarse) {
          const fine = finer(engine, symbol, fineIv, candle)
          expect(fine.length).toBe(count(candle.openTime))
          expect(fine[0].openTime).toBe(candle.openTime)
          expect(totalsOf(candle, market)).toEqual(aggregate(fine, market))
        }
      }),
      { numRuns: 25 },
    )
  }, TIMEOUT)

  it('holds for random pairs (any interval over any finer interval that tiles it)', () => {
    const fineIntervals = ['1s', '5s', '15s', '1m', '5m', '15m', '1h', '2h', '6h', '1d']
    const pairArb = intervalArb.chain((coarse) => {
      const ms = fixedMs(coarse)
      const tiles = fineIntervals.filter((fine) => {
        const f = fixedMs(fine)!
        if (ms === null) return f === DAY || f === 6 * HOUR
        const offset = coarse.endsWith('w') ? 4 * DAY : 0
        return f < ms && ms % f === 0 && offset % f === 0 && ms / f <= 1500
      })
      return tiles.length === 0 ? fc.constant(null) : fc.constantFrom(...tiles).map((fine) => ({ coarse, fine }))
    })
    fc.assert(
      fc.property(engineCaseArb, pairArb, timeArb, (c, pair, time) => {
        fc.pre(pair !== null)
        const engine = makeEngine(c)
        const { symbol } = c.market
        const market = engine.market(symbol)
        const [candle] = engine.candles(symbol, pair!.coarse, { start: time, end: time + 1 })
        const fine = finer(engine, symbol, pair!.fine, candle)
        expect(fine[0].openTime).toBe(candle.openTime)
        expect(totalsOf(candle, market)).toEqual(aggregate(fine, market))
      }),
      { numRuns: 60 },
    )
  }, TIMEOUT)
})

describe('continuity', () => {
  it("each candle opens at the previous candle's close", () => {
    fc.assert(
      fc.property(engineCaseArb, intervalAndRangeArb, (c, { interval, start, end }) => {
        const engine = makeEngine(c)
        const candles = engine.candles(c.market.symbol, interval, { start, end })
        for (let i = 1; i < candles.length; i++) expect(candles[i].open, `candle ${i} of ${interval}`).toBe(candles[i - 1].close)
      }),
      { numRuns: 80 },
    )
  }, TIMEOUT)

  it('holds across separate calls too: a candle opens at the price the previous one closed', () => {
    fc.assert(
      fc.property(engineCaseArb, intervalArb, timeArb, (c, interval, time) => {
        const engine = makeEngine(c)
        const { symbol } = c.market
        const [first] = engine.candles(symbol, interval, { start: time, end: time + 1 })
        const [second] = engine.candles(symbol, interval, { start: first.closeTime + 1, end: first.closeTime + 2 })
        expect(second.openTime).toBe(first.closeTime + 1)
        expect(second.open).toBe(first.close)
        expect(engine.priceAt(symbol, second.openTime)).toBe(second.open)
      }),
      { numRuns: 60 },
    )
  }, TIMEOUT)
})

function checkSanity(candle: Candle, market: Market): void {
  const quote = quoteStep(market)
  const where = `candle at ${new Date(candle.openTime).toISOString()}`
  for (const field of ['open', 'high', 'low', 'close'] as const) {
    expect(candle[field], `${where}: ${field} > 0`).toBeGreaterThan(0)
    expect(isMultiple(candle[field], market.tick), `${where}: ${field} ${candle[field]} is a multiple of the tick ${market.tickSize}`).toBe(true)
  }
  expect(candle.low, where).toBeLessThanOrEqual(Math.min(candle.open, candle.close))
  expect(Math.max(candle.open, candle.close), where).toBeLessThanOrEqual(candle.high)
  for (const field of ['volume', 'takerBuyVolume'] as const) {
    expect(isMultiple(candle[field], market.lot), `${where}: ${field} ${candle[field]} is a multiple of the lot ${market.lotSize}`).toBe(true)
  }
  for (const field of ['quoteVolume', 'takerBuyQuoteVolume'] as const) {
    expect(isMultiple(candle[field], quote), `${where}: ${field} ${candle[field]} has at most ${market.quoteDecimals} decimals`).toBe(true)
  }
  const volume = toUnits(candle.volume, market.lot)
  const taker = toUnits(candle.takerBuyVolume, market.lot)
  const quoteVolume = toUnits(candle.quoteVolume, quote)
  const takerQuote = toUnits(candle.takerBuyQuoteVolume, quote)
  expect(taker >= 0n && volume >= taker, `${where}: 0 ≤ takerBuyVolume ${candle.takerBuyVolume} ≤ volume ${candle.volume}`).toBe(true)
  expect(takerQuote >= 0n && quoteVolume >= takerQuote, `${where}: 0 ≤ takerBuyQuoteVolume ${candle.takerBuyQuoteVolume} ≤ quoteVolume ${candle.quoteVolume}`).toBe(true)
  expect(Number.isSafeInteger(candle.trades) && candle.trades >= 0, `${where}: trades ${candle.trades} is a whole number ≥ 0`).toBe(true)
  expect(volume >= BigInt(candle.trades), `${where}: volume ${candle.volume} ≥ trades ${candle.trades} × lot ${market.lotSize}`).toBe(true)
}

describe('OHLC sanity', () => {
  it('low ≤ open, close ≤ high; prices positive multiples of the tick; volumes multiples of the lot; taker ≤ total; a lot per trade', () => {
    fc.assert(
      fc.property(engineCaseArb, intervalAndRangeArb, (c, { interval, start, end }) => {
        const engine = makeEngine(c)
        const market = engine.market(c.market.symbol)
        expect(market.tickSize).toBe(c.market.tickSize)
        expect(market.lotSize).toBe(c.market.lotSize)
        for (const candle of engine.candles(c.market.symbol, interval, { start, end })) checkSanity(candle, market)
      }),
      { numRuns: 120 },
    )
  }, TIMEOUT)

  it('a candle without trades does not move: open = high = low = close, no volume', () => {
    fc.assert(
      fc.property(engineCaseArb, timeArb, (c, time) => {
        const engine = makeEngine(c)
        const start = Math.floor(time / MINUTE) * MINUTE
        const quiet = engine.candles(c.market.symbol, '1s', { start, end: start + 10 * MINUTE }).filter((k) => k.trades === 0)
        for (const k of quiet) {
          expect([k.high, k.low, k.close]).toEqual([k.open, k.open, k.open])
          expect([k.volume, k.quoteVolume, k.takerBuyVolume]).toEqual([0, 0, 0])
        }
      }),
      { numRuns: 40 },
    )
  }, TIMEOUT)

  it('holds for in-progress candles as well', () => {
    fc.assert(
      fc.property(engineCaseArb, intervalArb, timeArb, (c, interval, time) => {
        const engine = makeEngine(c)
        checkSanity(engine.candleAt(c.market.symbol, interval, time), engine.market(c.market.symbol))
      }),
      { numRuns: 80 },
    )
  }, TIMEOUT)
})

describe('the in-progress candle', () => {
  /** The aggregate of [open, floor(t)) from aligned 1d/1h/1m/1s candles (or the empty candle at open's price). */
  function expectedPartial(engine: CandleEngine, symbol: string, interval: string, time: number) {
    const market = engine.market(symbol)
    const [full] = engine.candles(symbol, interval, { start: time, end: time + 1 })
    const elapsed = Math.floor(time / SECOND) * SECOND
    const parts = tile(full.openTime, elapsed).flatMap((p) => engine.candles(symbol, p.interval, { start: p.start, end: p.end }))
    if (parts.length === 0) {
      const price = engine.priceAt(symbol, full.openTime)
      return { openTime: full.openTime, closeTime: full.closeTime, open: price, high: price, low: price, close: price, volume: 0n, quoteVolume: 0n, trades: 0, takerBuyVolume: 0n, takerBuyQuoteVolume: 0n }
    }
    expect(parts[0].openTime).toBe(full.openTime)
    expect(parts.at(-1)!.closeTime).toBe(elapsed - 1)
    return { ...aggregate(parts, market), closeTime: full.closeTime }
  }

  it('candleAt(t) is the aggregate of the 1s candles from its open to t (floored to the second)', () => {
    const shortIntervals = fc.constantFrom('1m', '3m', '5m', '15m', '30m', '1h', '7s', '90s', '13m')
    fc.assert(
      fc.property(engineCaseArb, shortIntervals, timeArb, (c, interval, time) => {
        const engine = makeEngine(c)
        const { symbol } = c.market
        const market = engine.market(symbol)
        const partial = engine.candleAt(symbol, interval, time)
        const elapsed = Math.floor(time / SECOND) * SECOND
        const seconds = engine.candles(symbol, '1s', { start: partial.openTime, end: elapsed })
        expect(partial.closed).toBe(false)
        expect(partial.close).toBe(engine.priceAt(symbol, time))
        if (seconds.length > 0) {
          expect(seconds[0].openTime).toBe(partial.openTime)
          expect(totalsOf(partial, market)).toEqual({ ...aggregate(seconds, market), closeTime: partial.closeTime })
        } else {
          expect(elapsed).toBe(partial.openTime)
          expect([partial.open, partial.high, partial.low, partial.volume, partial.trades]).toEqual([partial.close, partial.close, partial.close, 0, 0])
        }
      }),
      { numRuns: 40 },
    )
  }, TIMEOUT)

  it('candleAt(t) for any interval: aggregate of what traded so far, close = priceAt(t), closeTime of the full candle', () => {
    fc.assert(
      fc.property(engineCaseArb, intervalArb, timeArb, (c, interval, time) => {
        const engine = makeEngine(c)
        const { symbol } = c.market
        const market = engine.market(symbol)
        const partial = engine.candleAt(symbol, interval, time)
        expect(partial.closed).toBe(false)
        expect(partial.openTime).toBeLessThanOrEqual(time)
        expect(partial.closeTime).toBeGreaterThanOrEqual(time)
        expect(partial.close).toBe(engine.priceAt(symbol, time))
        expect(totalsOf(partial, market)).toEqual(expectedPartial(engine, symbol, interval, time))
      }),
      { numRuns: 60 },
    )
  }, TIMEOUT)

  it('candles(…, { now: t }) ends with that same in-progress candle; the earlier ones are the closed candles', () => {
    fc.assert(
      fc.property(engineCaseArb, intervalAndRangeArb, fc.double({ min: 0, max: 1, noNaN: true }), (c, { interval, start, end }, at) => {
        const engine = makeEngine(c)
        const { symbol } = c.market
        const now = Math.min(end - 1, start + Math.floor(at * (end - start)))
        const withNow = engine.candles(symbol, interval, { start, end, now })
        const closed = engine.candles(symbol, interval, { start, end })
        const last = withNow.at(-1)!
        expect(last).toEqual(engine.candleAt(symbol, interval, now))
        expect(withNow.slice(0, -1)).toEqual(closed.slice(0, withNow.length - 1))
        expect(withNow.slice(0, -1).every((k) => k.closed)).toBe(true)
        expect(closed.every((k) => k.closed)).toBe(true)
      }),
      { numRuns: 80 },
    )
  }, TIMEOUT)
})

describe('open times', () => {
  it('are aligned, strictly increasing, consecutive, and every candle overlaps [start, end)', () => {
    fc.assert(
      fc.property(engineCaseArb, intervalAndRangeArb, (c, { interval, start, end }) => {
        const engine = makeEngine(c)
        const candles = engine.candles(c.market.symbol, interval, { start, end })
        expect(candles.length).toBeGreaterThan(0)
        expect(candles[0].openTime).toBeLessThanOrEqual(start)
        expect(candles.at(-1)!.closeTime + 1).toBeGreaterThanOrEqual(end)
        for (let i = 0; i < candles.length; i++) {
          const k = candles[i]
          expect(isAligned(interval, k.openTime), `${interval} candle opening ${new Date(k.openTime).toISOString()}`).toBe(true)
          expect(k.closeTime + 1).toBe(nextOpen(interval, k.openTime))
          expect(k.openTime < end && k.closeTime >= start).toBe(true)
          if (i > 0) {
            expect(k.openTime).toBeGreaterThan(candles[i - 1].openTime)
            expect(k.openTime).toBe(candles[i - 1].closeTime + 1)
          }
        }
      }),
      { numRuns: 120 },
    )
  }, TIMEOUT)

  it('1m opens on minutes, 1w on Mondays 00:00 UTC, 1M on the 1st 00:00 UTC', () => {
    fc.assert(
      fc.property(engineCaseArb, timeArb, (c, time) => {
        const engine = makeEngine(c)
        const { symbol } = c.market
        const [minute] = engine.candles(symbol, '1m', { start: time, end: time + 1 })
        expect(minute.openTime % MINUTE).toBe(0)
        expect(time - minute.openTime).toBeLessThan(MINUTE)
        const [week] = engine.candles(symbol, '1w', { start: time, end: time + 1 })
        const weekOpen = new Date(week.openTime)
        expect([weekOpen.getUTCDay(), week.openTime % DAY, week.closeTime + 1 - week.openTime]).toEqual([1, 0, WEEK])
        expect(time - week.openTime).toBeLessThan(WEEK)
        const [month] = engine.candles(symbol, '1M', { start: time, end: time + 1 })
        const t = new Date(time)
        expect(month.openTime).toBe(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), 1))
        expect(month.closeTime + 1).toBe(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1))
        const [hour] = engine.candles(symbol, '1h', { start: time, end: time + 1 })
        expect([hour.openTime % HOUR, hour.openTime <= time, time <= hour.closeTime]).toEqual([0, true, true])
      }),
      { numRuns: 60 },
    )
  }, TIMEOUT)
})
