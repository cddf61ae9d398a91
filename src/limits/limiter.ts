import type { RateLimitRules } from '../exchange/types.js'

export interface RateLimitOptions {
  /** false turns limits off; a number scales every limit (0.1 = a tenth of the real budget). */
  enabled?: boolean
  scale?: number
}

export type LimitDecision =
  | { kind: 'ok'; headers: Record<string, string> }
  | { kind: 'limited'; retryAfter: number; banned: boolean; until: number; limit: number; headers: Record<string, string> }

/** Bans grow from 2 minutes, doubling, up to 3 days (Binance's documented range). */
const FIRST_BAN_MS = 2 * 60_000
const LONGEST_BAN_MS = 3 * 86_400_000

/**
 * Request weight per clock window, as the exchange counts it (one budget for the
 * whole process, like one IP). Refused requests still cost weight; a client that
 * keeps going after 429s is banned where the exchange does that.
 */
export class RateLimiter {
  private window = -1
  private used = 0
  private ignored = 0
  private bannedUntil = 0
  private bans = 0

  constructor(
    private readonly rules: RateLimitRules,
    private readonly options: RateLimitOptions = {},
  ) {}

  get limit(): number {
    return Math.max(1, Math.floor(this.rules.limit * (this.options.scale ?? 1)))
  }

  get enabled(): boolean {
    return this.options.enabled !== false
  }

  take(weight: number, now: number): LimitDecision {
    const window = Math.floor(now / this.rules.windowMs)
    if (window !== this.window) {
      this.window = window
      this.used = 0
    }
    this.used += weight
    const headers = this.rules.usageHeaders(this.used)
    if (!this.enabled) return { kind: 'ok', headers }
    const windowEnd = (window + 1) * this.rules.windowMs
    if (now < this.bannedUntil) {
      return { kind: 'limited', retryAfter: Math.ceil((this.bannedUntil - now) / 1000), banned: true, until: this.bannedUntil, limit: this.limit, headers }
    }
    if (this.used <= this.limit) {
      this.ignored = 0
      return { kind: 'ok', headers }
    }
    this.ignored++
    if (this.rules.banAfterIgnored !== undefined && this.ignored > this.rules.banAfterIgnored) {
      this.bannedUntil = now + Math.min(LONGEST_BAN_MS, FIRST_BAN_MS * 2 ** this.bans++)
      this.ignored = 0
      return { kind: 'limited', retryAfter: Math.ceil((this.bannedUntil - now) / 1000), banned: true, until: this.bannedUntil, limit: this.limit, headers }
    }
    return { kind: 'limited', retryAfter: Math.max(1, Math.ceil((windowEnd - now) / 1000)), banned: false, until: windowEnd, limit: this.limit, headers }
  }

  reset(): void {
    this.window = -1
    this.used = 0
    this.ignored = 0
    this.bannedUntil = 0
    this.bans = 0
  }
}
