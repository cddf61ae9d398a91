/**
 * Determinism of the candle engine: the same seed and options give the same candles
 * whatever is asked first, in whatever pieces, with whatever cache; different seeds
 * give different candles; the configured price holds at the anchor; and seeded
 * snapshots guard the generated data against accidental change.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CandleEngine, type Candle } from '../src/index.js'
import {
  DAY, HOUR, MINUTE, TIMEOUT, engineCaseArb, intervalAndRangeArb, intervalArb, makeEngine, marketArb, scenariosArb, seedArb, timeArb,
} from './support/arbitraries.js'

const T0 = Date.UTC(2026, 0, 1)

/** One line per candle, for readable snapshots. */
function lines(candles: Candle[]): string[] {
  return candles.map(
    (k) =>
      `${new Date(k.openTime).toISOString()} O=${k.open} H=${k.high} L=${k.low} C=${k.close} ` +
      `V=${k.volume} QV=${k.quoteVolume} N=${k.trades} TBV=${k.takerBuyVolume} TBQV=${k.takerBuyQuoteVolume}` +
      (k.closed ? '' : ' (open)'),
  )
}

/** A range and how to ask for it piecewise: cut points at candle opens, asked in a shuffled order. */
const piecewiseArb = intervalAndRangeArb.chain(({ interval, start, end }) =>
  fc.record({
    interval: fc.constant(interval),
    start: fc.constant(start),
    end: fc.constant(end),
    cuts: fc.uniqueArray(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 6 }),
    order: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
    churn: fc.array(fc.tuple(intervalArb, timeArb), { minLength: 1, maxLength: 4 }),
  }),
)

describe('same seed and options → the same candles, whatever is asked first and however', () => {
  it('one call = shuffled sub-ranges = after churning a tiny cache with far-away ranges', () => {
    fc.assert(
      fc.property(engineCaseArb, piecewiseArb, (c, p) => {
        const { symbol } = c.market
        const whole = makeEngine(c).candles(symbol, p.interval, { start: p.start, end: p.end })

        // Cut the range at candle opens, ask for the pieces in a random order, on a tiny cache churned first.
        const opens = [...new Set(p.cuts.map((u) => whole[Math.min(whole.length - 1, Math.floor(u * whole.length))].openTime))].filter((t) => t > whole[0].openTime).sort((a, b) => a - b)
        const bounds = [p.start, ...opens, p.end]
        const pieces = bounds.slice(0, -1).map((s, i) => ({ index: i, start: s, end: bounds[i + 1] }))
        const shuffled = pieces.map((piece, i) => ({ piece, key: p.order[i % p.order.length] * 31 + i })).sort((a, b) => a.key - b.key).map((x) => x.piece)

        const tiny = makeEngine(c, { cacheSplits: 50 })
        for (const [interval, time] of p.churn) tiny.candles(symbol, interval, { start: time, end: time + 3 * HOUR })
        const got: Candle[][] = []
        for (const piece of shuffled) {
          got[piece.index] = tiny.candles(symbol, p.interval, { start: piece.start, end: piece.end })
          // More churn between pieces: evictions must not change anything.
          const [interval, time] = p.churn[piece.index % p.churn.length]
          tiny.candles(symbol, interval, { start: time + DAY, end: time + DAY + 2 * HOUR })
        }
        expect(got.flat()).toStrictEqual(whole)

        // The same engine asked again after all that, and a fresh engine with the default cache, agree.
        expect(tiny.candles(symbol, p.interval, { start: p.start, end: p.end })).toStrictEqual(whole)
        expect(makeEngine(c).candles(symbol, p.interval, { start: p.start, end: p.end })).toStrictEqual(whole)
      }),
      { numRuns: 60 },
    )
  }, TIMEOUT)

  it('with scenarios too: pieces in any order on a tiny cache = one call', () => {
    const caseArb = fc
      .tuple(engineCaseArb, intervalAndRangeArb)
      .chain(([c, r]) => fc.record({ c: fc.constant(c), r: fc.constant(r), scenarios: scenariosArb(r.start, r.end), order: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }), cacheSplits: fc.constantFrom(1, 7, 50) }))
    fc.assert(
      fc.property(caseArb, ({ c, r, scenarios, order, cacheSplits }) => {
        const market = { ...c.market, scenarios }
        const options = { seed: c.seed, markets: [market], ...(c.anchor === undefined ? {} : { anchor: c.anchor }) }
        const { symbol } = market
        const whole = new CandleEngine(options).candles(symbol, r.interval, { start: r.start, end: r.end })
        const tiny = new CandleEngine({ ...options, cacheSplits })
        // Ask for the candles one by one, in a shuffled order, each by its own open time.
        const keyed = whole.map((k, i) => ({ k, key: order[i % order.length] * 1009 + i })).sort((a, b) => a.key - b.key)
        for (const { k } of keyed) expect(tiny.candles(symbol, r.interval, { start: k.openTime, end: k.openTime + 1 })).toStrictEqual([k])
        expect(tiny.candles(symbol, r.interval, { start: r.start, end: r.end })).toStrictEqual(whole)
      }),
      { numRuns: 40 },
    )
  }, TIMEOUT)

  it('in-progress candles and priceAt do not depend on what was asked before', () => {
    fc.assert(
      fc.property(engineCaseArb, intervalArb, timeArb, fc.array(fc.tuple(intervalArb, timeArb), { minLength: 1, maxLength: 4 }), (c, interval, time, churn) => {
        const { symbol } = c.market
        const fresh = makeEngine(c)
        const expected = { candle: fresh.candleAt(symbol, interval, time), price: fresh.priceAt(symbol, time) }
        const used = makeEngine(c, { cacheSplits: 50 })
        for (const [iv, t] of churn) used.candles(symbol, iv, { start: t, end: t + 2 * HOUR, now: t + HOUR })
        expect({ candle: used.candleAt(symbol, interval, time), price: used.priceAt(symbol, time) }).toStrictEqual(expected)
      }),
      { numRuns: 60 },
    )
  }, TIMEOUT)

  it("a market's candles do not depend on the other markets of the engine", () => {
    fc.assert(
      fc.property(seedArb, marketArb, marketArb, intervalAndRangeArb, (seed, market, other, { interval, start, end }) => {
        fc.pre(market.symbol !== other.symbol)
        const alone = new CandleEngine({ seed, markets: [market] })
        const withOther = new CandleEngine({ seed, markets: [other, market] })
        expect(withOther.candles(market.symbol, interval, { start, end })).toStrictEqual(alone.candles(market.symbol, interval, { start, end }))
      }),
      { numRuns: 40 },
    )
  }, TIMEOUT)
})

describe('seeds', () => {
  it('different seeds → different candles', () => {
    fc.assert(
      // Within ten years of the anchor, so that neither series can sit on the one-tick floor.
      fc.property(seedArb, seedArb, marketArb, fc.integer({ min: T0 - 3650 * DAY, max: T0 + 3650 * DAY }), (a, b, market, time) => {
        fc.pre(a !== b)
        const range = { start: time, end: time + DAY }
        const first = new CandleEngine({ seed: a, markets: [market] }).candles(market.symbol, '1h', range)
        const second = new CandleEngine({ seed: b, markets: [market] }).candles(market.symbol, '1h', range)
        // Prices alone may coincide on a coarse tick; volumes, trades and quote volumes do not all.
        expect(first).not.toEqual(second)
      }),
      { numRuns: 40 },
    )
  }, TIMEOUT)

  it('different seeds → different prices (a fine-tick market)', () => {
    fc.assert(
      fc.property(seedArb, seedArb, fc.integer({ min: T0 - 3650 * DAY, max: T0 + 3650 * DAY }), (a, b, time) => {
        fc.pre(a !== b)
        const range = { start: time, end: time + DAY }
        const closes = (seed: number) => new CandleEngine({ seed, markets: [{ symbol: 'BTC/USDT' }] }).candles('BTC/USDT', '1h', range).map((k) => k.close)
        expect(closes(a)).not.toEqual(closes(b))
      }),
      { numRuns: 40 },
    )
  }, TIMEOUT)

  it('a string seed works, is stable, and differs from other strings and from the default seed', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ minLength: 1, maxLength: 12 }), (s, t) => {
        fc.pre(s !== t)
        const markets = [{ symbol: 'BTC/USDT' }]
        const range = { start: T0, end: T0 + 6 * HOUR }
        const one = new CandleEngine({ seed: s, markets })
        const again = new CandleEngine({ seed: s, markets })
        expect(Number.isSafeInteger(one.seed)).toBe(true)
        expect(again.seed).toBe(one.seed)
        expect(again.candles('BTC/USDT', '1h', range)).toStrictEqual(one.candles('BTC/USDT', '1h', range))
        const other = new CandleEngine({ seed: t, markets })
        expect(other.candles('BTC/USDT', '1h', range)).not.toEqual(one.candles('BTC/USDT', '1h', range))
        const byDefault = new CandleEngine({ markets })
        expect(byDefault.candles('BTC/USDT', '1h', range)).not.toEqual(one.candles('BTC/USDT', '1h', range))
      }),
      { numRuns: 30 },
    )
  }, TIMEOUT)

  it('the default seed is 1', () => {
    const range = { start: T0, end: T0 + DAY }
    expect(new CandleEngine({ markets: [{ symbol: 'ETH/USDT' }] }).candles('ETH/USDT', '1h', range)).toStrictEqual(
      new CandleEngine({ seed: 1, markets: [{ symbol: 'ETH/USDT' }] }).candles('ETH/USDT', '1h', range),
    )
  })
})

describe('the configured price holds at the anchor', () => {
  it('priceAt(symbol, anchor) === price, for the engine anchor and per-market anchors', () => {
    fc.assert(
      fc.property(seedArb, marketArb, timeArb, fc.boolean(), (seed, market, anchor, perMarket) => {
        const engine = perMarket
          ? new CandleEngine({ seed, markets: [{ ...market, anchor }] })
          : new CandleEngine({ seed, anchor, markets: [market] })
        expect(engine.market(market.symbol).anchor).toBe(anchor)
        expect(engine.priceAt(market.symbol, anchor)).toBe(market.price)
        // So does the candle in progress at the anchor, whatever its interval.
        expect(engine.candleAt(market.symbol, '1h', anchor).close).toBe(market.price)
      }),
      { numRuns: 150 },
    )
  }, TIMEOUT)

  it('with the default anchor, 2026-01-01T00:00:00Z', () => {
    fc.assert(
      fc.property(seedArb, marketArb, (seed, market) => {
        const engine = new CandleEngine({ seed, markets: [market] })
        expect(engine.priceAt(market.symbol, T0)).toBe(market.price)
        const [first] = engine.candles(market.symbol, '1d', { start: T0, end: T0 + 1 })
        expect(first.open).toBe(market.price)
      }),
      { numRuns: 60 },
    )
  }, TIMEOUT)

  it('at any millisecond of the anchor second (the price is constant within a second)', () => {
    fc.assert(
      fc.property(seedArb, marketArb, timeArb, fc.integer({ min: 0, max: 999 }), (seed, market, anchor, ms) => {
        const engine = new CandleEngine({ seed, anchor, markets: [market] })
        const second = Math.floor(anchor / 1000) * 1000
        expect(engine.priceAt(market.symbol, second + ms)).toBe(market.price)
      }),
      { numRuns: 60 },
    )
  }, TIMEOUT)
})

describe('seeded snapshots (update deliberately with `npx vitest run -u` when the generator changes on purpose)', () => {
  it('BTC/USDT, seed 42: 24 × 1h from 2026-01-01', () => {
    const engine = new CandleEngine({ seed: 42, markets: [{ symbol: 'BTC/USDT' }] })
    const candles = engine.candles('BTC/USDT', '1h', { start: T0, end: T0 + DAY })
    expect(candles).toHaveLength(24)
    expect(lines(candles)).toMatchSnapshot()
  })

  it('ETH/USDT, seed 7: 30 × 1d from 2025-12-01', () => {
    const start = Date.UTC(2025, 11, 1)
    const engine = new CandleEngine({ seed: 7, markets: [{ symbol: 'ETH/USDT' }] })
    const candles = engine.candles('ETH/USDT', '1d', { start, end: start + 30 * DAY })
    expect(candles).toHaveLength(30)
    expect(lines(candles)).toMatchSnapshot()
  })

  it("SOL/USDT, seed 'snapshot': 20 × 1m and the candle in progress at 2026-03-15T12:20:30.5Z", () => {
    const now = Date.UTC(2026, 2, 15, 12, 20, 30, 500)
    const start = Date.UTC(2026, 2, 15, 12, 0)
    const engine = new CandleEngine({ seed: 'snapshot', markets: [{ symbol: 'SOL/USDT' }] })
    const candles = engine.candles('SOL/USDT', '1m', { start, end: start + 30 * MINUTE, now })
    expect(candles).toHaveLength(21)
    expect(lines(candles)).toMatchSnapshot()
    expect(engine.priceAt('SOL/USDT', now)).toMatchSnapshot()
  })

  it('a custom market, seed 2024: 12 × 1M of 2030 and 8 × 1w', () => {
    const engine = new CandleEngine({
      seed: 2024,
      markets: [{ symbol: 'ABC/EUR', price: 12.345, tickSize: 0.005, lotSize: 0.25, volatility: 1.2, drift: -0.1 }],
    })
    expect(lines(engine.candles('ABC/EUR', '1M', { start: Date.UTC(2030, 0, 1), end: Date.UTC(2031, 0, 1) }))).toMatchSnapshot()
    expect(lines(engine.candles('ABC/EUR', '1w', { start: Date.UTC(2030, 0, 1), end: Date.UTC(2030, 0, 1) + 8 * 7 * DAY - 1 }))).toMatchSnapshot()
  })
})
