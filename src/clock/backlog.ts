import { badBoundaryError } from './errors.js'
import type { Boundaries } from './types.js'

/** `next()` with a guard, so a broken custom Boundaries cannot make delivery loop forever. */
export function nextBoundary(boundaries: Boundaries, after: number): number {
  const time = boundaries.next(after)
  if (!(time > after)) throw badBoundaryError(after, time) // also catches NaN
  return time
}

export interface BacklogStart {
  /** Deliver from the first boundary strictly after this. */
  after: number
  /** Boundaries left out before it. */
  skipped: number
}

/**
 * Where delivery of the boundaries in (after, upTo] should begin so that at most `max`
 * (the most recent) remain. every() and calendarMonths() answer with arithmetic through
 * count/nth; a custom Boundaries without them is walked, which is linear in the jump.
 */
export function capBacklog(boundaries: Boundaries, after: number, upTo: number, max: number): BacklogStart {
  if (max === Infinity) return { after, skipped: 0 }
  const total = boundaries.count ? boundaries.count(after, upTo) : walkCount(boundaries, after, upTo)
  if (total <= max) return { after, skipped: 0 }
  const skipped = total - max
  const start = boundaries.nth ? boundaries.nth(after, skipped) : walkForward(boundaries, after, skipped)
  return { after: start, skipped }
}

function walkCount(boundaries: Boundaries, after: number, upTo: number): number {
  let count = 0
  for (let t = nextBoundary(boundaries, after); t <= upTo; t = nextBoundary(boundaries, t)) count++
  return count
}

function walkForward(boundaries: Boundaries, after: number, steps: number): number {
  let t = after
  for (let i = 0; i < steps; i++) t = nextBoundary(boundaries, t)
  return t
}
