import type { ExchangeContext, ListedMarket } from '../../src/exchange/types.js'
import { pairOf, restAliases, type KrakenPair } from './assets.js'

/** A listed market with Kraken's names for it. */
export interface Listing {
  readonly listed: ListedMarket
  readonly pair: KrakenPair
}

interface Index {
  /** Sorted by key, as Kraken lists AssetPairs. */
  readonly listings: readonly Listing[]
  /** Every name `pair=` accepts, upper-cased. */
  readonly byAlias: ReadonlyMap<string, Listing>
  /** WS v2 names (BTC/USD), exact. */
  readonly bySymbol: ReadonlyMap<string, Listing>
  /** WS v1 names (XBT/USD), exact. */
  readonly byWsname: ReadonlyMap<string, Listing>
}

/** One index per context (a context is one exchange of a mock, and its markets never change). */
const indexes = new WeakMap<ExchangeContext, Index>()

export function indexOf(context: ExchangeContext): Index {
  let index = indexes.get(context)
  if (!index) {
    const listings = context.markets.map((listed) => ({ listed, pair: pairOf(listed.market) })).sort((a, b) => (a.pair.key < b.pair.key ? -1 : a.pair.key > b.pair.key ? 1 : 0))
    const byAlias = new Map<string, Listing>()
    for (const listing of listings) for (const alias of restAliases(listing.pair)) if (!byAlias.has(alias)) byAlias.set(alias, listing)
    index = {
      listings,
      byAlias,
      bySymbol: new Map(listings.map((listing) => [listing.pair.symbol, listing])),
      byWsname: new Map(listings.map((listing) => [listing.pair.wsname, listing])),
    }
    indexes.set(context, index)
  }
  return index
}

/** The listing a `pair=` value names (any accepted alias, any case), if any. */
export function listingByAlias(context: ExchangeContext, name: string): Listing | undefined {
  return indexOf(context).byAlias.get(name.toUpperCase())
}
