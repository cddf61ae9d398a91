import type { ExchangeContext, RestReply, RestRequest, RestRoute } from '../../src/exchange/types.js'
import { answer, notFoundReply } from './errors.js'
import { homeOrigin, servesFamily, type HostFamily } from './hosts.js'

export interface RouteSpec {
  readonly path: string
  readonly name: string
  /** The hosts that serve this path; on another Binance host the path is a 404. */
  readonly family: HostFamily
  readonly weight: number | ((request: RestRequest) => number)
  /** A sibling market's route answered only when that market is not in the mock (see RestRoute.fallback). */
  readonly fallback?: boolean
  handle(request: RestRequest, context: ExchangeContext): RestReply
}

/** A GET route that answers Binance's errors natively and only on its own hosts. */
export function binanceRoute(exchangeName: string, spec: RouteSpec): RestRoute {
  const { weight } = spec
  return {
    method: 'GET',
    path: spec.path,
    name: spec.name,
    fallback: spec.fallback,
    weight: typeof weight === 'number' ? () => weight : weight,
    handle(request, context) {
      if (!servesFamily(request.url.origin, spec.family)) {
        return notFoundReply(request, exchangeName, `GET ${spec.path} on ${homeOrigin(spec.family)}`, ` on ${request.url.origin}`)
      }
      return answer(() => spec.handle(request, context))
    },
  }
}
