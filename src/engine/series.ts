import type { Candle } from './candle.js'
import { nextOpenTime, openTimeOf } from './interval.js'
import { DAY_LEVEL, LEAF_LEVEL, LEVELS, ROOT_SPAN, varianceScale } from './levels.js'
import { fromUnits, quoteDecimalsFor, type Market } from './market.js'
import type { TreeNode } from './node.js'
import { hashNumbers, hashString, NodeRandom } from './random.js'
import { readReplay, ReplayTop, type ReplayConfig, type ReplayData } from './replay.js'
import { Timeline, driftPerMs, type Scenario } from './scenarios.js'
import { seasonalWeight } from './seasonality.js'
import type { SplitContext } from './context.js'
import { DAY, SECOND, YEAR } from './time.js'
import { CandleTree, logPriceAt } from './tree.js'

/** Sums and log-price extremes of a span (ln of ticks), before rounding to the market's steps. */
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

/** A replayed stretch: its rows on top of a tree of their own, in ln(ticks). */
interface Replayed {
  readonly data: ReplayData
  readonly top: ReplayTop
  readonly tree: CandleTree
}

/**
 * Everything the engine knows about one market: its generated tree, the offset that
 * puts the configured price at the anchor time, the scenarios that shape it and any
 * replayed candles. Turns spans of time into candles.
 */
export class MarketSeries {
  private readonly tree: CandleTree
  private readonly timeline: Timeline
  /** ln(ticks) = generated tree's log price + offset. */
  private readonly offset: number
  private readonly replayed?: Replayed

  readonly market: Market

  constructor(
    draft: Market,
    seed: number,
    scenarios: readonly Scenario[],
    replayConfig: ReplayConfig | undefined,
    cacheSplits?: number,
  ) {
    let market = draft
    const key = hashNumbers(seed, hashString(market.symbol))
    this.timeline = new Timeline(driftPerMs(market.drift), clampTime(market.anchor), scenarios, market.symbol)
    const timeline = this.timeline
    const base: SplitContext = {
      variancePerActivity: (market.volatility * market.volatility) / YEAR,
      lotsPerActivity: market.dailyVolume / market.lotSize / DAY,
      tradesPerActivity: market.dailyTrades / DAY,
      quotePerLotAtZero: NaN,
      drift: (a, b) => timeline.drift(a, b),
      activityWeight: (a, b) => seasonalWeight(a, b - a) * timeline.activity(a, b),
      driftChangesWithin: (a, b) => timeline.driftChangesWithin(a, b),
    }
    const root = makeRoot(key, base)
    this.offset = Math.log(market.price / market.tickSize) - logPriceAt(root, clampTime(market.anchor), key, base)
    // With the highest price the tree reaches, quote volumes get the finest unit that stays exact.
    // A root whose drift changes inside has only an estimate of its high (its true one comes from
    // its children, later): allow ten times more.
    const highestPrice = Math.exp(Math.max(root.high, root.open, root.close) + this.offset + (root.uniform ? 0 : Math.LN10)) * market.tickSize
    market = { ...market, quoteDecimals: quoteDecimalsFor(market.tick.decimals + market.lot.decimals, market.dailyVolume, highestPrice) }
    this.market = market
    const quotePerTickLot = market.tickSize * market.lotSize * 10 ** market.quoteDecimals
    this.tree = new CandleTree(key, { ...base, quotePerLotAtZero: Math.exp(this.offset) * quotePerTickLot }, { level: 0, node: () => root }, cacheSplits)
    if (replayConfig) {
      const replay = readReplay(replayConfig, market)
      const context: SplitContext = { ...base, drift: () => 0, driftChangesWithin: () => false, quotePerLotAtZero: quotePerTickLot }
      const top = new ReplayTop(replay, hashNumbers(key, 0x5eed), context)
      this.replayed = { data: replay, top, tree: new CandleTree(hashNumbers(key, 0x5eed), context, top, cacheSplits) }
    }
  }

  /** The candle of [start, end), clipped to what exists (null if nothing does: a gap, before a replay, or outside 1970–2149). */
  candle(start: number, end: number, closed: boolean, spanEnd = end): Candle | null {
    const sum = this.aggregate(start, end)
    return sum === null ? null : this.toCandle(start, spanEnd, sum, closed)
  }

  /** A candle with no trades yet, at the price at `start`: the first instant of a candle in progress. */
  emptyCandle(start: number, spanEnd: number): Candle | null {
    const leaf = this.leafAt(start)
    if (!leaf) return null
    const price = leaf.open
    return this.toCandle(start, spanEnd, { open: price, high: price, low: price, close: price, volume: 0, trades: 0, takerVolume: 0, quoteVolume: 0, takerQuoteVolume: 0 }, false)
  }

  get cachedSplits(): number {
    return this.tree.cachedSplits + (this.replayed?.tree.cachedSplits ?? 0)
  }

  /** The 1-second node at `time` with ln(ticks) prices, or null where there are no candles. */
  private leafAt(time: number): { open: number } | null {
    const t = Math.floor(time / SECOND) * SECOND
    if (t < 0 || t >= ROOT_SPAN || this.timeline.inGap(t)) return null
    const replayed = this.replayed
    if (replayed && t < replayed.data.end) {
      if (t < replayed.data.start || !replayed.top.rowAt(t)) return null
      return replayed.tree.node(LEAF_LEVEL, t / SECOND)
    }
    return { open: this.tree.node(LEAF_LEVEL, t / SECOND).open + this.offset }
  }

  private aggregate(start: number, end: number): Aggregate | null {
    start = clampTime(start)
    end = clampTime(end)
    const replayed = this.replayed
    if (!replayed) return this.aggregateGenerated(start, end, null)
    const { start: first, end: last } = replayed.data
    const sum = start < last && end > first ? this.aggregateReplayed(replayed, Math.max(start, first), Math.min(end, last)) : null
    return end > last ? this.aggregateGenerated(Math.max(start, last), end, sum) : sum
  }

  private aggregateGenerated(start: number, end: number, sum: Aggregate | null): Aggregate | null {
    for (let time = start; time < end; ) {
      const level = this.coarsestLevelAt(time, end)
      const span = LEVELS[level].span
      if (!this.timeline.hasGaps || !this.timeline.inGap(time)) sum = add(sum, this.tree.node(level, time / span), this.offset)
      time += span
    }
    return sum
  }

  private aggregateReplayed({ data, top, tree }: Replayed, start: number, end: number): Aggregate | null {
    let sum: Aggregate | null = null
    for (let time = start; time < end; ) {
      const row = top.rowAt(time)
      if (!row) {
        time = nextOpenTime(data.interval, openTimeOf(data.interval, time))
        continue
      }
      if (time === row.start && row.end <= end) {
        sum = add(sum, row, 0)
        time = row.end
        continue
      }
      let level = top.level
      while (level < LEAF_LEVEL && (time % LEVELS[level].span !== 0 || time + LEVELS[level].span > Math.min(end, row.end))) level++
      sum = add(sum, tree.node(level, time / LEVELS[level].span), 0)
      time += LEVELS[level].span
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
    const price = (lnTicks: number) => fromUnits(Math.max(1, Math.round(Math.exp(lnTicks))), tick)
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

function add(sum: Aggregate | null, node: TreeNode, offset: number): Aggregate {
  if (sum === null) {
    return {
      open: node.open + offset, high: node.high + offset, low: node.low + offset, close: node.close + offset,
      volume: node.volume, trades: node.trades, takerVolume: node.takerVolume, quoteVolume: node.quoteVolume, takerQuoteVolume: node.takerQuoteVolume,
    }
  }
  sum.close = node.close + offset
  if (node.high + offset > sum.high) sum.high = node.high + offset
  if (node.low + offset < sum.low) sum.low = node.low + offset
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
  const variance = context.variancePerActivity * activity * varianceScale(ROOT_SPAN)
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
