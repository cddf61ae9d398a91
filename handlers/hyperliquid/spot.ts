import type { Market } from '../../src/engine/market.js'
import { ExchangeType, type ExchangePlugin } from '../../src/exchange/types.js'
import { hyperliquidPlugin } from './plugin.js'

/**
 * Hyperliquid spot (§3): pairs named `@<spot index>` on the wire (`PURR/USDC` for the one
 * canonical pair). The index depends on the listing, which `marketId(market)` cannot see,
 * so the core's id for a spot market is its `BASE/QUOTE`; the routes resolve the real
 * wire names from the engine (universe.ts).
 */
export const hyperliquidSpot: ExchangePlugin = hyperliquidPlugin({
  type: ExchangeType.HYPERLIQUID_SPOT,
  name: 'Hyperliquid Spot',
  kind: 'spot',
  marketId: (market: Market) => `${market.base}/${market.quote}`,
})
