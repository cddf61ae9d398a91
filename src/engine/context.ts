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
