import type { ExchangeContext, RateLimitRules, RestReply, RestRequest, RestRoute } from '../../src/exchange/types.js'
import { answer, notFoundReply } from './errors.js'
import { homeOrigin, servesFamily, type HostFamily } from './hosts.js'

export interface RouteSpec {
  readonly method?: 'GET' | 'POST'
  readonly path: string
  readonly name: string
  /** The host that serves this path; on the other KuCoin host the path is a 404000. */
  readonly family: HostFamily
  readonly weight: number
  readonly fallback?: boolean
  handle(request: RestRequest, context: ExchangeContext): RestReply
}

/** A route that answers KuCoin's errors natively and only on its own host. */
export function kucoinRoute(exchangeName: string, spec: RouteSpec): RestRoute {
  const method = spec.method ?? 'GET'
  return {
    method,
    path: spec.path,
    name: spec.name,
    fallback: spec.fallback,
    weight: () => spec.weight,
    handle(request, context) {
      if (!servesFamily(request.url.origin, spec.family)) {
        return notFoundReply(request, exchangeName, `${method} ${spec.path} on ${homeOrigin(spec.family)}`, ` on ${request.url.origin}`)
      }
      return answer(() => spec.handle(request, context))
    },
  }
}

/**
 * §3.3/§4.3: public endpoints draw from the Public pool, 2000 weight per 30 s per IP; the
 * gw-ratelimit-* headers on every answer. WS: 100 client messages per 10 s, 400 topics.
 */
export const LIMITS: RateLimitRules = {
  windowMs: 30_000,
  limit: 2000,
  usageHeaders: (used) => ({ 'gw-ratelimit-limit': '2000', 'gw-ratelimit-remaining': String(Math.max(0, 2000 - used)) }),
  wsMessagesPerSecond: 10,
  wsStreamsPerConnection: 400,
}
