import type { ExchangeContext, RestReply, RestRequest, RestRoute } from '../../src/exchange/types.js'
import { answer } from './errors.js'

export interface RouteSpec {
  readonly path: string
  readonly name: string
  handle(request: RestRequest, context: ExchangeContext): RestReply
}

/**
 * A public GET route answering Kraken's errors natively. Every public call weighs 1
 * (§2.4: Kraken counts calls, not weights).
 */
export function krakenRoute(spec: RouteSpec): RestRoute {
  return {
    method: 'GET',
    path: spec.path,
    name: spec.name,
    weight: () => 1,
    handle: (request, context) => answer(() => spec.handle(request, context)),
  }
}
