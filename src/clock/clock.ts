import { Dispatcher } from './dispatcher.js'
import { argError, disposedError, listenerFailure, manualOnlyError } from './errors.js'
import { backlogOption, createSource, type ManualSource, type TimeSource } from './sources.js'
import { startTimer } from './timer.js'
import type { Boundaries, BoundaryListener, Clock, ClockMode, ClockOptions, Subscription } from './types.js'

/**
 * Creates a virtual clock. Default mode is 'manual', starting at `Date.now()` floored to the second.
 *
 * Every move of time (advance/set, or a timer firing in system and accelerated modes) goes
 * through one queue, so deliveries never interleave. Do not `await clock.advance()` inside a
 * listener: it waits behind the move that is running that listener, and never resolves.
 */
export function createClock(options: ClockOptions = {}): Clock {
  return new VirtualClock(options)
}

class VirtualClock implements Clock {
  private readonly source: TimeSource
  private readonly dispatcher: Dispatcher
  private tail: Promise<void> = Promise.resolve()
  /** Moves queued or running. */
  private pending = 0
  private cancelTimer: (() => void) | undefined
  private disposed = false

  constructor(options: ClockOptions) {
    this.dispatcher = new Dispatcher(backlogOption(options))
    this.source = createSource(options)
  }

  get mode(): ClockMode {
    return this.source.mode
  }

  get start(): number {
    return this.source.start
  }

  now(): number {
    // While a listener runs, "now" is its boundary, so e.g. the engine sees the candle that just closed.
    return this.dispatcher.deliveringAt ?? this.source.now()
  }

  onBoundary(boundaries: Boundaries, listener: BoundaryListener): Subscription {
    if (this.disposed) throw disposedError('subscribe to clock boundaries')
    if (typeof boundaries?.next !== 'function' || typeof listener !== 'function') {
      throw argError('subscribe to clock boundaries', 'onBoundary() needs a Boundaries and a listener function',
        'Pass e.g. onBoundary(every(60_000), (event) => { ... }).')
    }
    const entry = this.dispatcher.add(boundaries, listener, this.now())
    this.armIfIdle()
    return {
      unsubscribe: () => {
        this.dispatcher.remove(entry)
        this.armIfIdle()
      },
    }
  }

  // async so that a bad call rejects like a failed move would, instead of throwing synchronously.
  async advance(ms: number): Promise<void> {
    const source = this.manual('advance')
    if (!(Number.isFinite(ms) && ms >= 0)) {
      throw argError('advance the clock', `ms must be a finite number >= 0 (got ${ms})`,
        'Pass how many milliseconds to move forward; use set(time) to move back.')
    }
    // The target is read when the move runs, after the moves queued before it.
    return this.enqueue(() => this.moveManual(source, () => source.time + ms))
  }

  async set(time: number): Promise<void> {
    const source = this.manual('set')
    if (!Number.isFinite(time)) {
      throw argError('set the clock', `time must be finite epoch milliseconds (got ${time})`,
        "Pass e.g. Date.parse('2026-01-01T00:00:00Z').")
    }
    return this.enqueue(() => this.moveManual(source, () => time))
  }

  reset(): void {
    // A system clock has no start to go back to.
    if (this.source.mode === 'system') return
    const apply = () => {
      this.source.reset()
      this.dispatcher.reanchor(this.source.now())
    }
    if (this.pending === 0) {
      apply()
      this.armIfIdle()
    } else {
      // Mid-move, jumping back under a running listener would mix two timelines: go after the queue.
      void this.enqueue(async () => apply())
    }
  }

  dispose(): void {
    this.disposed = true
    this.cancelTimer?.()
    this.cancelTimer = undefined
    this.dispatcher.clear()
  }

  private manual(operation: string): ManualSource {
    if (this.source.mode !== 'manual') throw manualOnlyError(operation, this.source.mode)
    if (this.disposed) throw disposedError(`${operation} the clock`)
    return this.source
  }

  private async moveManual(source: ManualSource, target: () => number): Promise<void> {
    const to = target()
    if (to < source.time) {
      // Back in time: nothing fires; subscriptions start again from the new time.
      source.time = to
      this.dispatcher.reanchor(to)
      return
    }
    const errors = await this.dispatcher.deliverUpTo(to, () => {
      source.time = to
    })
    if (errors.length > 0) throw listenerFailure(errors)
  }

  private enqueue(move: () => Promise<void>): Promise<void> {
    this.pending++
    const run = this.tail.then(move).finally(() => {
      this.pending--
      this.armIfIdle()
    })
    this.tail = run.catch(() => {}) // a failed move must not block the next; its caller gets the error
    return run
  }

  /** System and accelerated modes: one timer, for the earliest boundary due across subscriptions. */
  private armIfIdle(): void {
    if (this.pending > 0) return // the running move re-arms when it ends
    this.cancelTimer?.()
    this.cancelTimer = undefined
    const source = this.source
    if (this.disposed || source.mode === 'manual') return
    this.dispatcher.rewindTo(source.now())
    const due = this.dispatcher.nextDue(reportLater)
    if (due !== Infinity) this.cancelTimer = startTimer(source.realDelayUntil(due), () => this.fire())
  }

  private fire(): void {
    this.cancelTimer = undefined
    // Delivers everything due by now, so a late timer catches up (within the backlog cap).
    const move = async () => {
      const errors = await this.dispatcher.deliverUpTo(this.source.now())
      if (errors.length > 0) throw listenerFailure(errors)
    }
    this.enqueue(move).catch(reportLater)
  }
}

/**
 * A timer-driven clock has no caller to reject to, so errors are rethrown from a microtask:
 * they surface as uncaught exceptions (vitest fails the test run and prints them; Node's
 * 'uncaughtException' sees them) instead of being swallowed, and the clock keeps running.
 */
function reportLater(error: unknown): void {
  queueMicrotask(() => {
    throw error
  })
}
