import type { CandleEngine } from '../../src/engine/engine.js'
import type { Market } from '../../src/engine/market.js'
import type { ExchangeContext, ListedMarket } from '../../src/exchange/types.js'

/** Bybit v5's product types (§3.1, §4.1). The mock lists markets in spot and linear; inverse and option are empty. */
export type Category = 'spot' | 'linear' | 'inverse' | 'option'

/** Spot and linear share ids: `BTCUSDT` (§3.3, §4.3). */
export function marketId(market: Market): string {
  return `${market.base}${market.quote}`
}

/** The markets of one category, by id. */
export interface Listing {
  readonly markets: readonly ListedMarket[]
  byId(id: string): ListedMarket | undefined
}

const EMPTY: Listing = { markets: [], byId: () => undefined }
const listings = new WeakMap<CandleEngine, { spot: Listing; linear: Listing }>()

/**
 * What a category lists, from the engine's markets: spot lists the spot markets, linear
 * every market (as the core lists markets for a perpetual plugin), inverse and option
 * nothing.
 *
 * Both Bybit plugins answer every category from the engine, not from their own context:
 * spot and linear share one REST host and one stream host, and the core picks the
 * exchange that answers a request by origin and path only, so whichever of the two
 * plugins gets a request must answer it as Bybit would (see the plugin files).
 */
export function listing(context: Pick<ExchangeContext, 'engine'>, category: Category): Listing {
  if (category === 'inverse' || category === 'option') return EMPTY
  let both = listings.get(context.engine)
  if (!both) {
    const all = context.engine.markets
    both = { spot: makeListing(all.filter((market) => market.kind === 'spot')), linear: makeListing(all) }
    listings.set(context.engine, both)
  }
  return both[category]
}

function makeListing(markets: readonly Market[]): Listing {
  const listed = markets.map((market) => ({ market, id: marketId(market) }))
  const byId = new Map(listed.map((entry) => [entry.id, entry]))
  return { markets: listed, byId: (id) => byId.get(id) }
}
