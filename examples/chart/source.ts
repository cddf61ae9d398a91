/** One candle as the chart keeps it: open time in ms, prices as numbers. */
export interface Bar {
  readonly time: number
  readonly open: number
  readonly high: number
  readonly low: number
  readonly close: number
  readonly volume: number
}

/**
 * Where candles come from, in one exchange's wire format: its REST history and its
 * WebSocket stream. The feed does the rest (paging, retries, reconnects, backfill).
 */
export interface CandleSource {
  /** e.g. "Binance spot · BTCUSDT · 1m". */
  readonly label: string
  /** Most candles one history request returns. */
  readonly maxLimit: number
  /** The newest `limit` candles, or with `startTime` the oldest `limit` candles from there on. */
  historyUrl(page: { limit: number; startTime?: number }): string
  /** Bars of a history answer, oldest first; throws Rejected when the exchange refused the request. */
  parseHistory(body: unknown): Bar[]
  readonly streamUrl: string
  /** Frames to send when the socket opens (subscriptions). */
  subscribe(): string[]
  /** An application-level ping, for exchanges that close quiet connections; `everyMs` is real time. */
  readonly heartbeat?: { readonly everyMs: number; readonly frame: string }
  /** The bars in a stream frame (none for acks, pongs and other frames). */
  parseFrame(text: string): Bar[]
}

/** The exchange answered, but with an error of its own (e.g. an unknown symbol): retrying will not help. */
export class Rejected extends Error {}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
