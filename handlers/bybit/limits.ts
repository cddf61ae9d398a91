import type { RateLimitRules } from '../../src/exchange/types.js'

/** §3.6: 600 requests per 5 s per IP across the REST host; every request counts 1. */
export const IP_LIMIT = 600
export const IP_WINDOW_MS = 5_000

/**
 * §3.6. Over the limit Bybit answers 403 and asks the client to stop for 10 minutes, so
 * the first request over it is "banned" at once (banAfterIgnored 0); the core's ban
 * lasts 2 minutes, doubling (Binance's schedule; Bybit's fixed 10 minutes cannot be
 * stated in RateLimitRules, see the report).
 * The X-Bapi-Limit headers are documented "on every request" for the per-UID API limit;
 * whether market endpoints send them is unverified. We send them for the IP budget:
 * X-Bapi-Limit the budget, X-Bapi-Limit-Status what is left of it (the routes add
 * X-Bapi-Limit-Reset-Timestamp, which is the current time until the limit is exceeded).
 */
export const LIMITS: RateLimitRules = {
  windowMs: IP_WINDOW_MS,
  limit: IP_LIMIT,
  usageHeaders: (used) => ({ 'X-Bapi-Limit': String(IP_LIMIT), 'X-Bapi-Limit-Status': String(Math.max(0, IP_LIMIT - used)) }),
  banAfterIgnored: 0,
}
