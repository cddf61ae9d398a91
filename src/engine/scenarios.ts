import { MockExchangeError } from '../errors.js'
import { HOUR, MINUTE, SECOND, YEAR } from './time.js'

/** How long, either side of the anchor, a market's configured drift applies. */
export const DRIFT_YEARS = 10
const DRIFT_SPAN = Math.round(DRIFT_YEARS * YEAR / SECOND) * SECOND

/** What happens to a market besides its random walk. Times are ms since the epoch. */
export type Scenario =
  /** The price moves by `change` (0.3 = +30%, -0.2 = −20%) over [start, end), on top of the noise. */
  | { type: 'trend'; start: number; end: number; change: number }
  /** A fall of `depth` within `duration`, then a rebound of `recovery` × the fall within `recoveryDuration`; volume × `volume`. */
  | { type: 'crash'; at: number; depth?: number; duration?: number; recovery?: number; recoveryDuration?: number; volume?: number }
  /** A rise of `height` within `duration`, then a give-back of `recovery` × the rise; volume × `volume`. */
  | { type: 'spike'; at: number; height?: number; duration?: number; recovery?: number; recoveryDuration?: number; volume?: number }
  /** Trading stops: the price stays where it was and volume is zero. */
  | { type: 'halt'; start: number; end: number }
  /** No candles at all for [start, end) (an outage); the price moves on underneath. */
  | { type: 'gap'; start: number; end: number }

/** A span of time where drift and activity differ from the market's defaults. */
interface Piece {
  start: number
  end: number
  /** Extra log drift per ms. */
  rate: number
  /** Multiplies trading activity (and so volume and variance); 0 is a halt. */
  activity: number
}

/**
 * The scenarios of one market, as piecewise-constant drift and activity over time.
 * The candle tree asks it for integrals over a node's span and whether the drift
 * changes inside a span (then that node's range is built from its children).
 */
export class Timeline {
  private readonly pieces: Piece[] = []
  private readonly gaps: Array<[number, number]> = []
  /** Times where the drift changes, sorted. */
  readonly driftBreaks: number[]
  /** Times no candle tiling may cross: drift breaks and gap edges, sorted. */
  readonly cuts: number[]

  constructor(baseRate: number, anchor: number, scenarios: readonly Scenario[], symbol: string) {
    // The market's own drift holds for DRIFT_YEARS either side of its anchor, so that a
    // drift meant for a test's horizon does not carry prices off by e^30 over a century.
    if (baseRate !== 0) this.pieces.push({ start: anchor - DRIFT_SPAN, end: anchor + DRIFT_SPAN, rate: baseRate, activity: 1 })
    for (const scenario of scenarios) this.add(scenario, symbol)
    const breaks = new Set<number>()
    for (const piece of this.pieces) if (piece.rate !== 0) breaks.add(piece.start).add(piece.end)
    this.driftBreaks = [...breaks].sort((a, b) => a - b)
    const cuts = new Set(this.driftBreaks)
    for (const [start, end] of this.gaps) cuts.add(start).add(end)
    this.cuts = [...cuts].sort((a, b) => a - b)
  }

  get hasGaps(): boolean {
    return this.gaps.length > 0
  }

  /** Expected log-price drift over [a, b) (a halt's children have no variance, and so no drift). */
  drift(a: number, b: number): number {
    let total = 0
    for (const piece of this.pieces) {
      const overlap = Math.min(b, piece.end) - Math.max(a, piece.start)
      if (overlap > 0) total += piece.rate * overlap
    }
    return total
  }

  /** Mean activity multiplier over [a, b): 0 inside a halt, the volume factor inside a crash. */
  activity(a: number, b: number): number {
    let factor = 1
    for (const piece of this.pieces) {
      const overlap = Math.min(b, piece.end) - Math.max(a, piece.start)
      if (overlap > 0) factor += (piece.activity - 1) * (overlap / (b - a))
    }
    return Math.max(0, factor)
  }

  /** Whether the drift changes strictly inside (a, b). */
  driftChangesWithin(a: number, b: number): boolean {
    return hasPointWithin(this.driftBreaks, a, b)
  }

  /** Whether a cut (drift break or gap edge) lies strictly inside (a, b). */
  cutWithin(a: number, b: number): boolean {
    return hasPointWithin(this.cuts, a, b)
  }

  inGap(time: number): boolean {
    for (const [start, end] of this.gaps) if (time >= start && time < end) return true
    return false
  }

  private add(scenario: Scenario, symbol: string): void {
    switch (scenario?.type) {
      case 'trend': {
        const [start, end] = span(scenario.start, scenario.end, symbol, scenario.type)
        const change = fraction(scenario.change, symbol, 'trend change', -0.99, 100)
        this.pieces.push({ start, end, rate: Math.log(1 + change) / (end - start), activity: 1 })
        return
      }
      case 'crash':
      case 'spike': {
        const size = scenario.type === 'crash' ? -(scenario.depth ?? 0.2) : (scenario.height ?? 0.2)
        fraction(size, symbol, `${scenario.type} size`, -0.99, 100)
        const at = time(scenario.at, symbol, `${scenario.type} at`)
        const duration = length(scenario.duration ?? 5 * MINUTE, symbol, 'duration')
        const recoveryDuration = length(scenario.recoveryDuration ?? HOUR, symbol, 'recoveryDuration')
        const recovery = fraction(scenario.recovery ?? 0.5, symbol, 'recovery', 0, 1)
        const volume = fraction(scenario.volume ?? 8, symbol, 'volume', 0, 1000)
        const move = Math.log(1 + size)
        this.pieces.push({ start: at, end: at + duration, rate: move / duration, activity: volume })
        const recoveryEnd = at + duration + recoveryDuration
        this.pieces.push({ start: at + duration, end: recoveryEnd, rate: (-move * recovery) / recoveryDuration, activity: 1 + (volume - 1) / 2 })
        return
      }
      case 'halt': {
        const [start, end] = span(scenario.start, scenario.end, symbol, scenario.type)
        this.pieces.push({ start, end, rate: 0, activity: 0 })
        return
      }
      case 'gap':
        this.gaps.push(span(scenario.start, scenario.end, symbol, scenario.type))
        return
      default:
        throw new MockExchangeError(
          'BAD_SCENARIO',
          `Failed to add a scenario to "${symbol}": type ${JSON.stringify((scenario as { type?: unknown })?.type)} is unknown. Use one of 'trend', 'crash', 'spike', 'halt', 'gap'.`,
        )
    }
  }
}

/** Annualized drift to per-ms. */
export function driftPerMs(annualized: number): number {
  return annualized / YEAR
}

function hasPointWithin(sorted: readonly number[], a: number, b: number): boolean {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (sorted[mid] <= a) lo = mid + 1
    else hi = mid
  }
  return lo < sorted.length && sorted[lo] < b
}

function time(value: unknown, symbol: string, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new MockExchangeError('BAD_SCENARIO', `Failed to add a scenario to "${symbol}": ${field} is ${String(value)}; pass a time in ms since the epoch.`)
  }
  // Whole seconds, so that the finest candles (1s) never straddle a change.
  return Math.floor(value / SECOND) * SECOND
}

function span(start: unknown, end: unknown, symbol: string, type: string): [number, number] {
  const a = time(start, symbol, `${type} start`)
  const b = time(end, symbol, `${type} end`)
  if (b <= a) throw new MockExchangeError('BAD_SCENARIO', `Failed to add a ${type} to "${symbol}": end must be at least one second after start.`)
  return [a, b]
}

function length(value: unknown, symbol: string, field: string): number {
  const ms = time(value, symbol, field)
  if (ms < SECOND) throw new MockExchangeError('BAD_SCENARIO', `Failed to add a scenario to "${symbol}": ${field} must be at least 1000 ms.`)
  return ms
}

function fraction(value: unknown, symbol: string, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !(value >= min && value <= max)) {
    throw new MockExchangeError('BAD_SCENARIO', `Failed to add a scenario to "${symbol}": ${field} is ${String(value)}; it must be a number from ${min} to ${max}.`)
  }
  return value
}
