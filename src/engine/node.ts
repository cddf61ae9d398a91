/**
 * One node of a market's candle tree: a span of time with its full candle.
 * Prices are natural logs in the tree's own units (the market adds an offset at the
 * edge); volumes, trades and quote volumes are integers (lots, count, quote units)
 * and exist from the day level down (NaN above, where only activity is tracked).
 */
export interface TreeNode {
  readonly start: number
  readonly end: number
  open: number
  high: number
  low: number
  close: number
  /** Expected share of the market's trading, in ms of average activity. */
  activity: number
  /** Variance of the log-price change across the node. */
  variance: number
  volume: number
  trades: number
  takerVolume: number
  quoteVolume: number
  takerQuoteVolume: number
  /** False when the drift changes inside the node: its high and low then come from its children. */
  uniform: boolean
}
