import type { RateLimitRules } from '../../src/exchange/types.js'

/** §3.6: 1200 weight per minute per IP over all REST; no rate-limit headers on any reply. */
export const LIMITS: RateLimitRules = {
  windowMs: 60_000,
  limit: 1_200,
  usageHeaders: () => ({}),
}

/** §3.6: `/info` weights by request type (candleSnapshot adds its per-candle part itself). */
const LIGHT = new Set(['l2Book', 'allMids', 'clearinghouseState', 'orderStatus', 'spotClearinghouseState', 'exchangeStatus'])
export function infoWeight(type: unknown): number {
  if (typeof type === 'string' && LIGHT.has(type)) return 2
  if (type === 'userRole') return 60
  return 20
}
