import type { Market } from '../../src/engine/market.js'
import type { ExchangeContext, ListedMarket } from '../../src/exchange/types.js'
import type { InstType } from './format.js'

/**
 * Which instruments of the OKX family a mock lists. OKX serves every instrument type
 * on the same paths (`/market/candles?instId=BTC-USDT-SWAP`, `/public/instruments?
 * instType=SWAP`), so in a mock holding both OKX plugins the core sends every request to
 * the first of them, and that plugin must know what its sibling lists. The core calls
 * `marketId` for each market a plugin lists when it builds the plugin's context; the
 * plugins record that here, on the engine's market objects (one set per mock), and
 * answer for the whole family from it.
 */
const listings = new WeakMap<Market, Set<InstType>>()

export function spotId(market: Market): string {
  return `${market.base}-${market.quote}`
}

export function swapId(market: Market): string {
  return `${market.base}-${market.quote}-SWAP`
}

/** `marketId` of a plugin: the instrument id, recorded as listed by this mock. */
export function listAs(instType: InstType): (market: Market) => string {
  return (market) => {
    let types = listings.get(market)
    if (!types) listings.set(market, (types = new Set()))
    types.add(instType)
    return instType === 'SPOT' ? spotId(market) : swapId(market)
  }
}

/** One instrument of the family as a route sees it. */
export interface Instrument {
  readonly instType: InstType
  readonly listed: ListedMarket
}

/** Every instrument of a type that this mock lists, in the order of its markets. */
export function instrumentsOf(context: ExchangeContext, instType: InstType): Instrument[] {
  return context.engine.markets
    .filter((market) => listings.get(market)?.has(instType))
    .map((market) => ({ instType, listed: { market, id: instType === 'SPOT' ? spotId(market) : swapId(market) } }))
}

/** The listed instrument with this exact id (case matters), if any. */
export function instrumentById(context: ExchangeContext, id: string): Instrument | undefined {
  const instType: InstType = id.endsWith('-SWAP') ? 'SWAP' : 'SPOT'
  return instrumentsOf(context, instType).find((instrument) => instrument.listed.id === id)
}
