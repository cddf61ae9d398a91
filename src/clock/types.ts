/**
 * Public types of the virtual clock. The clock decides "now" for the candle engine,
 * and the WebSocket layer subscribes to boundaries (e.g. every 1m candle close).
 */

/**
 * - `manual`: time moves only with `advance()` / `set()` (deterministic tests).
 * - `system`: `Date.now()`, so vitest's fake timers drive it.
 * - `accelerated`: real time (or fake timers) times `speed`, for demos.
 */
export type ClockMode = 'manual' | 'system' | 'accelerated'

export interface ClockOptions {
  /** Default `'manual'`. */
  mode?: ClockMode
  /** Epoch ms the clock starts at (manual, accelerated). Default: `Date.now()` floored to the second. */
  start?: number
  /** Clock ms per real ms in accelerated mode. Default 60 (1 real second = 1 minute). */
  speed?: number
  /**
   * Most boundaries delivered per subscription in one move; older ones are counted in
   * `BoundaryEvent.skipped` instead, so a jump of years does not hang. Default 1000.
   */
  maxBacklog?: number
}

/** A series of instants, e.g. every 1m candle close. */
export interface Boundaries {
  /** The first boundary strictly greater than `after` (`Infinity` when there is none). */
  next(after: number): number
  /** Optional fast path: how many boundaries b satisfy `after < b <= upTo`. */
  count?(after: number, upTo: number): number
  /** Optional fast path: the n-th boundary after `after` (n >= 1; `nth(a, 1) === next(a)`). */
  nth?(after: number, n: number): number
}

export interface BoundaryEvent {
  /** The boundary instant; `clock.now()` equals it while the listener runs. */
  time: number
  /**
   * Boundaries of this subscription not delivered because of the backlog cap.
   * Non-zero only on the first event delivered after a big jump.
   */
  skipped: number
}

export type BoundaryListener = (event: BoundaryEvent) => void | Promise<void>

export interface Subscription {
  unsubscribe(): void
}

export interface Clock {
  readonly mode: ClockMode
  readonly start: number
  now(): number
  /** Calls `listener` at every boundary strictly after the current time, in global time order. */
  onBoundary(boundaries: Boundaries, listener: BoundaryListener): Subscription
  /**
   * Manual clock only: moves forward by `ms`, delivering due boundaries in order, awaiting each
   * listener. Calls are serialized. Rejects with code CLOCK_MODE on other clocks, CLOCK_ARG for a
   * bad `ms`, and with a listener's error (or an AggregateError) after delivery if any threw.
   */
  advance(ms: number): Promise<void>
  /** Manual clock only: moves to `time`. Moving back fires nothing; subscriptions re-anchor there. */
  set(time: number): Promise<void>
  /** Back to `start` (a system clock has no start of its own); fires nothing, keeps subscriptions. */
  reset(): void
  /** Cancels the timer and every subscription. */
  dispose(): void
}
