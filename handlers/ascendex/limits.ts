import type { RateLimitRules } from '../../src/exchange/types.js'

/**
 * §4.6: no public REST limit is documented and no limit headers are known. The mock uses
 * hummingbot's assumption, 100 requests per second overall (unverified).
 */
export const LIMITS: RateLimitRules = {
  windowMs: 1_000,
  limit: 100,
  usageHeaders: () => ({}),
}
