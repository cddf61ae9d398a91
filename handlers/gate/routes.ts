import type { ExchangeContext, RateLimitRules, RestReply, RestRequest, RestRoute } from '../../src/exchange/types.js'
import { answer, notFoundReply } from './errors.js'
import { servesFamily, type HostFamily } from './hosts.js'

export interface RouteSpec {
  readonly path: string
  readonly name: string
  /** The hosts that serve this path; on another Gate host the path is a 404. */
  readonly family: HostFamily
  /** A sibling market's route answered only when that market is not in the mock (see RestRoute.fallback). */
  readonly fallback?: boolean
  handle(request: RestRequest, context: ExchangeContext): RestReply
}

/** A GET route that answers Gate's errors natively and only on its own hosts. Every public request weighs 1 (facts §5.2). */
export function gateRoute(exchangeName: string, spec: RouteSpec): RestRoute {
  return {
    method: 'GET',
    path: spec.path,
    name: spec.name,
    fallback: spec.fallback,
    weight: () => 1,
    handle(request, context) {
      if (!servesFamily(request.url.origin, spec.family)) return notFoundReply(request, exchangeName, `GET ${spec.path} on https://api.gateio.ws`, ` on ${request.url.origin}`)
      return answer(() => spec.handle(request, context))
    },
  }
}

/** facts §5.2, §6.3: 200 public requests per 10 s (Gate counts per endpoint; the core's budget is per exchange, see the plugin notes). */
export const WINDOW_MS = 10_000
export const REQUESTS_PER_WINDOW = 200

/** Documented on every answer (presence on public answers unverified); the reset timestamp needs the window's end, which the core does not pass. */
export function usageHeaders(used: number): Record<string, string> {
  return {
    'X-Gate-RateLimit-Requests-Remain': String(Math.max(0, REQUESTS_PER_WINDOW - used)),
    'X-Gate-RateLimit-Limit': String(REQUESTS_PER_WINDOW),
  }
}

export const GATE_LIMITS: RateLimitRules = {
  windowMs: WINDOW_MS,
  limit: REQUESTS_PER_WINDOW,
  usageHeaders,
}
