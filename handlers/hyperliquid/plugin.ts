import type { Market } from '../../src/engine/market.js'
import type { ExchangePlugin, ExchangeType } from '../../src/exchange/types.js'
import { nativeErrors } from './errors.js'
import { REST_ORIGINS, WS_ORIGINS } from './hosts.js'
import { INFO_ROUTE } from './info.js'
import { LIMITS } from './limits.js'
import { hyperliquidStream } from './stream.js'

/**
 * A Hyperliquid plugin. Perps and spot share one REST path (`POST /info`, told apart by the
 * body's `type`) and one stream, and the core picks the exchange that answers by origin
 * and path only, so both plugins answer every request type from the engine's markets,
 * as Hyperliquid does (see universe.ts). With both in one mock, the first one listed
 * answers everything (and its limiter counts everything: the weight budget is per IP anyway).
 */
export function hyperliquidPlugin(spec: { type: ExchangeType; name: string; kind: 'spot' | 'perpetual'; marketId(market: Market): string }): ExchangePlugin {
  return {
    ...spec,
    restOrigins: REST_ORIGINS,
    wsOrigins: WS_ORIGINS,
    routes: [INFO_ROUTE],
    errors: nativeErrors,
    limits: LIMITS,
    ws: hyperliquidStream(),
  }
}
