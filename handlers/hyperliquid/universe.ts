import type { CandleEngine } from '../../src/engine/engine.js'
import type { Market } from '../../src/engine/market.js'
import type { ExchangeContext, ListedMarket } from '../../src/exchange/types.js'

/**
 * What Hyperliquid lists, from the engine's markets (§3.3, §3.4). One host serves perps and
 * spot, so both plugins answer from the engine, not from their own context:
 * - perps (first dex): every market, as the core lists markets for a perpetual plugin, named
 *   by base coin (`BTC`); a base listed twice keeps its first market (perp coins are unique);
 * - spot: the spot markets, at spot index = position, named `@<index>` except the one
 *   canonical pair `PURR/USDC`; tokens dense and ordered by token index, USDC first.
 */
export interface SpotToken {
  readonly name: string
  readonly index: number
  readonly szDecimals: number
}

export interface SpotPair extends ListedMarket {
  readonly index: number
  readonly base: number
  readonly quote: number
}

export interface Universe {
  readonly perps: readonly ListedMarket[]
  readonly spot: readonly SpotPair[]
  readonly tokens: readonly SpotToken[]
  /** The market a wire coin names: `BTC` (perp), `@1` or `PURR/USDC` (spot); exact, case-sensitive. */
  byCoin(coin: string): ListedMarket | undefined
}

/** The perp coin of a market: its base (§3.3). */
export const perpCoin = (market: Market): string => market.base

/** The spot name of the pair at `index` (§3.3). */
export function spotName(market: Market, index: number): string {
  return market.base === 'PURR' && market.quote === 'USDC' ? 'PURR/USDC' : `@${index}`
}

const universes = new WeakMap<CandleEngine, Universe>()

export function universe(context: Pick<ExchangeContext, 'engine'>): Universe {
  let found = universes.get(context.engine)
  if (!found) {
    found = build(context.engine.markets)
    universes.set(context.engine, found)
  }
  return found
}

function build(markets: readonly Market[]): Universe {
  const perps: ListedMarket[] = []
  const bases = new Set<string>()
  for (const market of markets) {
    if (bases.has(market.base)) continue
    bases.add(market.base)
    perps.push({ market, id: perpCoin(market) })
  }
  const tokens: SpotToken[] = [{ name: 'USDC', index: 0, szDecimals: 8 }]
  const tokenIndex = new Map([['USDC', 0]])
  const spotMarkets = markets.filter((market) => market.kind === 'spot')
  const token = (name: string, szDecimals: number): number => {
    let index = tokenIndex.get(name)
    if (index === undefined) {
      index = tokens.length
      tokenIndex.set(name, index)
      tokens.push({ name, index, szDecimals })
    }
    return index
  }
  const spot: SpotPair[] = spotMarkets.map((market, index) => ({
    market,
    id: spotName(market, index),
    index,
    base: token(market.base, market.lot.decimals),
    quote: token(market.quote, 8),
  }))
  const byCoin = new Map<string, ListedMarket>([...perps.map((p) => [p.id, p] as const), ...spot.map((s) => [s.id, s] as const)])
  return { perps, spot, tokens, byCoin: (coin) => byCoin.get(coin) }
}

/** A stable 16-byte token id in hex (§3.4 `tokenId`), from the token's name. */
export function tokenId(name: string): string {
  let hex = ''
  let h = 0x811c9dc5
  for (let round = 0; round < 4; round++) {
    for (const ch of `${name}:${round}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0
    hex += h.toString(16).padStart(8, '0')
  }
  return `0x${hex}`
}
