/**
 * The fault catalog: each fault is a small object with a literal `type`. REST faults
 * act on one request; WebSocket faults on a connection or on frames the server sends.
 * Delays are not final (the request goes on afterwards); the others decide the answer.
 */
export type RestFault =
  /** Extra latency: fixed `ms`, plus uniform `jitter`, or drawn from a distribution. */
  | { type: 'latency'; ms?: number; jitter?: number; distribution?: LatencyDistribution }
  /** Any HTTP status, with the exchange's own body for it. */
  | { type: 'status'; status: number }
  /** The exchange's rate-limit answer (429 and its body, `Retry-After` seconds). */
  | { type: 'rateLimit'; retryAfter?: number }
  /** The request fails as if the network did: fetch rejects with a TypeError. */
  | { type: 'networkError' }
  /** No answer until the client aborts (its AbortSignal is honoured). */
  | { type: 'hang' }
  /** A body that is not JSON. */
  | { type: 'malformed' }
  /** The real body cut after `bytes` (default: half). */
  | { type: 'truncate'; bytes?: number }
  /** Answered as if it were `ms` earlier: data that lags. */
  | { type: 'stale'; ms: number }

export type LatencyDistribution = { kind: 'uniform'; min: number; max: number } | { kind: 'lognormal'; median: number; sigma: number }

export type WsFault =
  /** The connection is refused (the client sees an error and a 1006 close). */
  | { type: 'refuse' }
  /** The connection opens `ms` later. */
  | { type: 'openLatency'; ms: number }
  /** A server frame is lost. */
  | { type: 'drop' }
  /** A server frame arrives `ms` later (on the exchange's clock). */
  | { type: 'delay'; ms: number }
  /** A server frame arrives twice. */
  | { type: 'duplicate' }
  /** A server frame swaps places with the next one. */
  | { type: 'reorder' }
  /** The server closes with `code` (1001, 1006, 1011 …): now, after `afterFrames` frames, or after `afterMs`. */
  | { type: 'close'; code?: number; reason?: string; afterFrames?: number; afterMs?: number }
  /** The server stops answering protocol pings. */
  | { type: 'noPong' }
  /** A frame of garbage is sent instead of the real one. */
  | { type: 'garbage' }
  /** A subscription is refused with the exchange's own error (target it with `channel`). */
  | { type: 'rejectSubscription' }

export type Fault = RestFault | WsFault

export const REST_FAULTS = ['latency', 'status', 'rateLimit', 'networkError', 'hang', 'malformed', 'truncate', 'stale'] as const
export const WS_FAULTS = ['refuse', 'openLatency', 'drop', 'delay', 'duplicate', 'reorder', 'close', 'noPong', 'garbage', 'rejectSubscription'] as const
export const CONNECTION_FAULTS = new Set<string>(['refuse', 'openLatency', 'close', 'noPong'])

/** Where a fault applies: all that are given must match. */
export interface FaultTarget {
  /** ExchangeType value, e.g. 'binance_spot'. */
  exchange?: string
  /** REST route name ('klines', 'exchangeInfo', …) or WebSocket stream name ('btcusdt@kline_1m'). */
  route?: string
  /** WebSocket: the stream a frame belongs to, same as `route`. */
  channel?: string
  /** Canonical symbol ('BTC/USDT') or the exchange's id ('BTCUSDT'). */
  symbol?: string
  interval?: string
}

/** When a fault fires, among the requests or frames it targets. */
export interface FaultTrigger {
  /** Fires at most this many times (default: always). */
  times?: number
  /** Lets this many matches pass first. */
  after?: number
  /** Fires on every n-th match (after `after`). */
  every?: number
  /** Fires with this probability, from the exchange's seed. */
  probability?: number
  /** Only while the exchange's clock is in [start, end). */
  window?: { start?: number; end?: number }
}

export type FaultRule = Fault & FaultTarget & FaultTrigger
