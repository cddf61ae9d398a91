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

/**
 * Splits `total` into parts near `targets`, each kept within [lows[i], highs[i]] when
 * the bounds allow it. The difference between the total and the targets' sum goes
 * first to the inner half of each part's room, then to the rest of it, in proportion
 * to the room; what no bound can take goes in proportion to size. Then rounded
 * exactly to integers like `allocate`.
 */
export function allocateWithin(total: number, targets: readonly number[], lows: readonly number[], highs: readonly number[], u: number): number[] {
  const n = targets.length
  const values = targets.slice()
  let left = total
  for (const t of targets) left -= t
  // Staying in the inner half keeps each part inside the range its own parts can reach.
  for (const reach of [0.5, 1]) {
    if (left === 0) break
    const bound = left > 0 ? highs : lows
    let room = 0
    for (let i = 0; i < n; i++) room += Math.abs(targets[i] + (bound[i] - targets[i]) * reach - values[i])
    if (room === 0) continue
    const moved = Math.min(1, Math.abs(left) / room)
    for (let i = 0; i < n; i++) {
      const step = (targets[i] + (bound[i] - targets[i]) * reach - values[i]) * moved
      values[i] += step
      left -= step
    }
  }
  const size = values.reduce((sum, v) => sum + v, 0)
  if (left !== 0 && size > 0) for (let i = 0; i < n; i++) values[i] += (left * values[i]) / size
  return allocate(total, values.map((v) => Math.max(0, v)), u)
}
