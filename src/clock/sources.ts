import { argError } from './errors.js'
import type { ClockMode, ClockOptions } from './types.js'

/** Where a clock's time comes from, per mode. `Date.now()` is read on each call so fake timers apply. */
export type TimeSource = ManualSource | SystemSource | AcceleratedSource

/** Moves only when the clock sets `time`. */
export class ManualSource {
  readonly mode = 'manual'
  time: number

  constructor(readonly start: number) {
    this.time = start
  }

  now(): number {
    return this.time
  }

  reset(): void {
    this.time = this.start
  }
}

export class SystemSource {
  readonly mode = 'system'
  /** Only informative: a system clock has no start of its own. */
  readonly start = Date.now()

  now(): number {
    return Date.now()
  }

  reset(): void {}

  realDelayUntil(time: number): number {
    return time - Date.now()
  }
}

/** start + elapsed real time × speed, floored so it stays whole milliseconds. */
export class AcceleratedSource {
  readonly mode = 'accelerated'
  private base = Date.now()

  constructor(readonly start: number, readonly speed: number) {}

  now(): number {
    return this.start + Math.floor((Date.now() - this.base) * this.speed)
  }

  reset(): void {
    this.base = Date.now()
  }

  realDelayUntil(time: number): number {
    return (time - this.now()) / this.speed
  }
}

const MODES: readonly ClockMode[] = ['manual', 'system', 'accelerated']

export function createSource(options: ClockOptions): TimeSource {
  const { mode = 'manual', speed = 60 } = options
  const start = options.start ?? Math.floor(Date.now() / 1000) * 1000
  const what = 'create the clock'
  if (!MODES.includes(mode)) {
    throw argError(what, `unknown mode '${String(mode)}'`, "Use 'manual', 'system' or 'accelerated'.")
  }
  if (!Number.isFinite(start)) {
    throw argError(what, `start must be finite epoch milliseconds (got ${start})`,
      "Pass e.g. Date.parse('2026-01-01T00:00:00Z').")
  }
  if (!Number.isFinite(speed) || speed <= 0) {
    throw argError(what, `speed must be a finite number > 0 (got ${speed})`,
      'Pass clock milliseconds per real millisecond, e.g. 60 for a minute per second.')
  }
  if (mode === 'system') return new SystemSource()
  if (mode === 'accelerated') return new AcceleratedSource(start, speed)
  return new ManualSource(start)
}

/** Validates `maxBacklog`: a positive integer, or Infinity to turn the cap off. */
export function backlogOption(options: ClockOptions): number {
  const { maxBacklog = 1000 } = options
  if (maxBacklog !== Infinity && !(Number.isInteger(maxBacklog) && maxBacklog >= 1)) {
    throw argError('create the clock', `maxBacklog must be an integer >= 1 or Infinity (got ${maxBacklog})`,
      'Pass how many boundaries per subscription to deliver at most after a jump, e.g. 1000.')
  }
  return maxBacklog
}
