import type { TreeNode } from './node.js'
import type { NodeRandom } from './random.js'
import type { SplitContext } from './context.js'

/**
 * Paths a uniform parent draws before picking one by importance resampling: each is
 * weighted by the likelihood that its children's highs and lows peak exactly at the
 * parent's high and low, which approximates drawing the path conditioned on them.
 * Batches are drawn until the weights' effective sample size is large enough.
 */
const CANDIDATE_BATCH = 8
const MAX_CANDIDATE_PATHS = 32
/** Measured: below 4, 1m returns pick up a negative lag-1 autocorrelation of −0.03 to −0.06. */
const MIN_EFFECTIVE_PATHS = 4

/** Scratch space reused by every split (splits never nest): no garbage per candidate. */
const MAX_CHILDREN = 64
const SCRATCH = {
  drifts: new Float64Array(MAX_CHILDREN),
  deviations: new Float64Array(MAX_CHILDREN),
  candidates: new Float64Array(MAX_CANDIDATE_PATHS * MAX_CHILDREN),
  weights: new Float64Array(MAX_CANDIDATE_PATHS),
}

/** Child opens, closes, highs and lows: a Brownian bridge from the parent's open to its close. */
export function drawPath(parent: TreeNode, children: TreeNode[], random: NodeRandom, context: SplitContext): void {
  const n = children.length
  const roomy = n <= MAX_CHILDREN
  const drifts = roomy ? SCRATCH.drifts : new Float64Array(n)
  const deviations = roomy ? SCRATCH.deviations : new Float64Array(n)
  const candidates = roomy ? SCRATCH.candidates : new Float64Array(MAX_CANDIDATE_PATHS * n)
  const weights = SCRATCH.weights
  let totalVariance = 0
  for (let i = 0; i < n; i++) {
    const child = children[i]
    drifts[i] = child.variance > 0 ? context.drift(child.start, child.end) : 0
    deviations[i] = Math.sqrt(child.variance)
    totalVariance += child.variance
  }
  if (!parent.uniform) {
    walkBridge(parent, children, drifts, deviations, totalVariance, random, candidates, 0)
    setPath(parent, children, candidates, 0)
    for (const child of children) drawFreeRange(child, random)
    return
  }
  let weightSum = 0
  let squareSum = 0
  let drawn = 0
  // In batches, until the weights are spread enough (effective sample size) to pick from.
  while (drawn < MAX_CANDIDATE_PATHS && (drawn === 0 || weightSum * weightSum < MIN_EFFECTIVE_PATHS * squareSum || !(weightSum > 0))) {
    for (const end = drawn + CANDIDATE_BATCH; drawn < end; drawn++) {
      walkBridge(parent, children, drifts, deviations, totalVariance, random, candidates, drawn * n)
      weights[drawn] = peakLikelihood(parent, children, candidates, drawn * n)
      weightSum += weights[drawn]
      squareSum += weights[drawn] * weights[drawn]
    }
  }
  let chosen = 0
  let pick = random.uniform() * weightSum
  while (chosen < drawn - 1 && pick >= weights[chosen]) pick -= weights[chosen++]
  if (!(weightSum > 0)) chosen = leastOvershoot(parent, candidates.subarray(0, drawn * n), n)
  setPath(parent, children, candidates, chosen * n)
  drawPinnedRange(parent, children, random)
}

function setPath(parent: TreeNode, children: TreeNode[], closes: Float64Array, at: number): void {
  for (let i = 0; i < children.length; i++) {
    children[i].open = i === 0 ? parent.open : closes[at + i - 1]
    children[i].close = closes[at + i]
  }
}

/**
 * Each child's high, given its open o, close c and variance v, has
 * P(high ≤ m) = 1 − exp(−2(m−o)(m−c)/v) for m ≥ max(o, c) (a Brownian bridge's maximum);
 * lows mirror it. These give the likelihood of a path and the draws below.
 */
function highCdf(m: number, o: number, c: number, v: number): number {
  if (m < Math.max(o, c)) return 0
  return v > 0 ? 1 - Math.exp((-2 * (m - o) * (m - c)) / v) : 1
}

function highDensity(m: number, o: number, c: number, v: number): number {
  if (v <= 0 || m < Math.max(o, c)) return 0
  return Math.exp((-2 * (m - o) * (m - c)) / v) * ((2 * (2 * m - o - c)) / v)
}

/** A high drawn from its law, truncated at `cap` (Infinity for none). */
function drawHigh(o: number, c: number, v: number, cap: number, u: number): number {
  if (v <= 0) return Math.max(o, c)
  const p = u * (cap === Infinity ? 1 : highCdf(cap, o, c, v))
  const high = (o + c + Math.sqrt((c - o) * (c - o) - 2 * v * Math.log1p(-p))) / 2
  return Math.min(high, cap)
}

/** Density of max(child highs) at the parent's high times that of min(child lows) at its low. */
function peakLikelihood(parent: TreeNode, children: TreeNode[], closes: Float64Array, at: number): number {
  // Most candidates leave the parent's range somewhere: weight 0, found without any exp().
  for (let i = at; i < at + children.length; i++) if (closes[i] > parent.high || closes[i] < parent.low) return 0
  return peakDensity(parent.open, parent.high, children, closes, at, 1) * peakDensity(parent.open, parent.low, children, closes, at, -1)
}

/** d/dm Π F_j(m) at m = peak, for highs (sign 1) or lows mirrored (sign −1). */
function peakDensity(open: number, peak: number, children: TreeNode[], closes: Float64Array, at: number, sign: number): number {
  const m = sign * peak
  let product = 1
  let densityRatioSum = 0
  for (let i = 0; i < children.length; i++) {
    const o = sign * (i === 0 ? open : closes[at + i - 1])
    const c = sign * closes[at + i]
    if (m < o || m < c) return 0
    const v = children[i].variance
    if (v <= 0) continue
    // F = 1 − e and f = e·2(2m − o − c)/v share e = exp(−2(m−o)(m−c)/v).
    const e = Math.exp((-2 * (m - o) * (m - c)) / v)
    if (e >= 1) return 0
    product *= 1 - e
    densityRatioSum += (e * ((2 * (2 * m - o - c)) / v)) / (1 - e)
  }
  return product * densityRatioSum
}

/** Which child peaks at the parent's extreme (chosen by its share of the density), the others drawn below it. */
function drawPinnedRange(parent: TreeNode, children: TreeNode[], random: NodeRandom): void {
  const pickHigh = random.uniform()
  const pickLow = random.uniform()
  pinExtreme(parent.high, children, 1, pickHigh, random)
  pinExtreme(parent.low, children, -1, pickLow, random)
}

function pinExtreme(peak: number, children: TreeNode[], sign: number, pick: number, random: NodeRandom): void {
  const n = children.length
  const shares = new Float64Array(n)
  let total = 0
  for (let i = 0; i < n; i++) {
    const { open, close, variance } = children[i]
    const cdf = highCdf(sign * peak, sign * open, sign * close, variance)
    shares[i] = cdf > 0 ? highDensity(sign * peak, sign * open, sign * close, variance) / cdf : 0
    total += shares[i]
  }
  let holder = -1
  if (total > 0) {
    let left = pick * total
    holder = 0
    while (holder < n - 1 && left >= shares[holder]) left -= shares[holder++]
    // Rounding can walk past the last child that can hold the peak.
    while (shares[holder] === 0) holder--
  } else {
    // No child can reach the peak by its own law (a fallback path): the closest one that
    // trades is pinned (a child without trades must stay flat).
    const trading = children.some((c) => c.variance > 0)
    holder = -1
    for (let i = 0; i < n; i++) {
      if (trading && children[i].variance <= 0) continue
      if (holder < 0 || sign * extremeOf(children[i], sign) > sign * extremeOf(children[holder], sign)) holder = i
    }
  }
  for (let i = 0; i < n; i++) {
    const child = children[i]
    const u = random.uniform()
    const value = i === holder ? peak : sign * drawHigh(sign * child.open, sign * child.close, child.variance, sign * peak, u)
    if (sign > 0) child.high = value
    else child.low = value
  }
}

function extremeOf(child: TreeNode, sign: number): number {
  return sign > 0 ? Math.max(child.open, child.close) : Math.min(child.open, child.close)
}

/** Fallback when no candidate stays inside the parent's range: the one that leaves it least, squeezed in. */
function leastOvershoot(parent: TreeNode, candidates: Float64Array, n: number): number {
  let best = 0
  let bestBeyond = Infinity
  for (let k = 0; k * n < candidates.length; k++) {
    let beyond = 0
    for (let i = k * n; i < (k + 1) * n; i++) beyond += Math.max(0, candidates[i] - parent.high) + Math.max(0, parent.low - candidates[i])
    if (beyond < bestBeyond) {
      bestBeyond = beyond
      best = k
    }
  }
  squeezeInto(parent, candidates.subarray(best * n, (best + 1) * n))
  return best
}

/** Pulls path points beyond the parent's range toward the open/close band (monotone). */
function squeezeInto(parent: TreeNode, closes: Float64Array): void {
  const top = Math.max(parent.open, parent.close)
  const bottom = Math.min(parent.open, parent.close)
  let pathHigh = top
  let pathLow = bottom
  for (const close of closes) {
    pathHigh = Math.max(pathHigh, close)
    pathLow = Math.min(pathLow, close)
  }
  const upScale = pathHigh > parent.high ? (parent.high - top) / (pathHigh - top) : 1
  const downScale = pathLow < parent.low ? (bottom - parent.low) / (bottom - pathLow) : 1
  for (let i = 0; i < closes.length; i++) {
    const x = closes[i]
    closes[i] = Math.min(parent.high, Math.max(parent.low, x > top ? top + (x - top) * upScale : x < bottom ? bottom - (bottom - x) * downScale : x))
  }
}

/** High and low of a child whose parent's range is not fixed in advance. */
function drawFreeRange(child: TreeNode, random: NodeRandom): void {
  const { open, close, variance } = child
  child.high = drawHigh(open, close, variance, Infinity, random.uniform())
  child.low = -drawHigh(-open, -close, variance, Infinity, random.uniform())
}

/** A bridge: independent steps with the children's drifts and variances, then the shortfall spread by variance. */
function walkBridge(
  parent: TreeNode, children: TreeNode[], drifts: Float64Array, deviations: Float64Array, totalVariance: number,
  random: NodeRandom, closes: Float64Array, at: number,
): void {
  const n = children.length
  let stepSum = 0
  for (let i = 0; i < n; i++) {
    closes[at + i] = drifts[i] + deviations[i] * random.normal()
    stepSum += closes[at + i]
  }
  const shortfall = parent.close - parent.open - stepSum
  let price = parent.open
  for (let i = 0; i < n; i++) {
    const step = closes[at + i] + (totalVariance > 0 ? (shortfall * children[i].variance) / totalVariance : shortfall / n)
    price = i === n - 1 ? parent.close : price + step
    closes[at + i] = price
  }
}
