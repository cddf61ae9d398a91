import { allocate, allocateCapped } from './allocate.js'
import type { TreeNode } from './node.js'
import type { NodeRandom } from './random.js'

/** What a split needs to know about the market, beyond the parent itself. */
export interface SplitContext {
  /** Variance of log price per ms of activity. */
  readonly variancePerActivity: number
  /** Lots and trades per ms of activity, for the split that creates days. */
  readonly lotsPerActivity: number
  readonly tradesPerActivity: number
  /** Quote units per lot at log price 0 of the tree, i.e. exp(x) × this is the quote value of one lot at x. */
  readonly quotePerLotAtZero: number
  /** Drift of log price over [a, b). */
  drift(a: number, b: number): number
  /** Relative activity of the span (seasonality × scenarios), comparable between siblings. */
  activityWeight(a: number, b: number): number
  /** Whether the drift changes inside (a, b). */
  driftChangesWithin(a: number, b: number): boolean
}

/** How a split treats volumes, by where it sits in the tree. */
export const Flows = {
  /** Above the day level: activity only. */
  None: 0,
  /** The children are days: volumes come from their activity. */
  FromActivity: 1,
  /** Below a day: the parent's integer volumes are shared out exactly. */
  Split: 2,
} as const
export type Flows = (typeof Flows)[keyof typeof Flows]

/**
 * Draws the children of `parent` so that they aggregate to it exactly: the first
 * opens at its open, the last closes at its close, the highest high is its high
 * (for a uniform parent), the lowest low its low, and volumes, trades, taker volume
 * and quote volume sum to its own.
 *
 * The path between open and close is a Brownian bridge whose steps have the children's
 * variances (a multiplicative cascade of activity shares); each child's high and low
 * are drawn from the exact law of a Brownian bridge's maximum and minimum. A uniform
 * parent's range was drawn from that same law one level up, so the children's range is
 * stretched piecewise-linearly onto it (monotone, so order and extremes are kept).
 * Returns children whose `uniform` is false still lacking high and low: the caller
 * derives those from their own children.
 */
export function split(parent: TreeNode, n: number, cascade: number, flows: Flows, random: NodeRandom, context: SplitContext): TreeNode[] {
  const span = (parent.end - parent.start) / n
  const children: TreeNode[] = new Array(n)
  const weights = new Array<number>(n)
  let weightSum = 0
  for (let i = 0; i < n; i++) {
    const start = parent.start + i * span
    const seasonal = context.activityWeight(start, start + span)
    const noise = cascade > 0 ? Math.exp(cascade * random.normal() - (cascade * cascade) / 2) : 1
    weights[i] = seasonal * noise
    weightSum += weights[i]
    children[i] = {
      start, end: start + span, open: 0, high: 0, low: 0, close: 0, activity: 0, variance: 0,
      volume: NaN, trades: NaN, takerVolume: NaN, quoteVolume: NaN, takerQuoteVolume: NaN,
      uniform: !context.driftChangesWithin(start, start + span),
    }
  }
  for (let i = 0; i < n; i++) {
    const share = weightSum > 0 ? weights[i] / weightSum : 0
    children[i].activity = parent.activity * share
    children[i].variance = parent.variance * share
  }
  if (flows === Flows.FromActivity) {
    for (const child of children) {
      child.trades = Math.round(child.activity * context.tradesPerActivity)
      child.volume = Math.max(child.trades, Math.round(child.activity * context.lotsPerActivity))
    }
  } else if (flows === Flows.Split) {
    const trades = allocate(parent.trades, weights, random.uniform())
    const eligible = weights.map((w, i) => (trades[i] > 0 ? w : 0))
    const extra = allocate(parent.volume - parent.trades, eligible, random.uniform())
    for (let i = 0; i < n; i++) {
      children[i].trades = trades[i]
      children[i].volume = trades[i] + extra[i]
    }
  }
  // Without trades the price does not move.
  if (flows !== Flows.None) for (const child of children) if (child.trades === 0) child.variance = 0

  walkBridge(parent, children, random, context)
  for (const child of children) drawRange(child, random)
  if (parent.uniform) stretchOnto(parent, children)
  if (flows !== Flows.None) shareFlows(parent, children, flows, random, context)
  return children
}

/** Child closes: a bridge from the parent's open to its close, with drift and the children's variances. */
function walkBridge(parent: TreeNode, children: TreeNode[], random: NodeRandom, context: SplitContext): void {
  const n = children.length
  const steps = new Array<number>(n)
  let totalVariance = 0
  let stepSum = 0
  for (let i = 0; i < n; i++) {
    const child = children[i]
    const drift = child.variance > 0 ? context.drift(child.start, child.end) : 0
    steps[i] = drift + Math.sqrt(child.variance) * random.normal()
    totalVariance += child.variance
    stepSum += steps[i]
  }
  const shortfall = parent.close - parent.open - stepSum
  for (let i = 0; i < n; i++) {
    steps[i] += totalVariance > 0 ? (shortfall * children[i].variance) / totalVariance : shortfall / n
  }
  let price = parent.open
  for (let i = 0; i < n; i++) {
    children[i].open = price
    price = i === n - 1 ? parent.close : price + steps[i]
    children[i].close = price
  }
}

/** High and low from the law of a Brownian bridge's extremes: P(max > m) = exp(−2(m−o)(m−c)/v). */
function drawRange(child: TreeNode, random: NodeRandom): void {
  const { open, close, variance } = child
  const up = random.uniform()
  const down = random.uniform()
  const move = (close - open) * (close - open)
  child.high = variance > 0 ? (open + close + Math.sqrt(move - 2 * variance * Math.log(up))) / 2 : Math.max(open, close)
  child.low = variance > 0 ? (open + close - Math.sqrt(move - 2 * variance * Math.log(down))) / 2 : Math.min(open, close)
}

/** Maps the children's natural range onto the parent's range, fixing the open, close and everything between them. */
function stretchOnto(parent: TreeNode, children: TreeNode[]): void {
  const top = Math.max(parent.open, parent.close)
  const bottom = Math.min(parent.open, parent.close)
  let highest = 0
  let lowest = 0
  for (let i = 1; i < children.length; i++) {
    if (children[i].high > children[highest].high) highest = i
    if (children[i].low < children[lowest].low) lowest = i
  }
  const naturalHigh = children[highest].high
  const naturalLow = children[lowest].low
  const upScale = naturalHigh > top ? (parent.high - top) / (naturalHigh - top) : 0
  const downScale = naturalLow < bottom ? (bottom - parent.low) / (bottom - naturalLow) : 0
  const map = (x: number) => (x > top ? top + (x - top) * upScale : x < bottom ? bottom - (bottom - x) * downScale : x)
  for (const child of children) {
    child.open = map(child.open)
    child.close = map(child.close)
    child.high = Math.min(parent.high, map(child.high))
    child.low = Math.max(parent.low, map(child.low))
  }
  // Exactly the parent's extremes, whatever rounding did; if no child rose above the
  // open/close band, the one that came closest (and can move) takes the parent's high.
  children[movable(children, highest, (c) => c.high, 1)].high = parent.high
  children[movable(children, lowest, (c) => c.low, -1)].low = parent.low
}

function movable(children: TreeNode[], natural: number, value: (c: TreeNode) => number, sign: number): number {
  if (children[natural].variance > 0) return natural
  let best = natural
  for (let i = 0; i < children.length; i++) {
    if (children[i].variance > 0 && (children[best].variance === 0 || sign * value(children[i]) > sign * value(children[best]))) best = i
  }
  return best
}

/** Taker-buy and quote volumes of each child; buyers lead when the price rises. */
function shareFlows(parent: TreeNode, children: TreeNode[], flows: Flows, random: NodeRandom, context: SplitContext): void {
  const n = children.length
  const buyerShare = children.map((c) => 0.5 + 0.15 * Math.tanh((c.close - c.open) / Math.sqrt(c.variance || 1)))
  const uTaker = random.uniform()
  const uQuote = random.uniform()
  const uTakerQuote = random.uniform()
  // Unknown while the market's price offset is being found; nothing is kept from such splits.
  if (!(context.quotePerLotAtZero > 0)) return
  if (flows === Flows.FromActivity) {
    for (let i = 0; i < n; i++) {
      const child = children[i]
      child.takerVolume = Math.min(child.volume, Math.round(child.volume * buyerShare[i]))
      child.quoteVolume = Math.round(child.volume * context.quotePerLotAtZero * Math.exp((child.open + child.close) / 2))
      child.takerQuoteVolume = child.volume > 0 ? Math.round((child.quoteVolume * child.takerVolume) / child.volume) : 0
    }
    return
  }
  const volumes = children.map((c) => c.volume)
  const taker = allocateCapped(parent.takerVolume, volumes.map((v, i) => v * buyerShare[i]), volumes, uTaker)
  const reference = (parent.open + parent.close) / 2
  const quote = allocate(parent.quoteVolume, children.map((c) => c.volume * Math.exp((c.open + c.close) / 2 - reference)), uQuote)
  const takerQuoteWeights = quote.map((q, i) => (volumes[i] > 0 ? (q * taker[i]) / volumes[i] : 0))
  const takerQuote = allocateCapped(parent.takerQuoteVolume, takerQuoteWeights, quote, uTakerQuote)
  for (let i = 0; i < n; i++) {
    children[i].takerVolume = taker[i]
    children[i].quoteVolume = quote[i]
    children[i].takerQuoteVolume = takerQuote[i]
  }
}
