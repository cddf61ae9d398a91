import { MockExchangeError } from '../errors.js'
import type { ClockMode } from './types.js'

/** Codes a test can match on. */
export const ClockErrorCode = {
  /** The operation does not exist in this clock mode (e.g. advance() on a system clock). */
  MODE: 'CLOCK_MODE',
  /** A bad argument or option. */
  ARG: 'CLOCK_ARG',
  /** The clock was disposed (its exchange closed). */
  DISPOSED: 'CLOCK_DISPOSED',
  /** A custom `Boundaries` returned something that is not strictly after its input. */
  BOUNDARY: 'CLOCK_BOUNDARY',
  /** More than one listener threw during one move; see `.errors`. */
  LISTENERS: 'CLOCK_LISTENERS',
} as const

const MODE_HINT: Record<Exclude<ClockMode, 'manual'>, string> = {
  system: 'Use vi.advanceTimersByTime() for a system clock',
  accelerated: 'An accelerated clock follows real time (or vi.advanceTimersByTime()) times its speed',
}

/** `operation` is 'advance' or 'set'. */
export function manualOnlyError(operation: string, mode: ClockMode): MockExchangeError {
  const hint = mode === 'manual' ? 'Use a manual clock' : MODE_HINT[mode]
  return new MockExchangeError(
    ClockErrorCode.MODE,
    `Failed to ${operation} the clock: ${operation}() works only on a manual clock (this one is '${mode}'). ` +
      `${hint}, or create the exchange with clock: { mode: 'manual' }.`,
  )
}

export function argError(what: string, why: string, fix: string): MockExchangeError {
  return new MockExchangeError(ClockErrorCode.ARG, `Failed to ${what}: ${why}. ${fix}`)
}

export function disposedError(operation: string): MockExchangeError {
  return new MockExchangeError(
    ClockErrorCode.DISPOSED,
    `Failed to ${operation}: the clock was disposed (its exchange was closed). Create a new exchange or clock.`,
  )
}

export function badBoundaryError(after: number, got: number): MockExchangeError {
  return new MockExchangeError(
    ClockErrorCode.BOUNDARY,
    `Failed to find the next clock boundary: next(${after}) returned ${got}, which is not strictly greater. ` +
      'Make Boundaries.next(after) return a number > after, or Infinity when there are no more.',
  )
}

/**
 * What advance() rethrows (or a timer-driven clock reports) after delivery finished:
 * the listener's own error when only one threw, so its stack and assertion diff stay intact.
 */
export function listenerFailure(errors: unknown[]): unknown {
  if (errors.length === 1) return errors[0]
  const failure = new AggregateError(
    errors,
    `[mock-exchange] Failed to deliver clock boundaries: ${errors.length} listeners threw. ` +
      'See .errors for each; the clock still moved and every other listener ran.',
  )
  return Object.assign(failure, { code: ClockErrorCode.LISTENERS })
}
