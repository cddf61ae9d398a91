import { allocate, allocateCapped, allocateWithin } from './allocate.js'
import type { TreeNode } from './node.js'
import type { NodeRandom } from './random.js'
import { Flows, type SplitContext } from './context.js'

/**
 * Each trade is at least one lot; the remaining lots follow the children's activity.
 * When the parent's quote volume could not then sit inside the children's price
 * ranges (with a margin, so their own children can match it in turn), the lots are
 * tilted exponentially toward the cheaper or dearer children, just enough. Sums stay
 * exact and every candle's volume-weighted price stays inside its range.
 */
function lowOf(node: TreeNode): number {
  return node.uniform ? node.low : Math.min(node.open, node.close)
}

function highOf(node: TreeNode): number {
  return node.uniform ? node.high : Math.max(node.open, node.close)
}

/** Taker-buy and quote volumes of each child; buyers lead when the price rises, quote volume sits within each child's range. */
export function shareFlows(parent: TreeNode, children: TreeNode[], flows: Flows, random: NodeRandom, context: SplitContext): void {
  const n = children.length
  const buyerShare = children.map((c) => 0.5 + 0.15 * Math.tanh((c.close - c.open) / Math.sqrt(c.variance || 1)))
  const uTaker = random.uniform()
  const uQuote = random.uniform()
  const uTakerQuote = random.uniform()
  // Unknown while the market's price offset is being found; nothing is kept from such splits.
  const perLot = context.quotePerLotAtZero
  if (!(perLot > 0)) return
  const quoteAt = (lots: number, x: number) => lots * perLot * Math.exp(x)
  if (flows === Flows.FromActivity) {
    for (let i = 0; i < n; i++) {
      const child = children[i]
      child.takerVolume = Math.min(child.volume, Math.round(child.volume * buyerShare[i]))
      child.quoteVolume = Math.round(quoteAt(child.volume, typicalLogPrice(child)))
      child.takerQuoteVolume = child.volume > 0 ? Math.round((child.quoteVolume * child.takerVolume) / child.volume) : 0
    }
    return
  }
  const volumes = children.map((c) => c.volume)
  const taker = allocateCapped(parent.takerVolume, volumes.map((v, i) => v * buyerShare[i]), volumes, uTaker)
  const quote = allocateWithin(
    parent.quoteVolume,
    children.map((c) => quoteAt(c.volume, typicalLogPrice(c))),
    children.map((c) => quoteAt(c.volume, lowOf(c))),
    children.map((c) => quoteAt(c.volume, highOf(c))),
    uQuote,
  )
  const takerQuoteWeights = quote.map((q, i) => (volumes[i] > 0 ? (q * taker[i]) / volumes[i] : 0))
  const takerQuote = allocateCapped(parent.takerQuoteVolume, takerQuoteWeights, quote, uTakerQuote)
  for (let i = 0; i < n; i++) {
    children[i].takerVolume = taker[i]
    children[i].quoteVolume = quote[i]
    children[i].takerQuoteVolume = takerQuote[i]
  }
}

/** Where most of a node's volume traded, roughly: (o + h + l + c) / 4 once its range is known. */
function typicalLogPrice(node: TreeNode): number {
  return node.uniform ? (node.open + node.high + node.low + node.close) / 4 : (node.open + node.close) / 2
}
