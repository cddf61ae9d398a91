import type { Market } from '../../src/engine/market.js'
import type { ExchangeContext } from '../../src/exchange/types.js'
import { decimal, notional, price, size } from './format.js'
import { tokenId, universe } from './universe.js'

const DAY = 86_400_000

/** §3.4 `meta`: the perp universe of the first dex. Max leverage 40 for BTC and ETH, 20 otherwise (a mock choice). */
export function meta(context: Pick<ExchangeContext, 'engine'>) {
  return {
    universe: universe(context).perps.map(({ market, id }) => ({ name: id, szDecimals: market.lot.decimals, maxLeverage: leverage(market), marginTableId: leverage(market) })),
    marginTables: [...new Set(universe(context).perps.map(({ market }) => leverage(market)))].map((max) => [max, { description: '', marginTiers: [{ lowerBound: '0.0', maxLeverage: max }] }]),
    collateralToken: 0,
  }
}

const leverage = (market: Market): number => (market.base === 'BTC' || market.base === 'ETH' ? 40 : 20)

/** What a day of a market looks like at `now`: last and previous-day prices, the UTC day's volumes. */
function day(context: ExchangeContext, market: Market) {
  const now = context.now()
  const engine = context.engine
  const at = (time: number) => {
    try {
      return engine.priceAt(market.symbol, time)
    } catch {
      return market.price
    }
  }
  let volume = 0
  let quoteVolume = 0
  try {
    const today = engine.candleAt(market.symbol, '1d', now)
    volume = today.volume
    quoteVolume = today.quoteVolume
  } catch {
    // a gap or halt: no volume
  }
  return { last: at(now), previous: at(now - DAY), volume, quoteVolume }
}

/** §3.4 `metaAndAssetCtxs`: `[meta, ctxs]`, `ctxs[i]` for `universe[i]`; every ctx value a string (or null). */
export function metaAndAssetCtxs(context: ExchangeContext) {
  const ctxs = universe(context).perps.map(({ market }) => {
    const d = day(context, market)
    const px = price(market, d.last)
    const step = market.tickSize
    return {
      funding: '0.0000125',
      openInterest: size(market, market.dailyVolume / 10),
      prevDayPx: price(market, d.previous),
      dayNtlVlm: notional(market, d.quoteVolume),
      premium: '0.0',
      oraclePx: px,
      markPx: px,
      midPx: px,
      impactPxs: [price(market, Math.max(step, d.last - step)), price(market, d.last + step)],
      dayBaseVlm: size(market, d.volume),
    }
  })
  return [meta(context), ctxs]
}

/** §3.4 `spotMeta`: tokens dense by index (ccxt indexes them by position), pairs by spot index. */
export function spotMeta(context: Pick<ExchangeContext, 'engine'>) {
  const { tokens, spot } = universe(context)
  return {
    universe: spot.map((pair) => ({ tokens: [pair.base, pair.quote], name: pair.id, index: pair.index, isCanonical: pair.id === 'PURR/USDC' })),
    tokens: tokens.map((token) => ({
      name: token.name,
      szDecimals: token.szDecimals,
      weiDecimals: Math.max(8, token.szDecimals),
      index: token.index,
      tokenId: tokenId(token.name),
      isCanonical: token.index === 0,
      evmContract: null,
      fullName: null,
      deployerTradingFeeShare: '0.0',
    })),
  }
}

/** §3.4 `spotMetaAndAssetCtxs`: `[spotMeta, ctxs]`, ctxs by spot index. */
export function spotMetaAndAssetCtxs(context: ExchangeContext) {
  const ctxs = universe(context).spot.map(({ market, id }) => {
    const d = day(context, market)
    const px = price(market, d.last)
    return {
      prevDayPx: price(market, d.previous),
      dayNtlVlm: notional(market, d.quoteVolume),
      markPx: px,
      midPx: px,
      circulatingSupply: decimal(market.dailyVolume * 1000, market.lot.decimals),
      coin: id,
      totalSupply: decimal(market.dailyVolume * 1000, market.lot.decimals),
      dayBaseVlm: size(market, d.volume),
    }
  })
  return [spotMeta(context), ctxs]
}
