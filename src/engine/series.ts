import type { Candle } from './candle.js'
import { DAY_LEVEL, LEAF_LEVEL, LEVELS, ROOT_SPAN } from './levels.js'
import { fromUnits, type Market } from './market.js'
import type { TreeNode } from './node.js'
import { hashNumbers, hashString, NodeRandom } from './random.js'
import { Timeline, driftPerMs, type Scenario } from './scenarios.js'
import { seasonalWeight } from './seasonality.js'
import type { SplitContext } from './split.js'
import { DAY, SECOND, YEAR } from './time.js'
import { CandleTree, logPriceAt } from './tree.js'

/** Integer sums and log-price extremes of a span, before rounding to the market's steps. */
interface Aggregate {
  open: number
  high: number
  low: number
  close: number
  volume: number
  trades: number
  takerVolume: number
  quoteVolume: number
  takerQuoteVolume: number
}

/**
 * Everything the engine knows about one market: its tree, the offset that puts the
 * configured price at the anchor time, and the scenarios that shape it. Turns spans
 * of time into candles.
 */
export class MarketSeries {
  private readonly tree: CandleTree
  private readonly timeline: Timeline
  /** ln(ticks) = tree log price + offset. */
  private readonly offset: number

  constructor(
    readonly market: Market,
    seed: number,
    scenarios: readonly Scenario[],
    cacheSplits?: number,
  ) {
    const key = hashNumbers(seed, hashString(market.symbol))
    this.timeline = new Timeline(driftPerMs(market.drift), scenarios, market.symbol)
    const timeline = this.timeline
    const variancePerActivity = (market.volatility * market.volatility) / YEAR
    const base: SplitContext = {
      variancePerActivity,
      lotsPerActivity: market.dailyVolume / market.lotSize / DAY,
      tradesPerActivity: market.dailyTrades / DAY,
      quotePerLotAtZero: NaN,
      drift: (a, b) => timeline.drift(a, b),
      activityWeight: (a, b) => seasonalWeight(a, b - a) * timeline.activity(a, b),
      driftChangesWithin: (a, b) => timeline.driftChangesWithin(a, b),
    }
    const root = makeRoot(key, base)
    this.offset = Math.log(market.price / market.tickSize) - logPriceAt(root, clampTime(market.anchor), key, base)
    const quotePerLotAtZero = Math.exp(this.offset) * market.tickSize * market.lotSize * 10 ** market.quoteDecimals
    this.tree = new CandleTree(key, { ...base, quotePerLotAtZero }, root, cacheSplits)
  }

  /** The candle of [start, end), clipped to what exists (null if nothing does: a gap, or outside 1970–2149). */
  candle(start: number, end: number, closed: boolean, spanEnd = end): Candle | null {
    const sum = this.aggregate(start, end)
    if (sum === null) return null
    return this.toCandle(start, spanEnd, sum, closed)
  }

  /** A candle with no trades yet, at the price at `time`: the first instant of a candle in progress. */
  emptyCandle(start: number, spanEnd: number): Candle | null {
    if (start < 0 || start >= ROOT_SPAN || this.timeline.inGap(start)) return null
    const price = this.tree.node(LEAF_LEVEL, Math.floor(start / SECOND)).open
    return this.toCandle(start, spanEnd, { open: price, high: price, low: price, close: price, volume: 0, trades: 0, takerVolume: 0, quoteVolume: 0, takerQuoteVolume: 0 }, false)
  }

  get cachedSplits(): number {
    return this.tree.cachedSplits
  }

  private aggregate(start: number, end: number): Aggregate | null {
    start = clampTime(start)
    end = clampTime(end)
    let sum: Aggregate | null = null
    let time = start
    while (time < end) {
      const level = this.coarsestLevelAt(time, end)
      const span = LEVELS[level].span
      if (!this.timeline.hasGaps || !this.timeline.inGap(time)) sum = add(sum, this.tree.node(level, time / span))
      time += span
    }
    return sum
  }

  /** The largest node (a day at most: volumes exist from days down) that starts at `time`, ends by `end` and crosses no scenario edge. */
  private coarsestLevelAt(time: number, end: number): number {
    for (let level = DAY_LEVEL; level < LEAF_LEVEL; level++) {
      const span = LEVELS[level].span
      if (time % span === 0 && time + span <= end && !this.timeline.cutWithin(time, time + span)) return level
    }
    return LEAF_LEVEL
  }

  private toCandle(openTime: number, spanEnd: number, sum: Aggregate, closed: boolean): Candle {
    const { tick, lot, quoteDecimals } = this.market
    const price = (x: number) => fromUnits(Math.max(1, Math.round(Math.exp(x + this.offset))), tick)
    const quote = (units: number) => units / 10 ** quoteDecimals
    return {
      openTime,
      closeTime: spanEnd - 1,
      open: price(sum.open),
      high: price(sum.high),
      low: price(sum.low),
      close: price(sum.close),
      volume: fromUnits(sum.volume, lot),
      quoteVolume: quote(sum.quoteVolume),
      trades: sum.trades,
      takerBuyVolume: fromUnits(sum.takerVolume, lot),
      takerBuyQuoteVolume: quote(sum.takerQuoteVolume),
      closed,
    }
  }
}

function add(sum: Aggregate | null, node: TreeNode): Aggregate {
  if (sum === null) {
    return {
      open: node.open, high: node.high, low: node.low, close: node.close, volume: node.volume, trades: node.trades,
      takerVolume: node.takerVolume, quoteVolume: node.quoteVolume, takerQuoteVolume: node.takerQuoteVolume,
    }
  }
  sum.close = node.close
  if (node.high > sum.high) sum.high = node.high
  if (node.low < sum.low) sum.low = node.low
  sum.volume += node.volume
  sum.trades += node.trades
  sum.takerVolume += node.takerVolume
  sum.quoteVolume += node.quoteVolume
  sum.takerQuoteVolume += node.takerQuoteVolume
  return sum
}

function clampTime(time: number): number {
  return Math.min(ROOT_SPAN, Math.max(0, Math.floor(time / SECOND) * SECOND))
}

function makeRoot(key: number, context: SplitContext): TreeNode {
  const random = new NodeRandom(key, -1, 0)
  const activity = ROOT_SPAN
  const variance = context.variancePerActivity * activity
  const close = context.drift(0, ROOT_SPAN) + Math.sqrt(variance) * random.normal()
  const spread = (u: number) => Math.sqrt(close * close - 2 * variance * Math.log(u))
  return {
    start: 0, end: ROOT_SPAN, open: 0, close,
    high: (close + spread(random.uniform())) / 2, low: (close - spread(random.uniform())) / 2,
    activity, variance,
    volume: NaN, trades: NaN, takerVolume: NaN, quoteVolume: NaN, takerQuoteVolume: NaN,
    uniform: !context.driftChangesWithin(0, ROOT_SPAN),
  }
}
