import { allocate } from './allocate.js'
import { shareFlows } from './flows.js'
import { drawPath } from './path.js'
import type { TreeNode } from './node.js'
import type { NodeRandom } from './random.js'
import { Flows, type SplitContext } from './context.js'
import { varianceScale } from './levels.js'

/**
 * Draws the children of `parent` so that they aggregate to it exactly: the first
 * opens at its open, the last closes at its close, the highest high is its high
 * (for a uniform parent), the lowest low its low, and volumes, trades, taker volume
 * and quote volume sum to its own.
 *
 * Activity (and so variance, trades and volume) is shared by a multiplicative cascade;
 * the path is a Brownian bridge between the parent's open and close, picked among
 * candidates by how well it explains the parent's high and low (path.ts); volumes are
 * shared exactly in integers (flows.ts). Returns children whose `uniform` is false
 * still lacking high and low: the caller derives those from their own children.
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
  const scale = varianceScale(span) / varianceScale(parent.end - parent.start)
  for (let i = 0; i < n; i++) {
    const share = weightSum > 0 ? weights[i] / weightSum : 0
    children[i].activity = parent.activity * share
    children[i].variance = parent.variance * share * scale
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

  drawPath(parent, children, random, context)
  if (flows !== Flows.None) shareFlows(parent, children, flows, random, context)
  return children
}
