/**
 * Splits the integer `total` into parts proportional to `weights` that sum to it
 * exactly. Each part is its expected share rounded down or up; which ones round up
 * is drawn by systematic sampling from one uniform `u`, so rounding is unbiased and
 * the result depends only on (total, weights, u).
 */
export function allocate(total: number, weights: readonly number[], u: number): number[] {
  const n = weights.length
  const parts = new Array<number>(n).fill(0)
  if (total <= 0) return parts
  let weightSum = 0
  for (const w of weights) weightSum += w
  if (!(weightSum > 0)) {
    parts[0] = total
    return parts
  }
  const fractions = new Array<number>(n)
  let assigned = 0
  for (let i = 0; i < n; i++) {
    const expected = (total * weights[i]) / weightSum
    parts[i] = Math.floor(expected)
    fractions[i] = expected - parts[i]
    assigned += parts[i]
  }
  let remainder = total - assigned
  let cumulative = 0
  let next = u
  for (let i = 0; i < n && remainder > 0; i++) {
    cumulative += fractions[i]
    if (next < cumulative) {
      parts[i]++
      remainder--
      next++
    }
  }
  // Floating-point sums can leave a unit over or under; settle it on the largest part.
  if (remainder !== 0) parts[largest(parts, weights)] += remainder
  return parts
}

/** Like `allocate`, but no part may exceed its cap (Σ caps ≥ total is the caller's promise). */
export function allocateCapped(total: number, weights: readonly number[], caps: readonly number[], u: number): number[] {
  const parts = allocate(total, weights, u)
  let excess = 0
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] > caps[i]) {
      excess += parts[i] - caps[i]
      parts[i] = caps[i]
    }
  }
  for (let i = 0; i < parts.length && excess > 0; i++) {
    const room = Math.min(caps[i] - parts[i], excess)
    parts[i] += room
    excess -= room
  }
  return parts
}

function largest(parts: readonly number[], weights: readonly number[]): number {
  let best = 0
  for (let i = 1; i < parts.length; i++) if (weights[i] > weights[best]) best = i
  return parts[best] > 0 || weights[best] > 0 ? best : 0
}
