import { MockExchangeError } from '../errors.js'
import { NodeRandom } from '../engine/random.js'
import { REST_FAULTS, WS_FAULTS, type FaultRule, type LatencyDistribution } from './catalog.js'

/** What a request or frame is, for matching. */
export interface FaultSubject {
  exchange: string
  route?: string
  symbol?: string
  symbolId?: string
  interval?: string
}

/** One injected fault, as a test can assert on it. */
export interface FaultEvent {
  readonly time: number
  readonly rule: number
  readonly type: FaultRule['type']
  readonly exchange: string
  readonly route?: string
  readonly symbol?: string
  readonly interval?: string
}

interface ActiveRule {
  readonly id: number
  readonly rule: FaultRule
  seen: number
  fired: number
}

export interface FaultHandle {
  readonly id: number
  /** How many times it matched and how many it fired, for diagnostics. */
  readonly seen: number
  readonly fired: number
  remove(): void
}

/**
 * The fault rules of one mock and the log of what they did. Rules are data
 * (see catalog.ts); probability draws come from the seed, so a run replays.
 */
export class FaultInjector {
  private rules: ActiveRule[] = []
  private nextId = 1
  readonly log: FaultEvent[] = []

  constructor(
    private readonly seed: number,
    private readonly now: () => number,
  ) {}

  add(rule: FaultRule): FaultHandle {
    validate(rule)
    const active: ActiveRule = { id: this.nextId++, rule: { ...rule }, seen: 0, fired: 0 }
    this.rules.push(active)
    return {
      id: active.id,
      get seen() {
        return active.seen
      },
      get fired() {
        return active.fired
      },
      remove: () => {
        this.rules = this.rules.filter((r) => r !== active)
      },
    }
  }

  clear(): void {
    this.rules = []
    this.nextId = 1
    this.log.length = 0
  }

  get size(): number {
    return this.rules.length
  }

  /** The rules of the given types that fire for this subject now, in the order they were added. */
  fire(types: ReadonlySet<string>, subject: FaultSubject, accept: (rule: FaultRule) => boolean = () => true): FaultRule[] {
    const fired: FaultRule[] = []
    for (const active of this.rules) {
      const { rule } = active
      if (!types.has(rule.type) || !accept(rule) || !matches(rule, subject) || !inWindow(rule, this.now())) continue
      active.seen++
      if (!this.triggers(active)) continue
      active.fired++
      fired.push(rule)
      this.log.push({ time: this.now(), rule: active.id, type: rule.type, exchange: subject.exchange, route: subject.route, symbol: subject.symbol, interval: subject.interval })
    }
    return fired
  }

  /** A latency draw for a rule (seeded by the rule and how often it fired). */
  latency(rule: { ms?: number; jitter?: number; distribution?: LatencyDistribution }, salt: number): number {
    const random = new NodeRandom(this.seed, 0x1a7e, salt, this.log.length)
    let ms = rule.ms ?? 0
    if (rule.jitter) ms += rule.jitter * random.uniform()
    const d = rule.distribution
    if (d?.kind === 'uniform') ms += d.min + (d.max - d.min) * random.uniform()
    if (d?.kind === 'lognormal') ms += d.median * Math.exp(d.sigma * random.normal())
    return Math.max(0, ms)
  }

  private triggers(active: ActiveRule): boolean {
    const { rule, seen, fired, id } = active
    const after = rule.after ?? 0
    if (seen <= after) return false
    if (rule.times !== undefined && fired >= rule.times) return false
    if (rule.every !== undefined && (seen - after) % rule.every !== 0) return false
    if (rule.probability !== undefined && new NodeRandom(this.seed, 0xfa17, id, seen).uniform() >= rule.probability) return false
    return true
  }
}

function matches(rule: FaultRule, subject: FaultSubject): boolean {
  if (rule.exchange !== undefined && rule.exchange !== subject.exchange) return false
  const route = rule.route ?? rule.channel
  if (route !== undefined && route !== subject.route) return false
  if (rule.symbol !== undefined && rule.symbol !== subject.symbol && rule.symbol !== subject.symbolId) return false
  if (rule.interval !== undefined && rule.interval !== subject.interval) return false
  return true
}

function inWindow(rule: FaultRule, now: number): boolean {
  return (rule.window?.start === undefined || now >= rule.window.start) && (rule.window?.end === undefined || now < rule.window.end)
}

const KNOWN = new Set<string>([...REST_FAULTS, ...WS_FAULTS])

function validate(rule: FaultRule): void {
  const fail = (why: string): never => {
    throw new MockExchangeError('BAD_FAULT', `Failed to add the fault ${JSON.stringify(rule)}: ${why}`)
  }
  if (!rule || typeof rule !== 'object' || !KNOWN.has(rule.type)) fail(`type must be one of ${[...KNOWN].join(', ')}.`)
  if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) fail('probability must be between 0 and 1.')
  for (const key of ['times', 'after', 'every'] as const) {
    const value = rule[key]
    if (value !== undefined && !(Number.isInteger(value) && value >= (key === 'every' ? 1 : 0))) fail(`${key} must be a whole number${key === 'every' ? ' ≥ 1' : ' ≥ 0'}.`)
  }
  if (rule.type === 'status' && !(Number.isInteger(rule.status) && rule.status >= 200 && rule.status <= 599)) fail('status must be an HTTP status from 200 to 599.')
  if ((rule.type === 'delay' || rule.type === 'openLatency' || rule.type === 'stale') && !(rule.ms >= 0)) fail('ms must be a number ≥ 0.')
}
