import { RecentCache } from './cache.js'
import { DAY_LEVEL, LEAF_LEVEL, LEVELS } from './levels.js'
import type { TreeNode } from './node.js'
import { NodeRandom } from './random.js'
import { Flows, type SplitContext } from './context.js'
import { split } from './split.js'

/**
 * Where a tree starts: the root for generated markets; for replayed candles, the
 * children of the user's rows (the rows themselves need not be a tree level).
 */
export interface TreeTop {
  readonly level: number
  node(index: number): TreeNode
}

/** Splits kept per market; about 1 kB each. */
export const DEFAULT_CACHE_SPLITS = 20_000
/** Keys are level × 2^33 + index: the leaf level has about 5.7e9 nodes. */
const LEVEL_KEY = 2 ** 33

/**
 * The candle tree of one market: any node, at any depth, on demand. A node's children
 * are drawn from a generator seeded by (seed, level, index) and conditioned on the
 * node, so the tree is the same whatever is asked first, and only a bounded cache of
 * recent splits is kept.
 */
export class CandleTree {
  private readonly cache: RecentCache<TreeNode[]>

  constructor(
    private readonly key: number,
    private readonly context: SplitContext,
    private readonly top: TreeTop,
    cacheSplits = DEFAULT_CACHE_SPLITS,
  ) {
    this.cache = new RecentCache(cacheSplits)
    if (top.level === 0 && !top.node(0).uniform) this.resolveRange(top.node(0), 0, 0)
  }

  node(level: number, index: number): TreeNode {
    if (level === this.top.level) return this.top.node(index)
    const fanout = LEVELS[level - 1].fanout
    const parentIndex = Math.floor(index / fanout)
    return this.children(level - 1, parentIndex)[index - parentIndex * fanout]
  }

  children(level: number, index: number): TreeNode[] {
    return this.cache.get(level * LEVEL_KEY + index) ?? this.splitAndKeep(this.node(level, index), level, index)
  }

  get cachedSplits(): number {
    return this.cache.size
  }

  /**
   * Splits a node and keeps the result. A node whose drift changes inside takes its
   * high and low from its children, so those are split right away, recursively, with
   * the node in hand (looking it up again could meet an evicted cache and loop).
   */
  private splitAndKeep(parent: TreeNode, level: number, index: number): TreeNode[] {
    const children = splitNode(parent, level, index, this.key, this.context)
    this.cache.set(level * LEVEL_KEY + index, children)
    if (!parent.uniform) {
      const first = index * LEVELS[level].fanout
      children.forEach((child, i) => child.uniform || this.resolveRange(child, level + 1, first + i))
    }
    return children
  }

  private resolveRange(node: TreeNode, level: number, index: number): void {
    let high = -Infinity
    let low = Infinity
    for (const child of this.splitAndKeep(node, level, index)) {
      high = Math.max(high, child.high)
      low = Math.min(low, child.low)
    }
    node.high = high
    node.low = low
  }
}

export function splitNode(parent: TreeNode, level: number, index: number, key: number, context: SplitContext): TreeNode[] {
  const { fanout, cascade } = LEVELS[level]
  const flows = level + 1 < DAY_LEVEL ? Flows.None : level + 1 === DAY_LEVEL ? Flows.FromActivity : Flows.Split
  return split(parent, fanout, cascade, flows, new NodeRandom(key, level, index), context)
}

/**
 * The tree's log price at `time` without touching the cache: used once per market to
 * find the offset that makes the configured price hold at its anchor, before quote
 * volumes (which depend on that offset) can be computed.
 */
export function logPriceAt(root: TreeNode, time: number, key: number, context: SplitContext): number {
  let node = root
  let index = 0
  for (let level = 0; level < LEAF_LEVEL; level++) {
    const childIndex = Math.min(LEVELS[level].fanout - 1, Math.floor((time - node.start) / LEVELS[level + 1].span))
    node = splitNode(node, level, index, key, context)[childIndex]
    index = index * LEVELS[level].fanout + childIndex
  }
  return node.open
}
