import { DAY, HOUR, MINUTE, SECOND } from './time.js'

/**
 * The calendar tree, root first. Each level splits its parent into `fanout` equal
 * children; every node is aligned to the epoch at its own span, so days are UTC days
 * and hours, minutes and seconds are the usual ones. The root covers 1970 to 2149.
 *
 * `cascade` is the spread (σ of log weight) of the random share of activity each child
 * takes from its parent: the multiplicative cascade that gives fat tails and volatility
 * clustering. It is zero above 64 days so that a year's realized volatility stays close
 * to the configured one, and largest between a day and a minute where clustering shows.
 */
export interface Level {
  readonly span: number
  /** Children per node of this level (0 for the leaf level). */
  readonly fanout: number
  /** Cascade spread used when this level's nodes split. */
  readonly cascade: number
}

const DAYS = (n: number) => n * DAY

export const LEVELS: readonly Level[] = [
  { span: DAYS(65536), fanout: 4, cascade: 0 },
  { span: DAYS(16384), fanout: 4, cascade: 0 },
  { span: DAYS(4096), fanout: 4, cascade: 0 },
  { span: DAYS(1024), fanout: 4, cascade: 0 },
  { span: DAYS(256), fanout: 4, cascade: 0 },
  { span: DAYS(64), fanout: 4, cascade: 0.25 },
  { span: DAYS(16), fanout: 4, cascade: 0.3 },
  { span: DAYS(4), fanout: 4, cascade: 0.35 },
  { span: DAY, fanout: 4, cascade: 0.4 },
  { span: 6 * HOUR, fanout: 6, cascade: 0.4 },
  { span: HOUR, fanout: 4, cascade: 0.45 },
  { span: 15 * MINUTE, fanout: 3, cascade: 0.45 },
  { span: 5 * MINUTE, fanout: 5, cascade: 0.45 },
  { span: MINUTE, fanout: 4, cascade: 0.45 },
  { span: 15 * SECOND, fanout: 3, cascade: 0.45 },
  { span: 5 * SECOND, fanout: 5, cascade: 0.45 },
  { span: SECOND, fanout: 0, cascade: 0 },
]

export const ROOT_SPAN = LEVELS[0].span
export const DAY_LEVEL = LEVELS.findIndex((level) => level.span === DAY)
export const LEAF_LEVEL = LEVELS.length - 1

/** The deepest level whose span divides `span` (with matching alignment), for tiling and replay. */
export function levelDividing(span: number): number {
  for (let level = 0; level < LEVELS.length; level++) if (span % LEVELS[level].span === 0) return level
  return LEAF_LEVEL
}

/**
 * Variance of a node relative to a random walk's over its span. Up to 256 days a node
 * moves like the random walk; above, less and less, so that over the tree's 179 years
 * the price wanders about as far as in a couple of years instead of drifting off by
 * factors of thousands (which no test wants, and which would overflow exact sums).
 * Paths inside a 256-day node keep the full configured volatility.
 */
export const WANDER_SPAN = DAYS(256)
export function varianceScale(span: number): number {
  return Math.min(1, WANDER_SPAN / span)
}
