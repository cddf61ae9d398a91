import type { ExchangePlugin, ExchangeType } from '../../src/exchange/types.js'
import { marketId } from './categories.js'
import { nativeErrors } from './errors.js'
import { REST_ORIGINS, WS_ORIGINS } from './hosts.js'
import { LIMITS } from './limits.js'
import { ROUTES } from './routes.js'
import { bybitStreams } from './stream.js'

/**
 * A Bybit v5 plugin. Spot and linear differ only in what the core lists for them (its
 * `kind`), their name and type: Bybit serves both categories on one REST host (the
 * category is a query parameter) and one stream host (the category is the path), and
 * the core chooses which exchange of a mock answers by origin and path, so each plugin
 * answers every category as Bybit does. With both in one mock, the first one listed
 * answers everything (and its limiter counts everything: Bybit's IP limit is one budget
 * per host anyway).
 */
export function bybitPlugin(spec: { type: ExchangeType; name: string; kind: 'spot' | 'perpetual' }): ExchangePlugin {
  return {
    ...spec,
    restOrigins: REST_ORIGINS,
    wsOrigins: WS_ORIGINS,
    marketId,
    routes: ROUTES,
    errors: nativeErrors(spec.name),
    limits: LIMITS,
    ws: bybitStreams(),
  }
}
