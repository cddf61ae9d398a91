import type { Market } from '../../src/engine/market.js'
import type { ExchangeContext, RestReply, RestRequest } from '../../src/exchange/types.js'
import { fixed } from './format.js'

/**
 * The reference-data endpoints ccxt's ascendex loads (§4.4): `loadMarkets()` fetches the
 * assets, then `v1/products`, `v1/cash/products` and `v2/futures/contract` in parallel; all
 * must answer `{"code":0,"data":[…]}` with no `message` key (§4.5: ccxt throws on it).
 * Spot products list the exchange's spot markets; contracts list the engine's perpetuals
 * as `BASE-PERP` (the sibling futures API, which ccxt loads for spot too).
 */

const ok = (data: unknown): RestReply => ({ status: 200, body: { code: 0, data } })
const step = (decimals: number) => fixed(10 ** -decimals, decimals)
const spotMarkets = (context: ExchangeContext) => context.markets.filter((listed) => listed.market.kind === 'spot')
const perpetuals = (context: ExchangeContext) => context.engine.markets.filter((market) => market.kind === 'perpetual')
/** A notional bound in quote units, printed with the quote's decimals. */
const notional = (market: Market, value: number) => fixed(value, Math.min(market.quoteDecimals, 8))

/** `GET /api/pro/v1/products`. */
export function products(_request: RestRequest, context: ExchangeContext): RestReply {
  return ok(
    spotMarkets(context).map(({ market, id }) => ({
      symbol: id,
      baseAsset: market.base,
      quoteAsset: market.quote,
      status: 'Normal',
      minNotional: notional(market, 5),
      maxNotional: notional(market, 2_000_000),
      marginTradable: false,
      commissionType: 'Quote',
      commissionReserveRate: '0.001',
      tickSize: step(market.tick.decimals),
      lotSize: step(market.lot.decimals),
    })),
  )
}

/** `GET /api/pro/v1/cash/products` (`statusCode`, not `status`; ccxt merges it over v1/products). */
export function cashProducts(_request: RestRequest, context: ExchangeContext): RestReply {
  return ok(
    spotMarkets(context).map(({ market, id }) => ({
      symbol: id,
      displayName: id,
      domain: market.quote,
      tradingStartTime: 1_569_506_400_000,
      collapseDecimals: [1, 0.1, 0.01].map((value) => fixed(value, 2)).join(','),
      minQty: step(market.lot.decimals),
      maxQty: '1000000000',
      minNotional: notional(market, 5),
      maxNotional: notional(market, 2_000_000),
      statusCode: 'Normal',
      statusMessage: '',
      tickSize: step(market.tick.decimals),
      useTick: false,
      lotSize: step(market.lot.decimals),
      useLot: false,
      commissionType: 'Quote',
      commissionReserveRate: '0.001',
      qtyScale: market.lot.decimals,
      priceScale: market.tick.decimals,
      notionalScale: Math.min(market.quoteDecimals, 8),
    })),
  )
}

/** `GET /api/pro/v2/futures/contract`: every contract's `underlying` holds a `/` (ccxt splits it). */
export function futuresContracts(_request: RestRequest, context: ExchangeContext): RestReply {
  return ok(
    perpetuals(context).map((market) => ({
      symbol: `${market.base}-PERP`,
      status: 'Normal',
      displayName: `${market.base}${market.quote}`,
      settlementAsset: market.quote,
      underlying: `${market.base}/${market.quote}`,
      tradingStartTime: 1_579_701_600_000,
      priceFilter: { minPrice: step(market.tick.decimals), maxPrice: '1000000', tickSize: step(market.tick.decimals) },
      lotSizeFilter: { minQty: step(market.lot.decimals), maxQty: '1000000000', lotSize: step(market.lot.decimals) },
      commissionType: 'Quote',
      commissionReserveRate: '0.001',
      marketOrderPriceMarkup: '0.03',
      marginRequirements: [{ positionNotionalLowerBound: '0', positionNotionalUpperBound: '50000', initialMarginRate: '0.01', maintenanceMarginRate: '0.006' }],
    })),
  )
}

/** Every asset of the engine's markets, with the lot decimals of the market that first lists it as base. */
function assets(context: ExchangeContext): Array<{ code: string; scale: number }> {
  const scales = new Map<string, number>()
  for (const market of context.engine.markets) {
    if (!scales.has(market.base) || market.kind === 'spot') scales.set(market.base, market.lot.decimals)
    if (!scales.has(market.quote)) scales.set(market.quote, Math.min(market.quoteDecimals, 8))
  }
  return [...scales].map(([code, scale]) => ({ code, scale }))
}

/** `GET /api/pro/v2/assets` (§4.4). */
export function assetsV2(_request: RestRequest, context: ExchangeContext): RestReply {
  return ok(assets(context).map(({ code, scale }) => ({ assetCode: code, assetName: code, precisionScale: 9, nativeScale: scale, blockChain: [] })))
}

/** `GET /api/pro/v1/assets` (older ccxt releases' fetchCurrencies). */
export function assetsV1(_request: RestRequest, context: ExchangeContext): RestReply {
  return ok(
    assets(context).map(({ code, scale }) => ({ assetCode: code, assetName: code, precisionScale: 9, nativeScale: scale, withdrawalFee: '0', minWithdrawalAmt: '0', status: 'Normal' })),
  )
}

/** `GET /api/pro/v1/cash/assets`. */
export function cashAssets(_request: RestRequest, context: ExchangeContext): RestReply {
  return ok(
    assets(context).map(({ code, scale }) => ({ assetCode: code, nativeScale: scale, numConfirmations: 20, withdrawFee: '0', minWithdrawalAmt: '0', statusCode: 'Normal', statusMessage: '' })),
  )
}

/** `GET /api/pro/v1/margin/assets`: no margin in the mock (unverified whether an empty list is what a margin-less listing answers). */
export function marginAssets(): RestReply {
  return ok([])
}

/** `GET /api/pro/v1/exchange-info?requestTime=<ms>` (§4.4, ccxt's fetchTime reads `requestReceiveAt`). */
export function exchangeInfo(request: RestRequest, context: ExchangeContext): RestReply {
  const now = context.now()
  const echo = Number(request.query.get('requestTime'))
  const requestTimeEcho = Number.isSafeInteger(echo) && echo > 0 ? echo : now
  return ok({ requestTimeEcho, requestReceiveAt: now, latency: now - requestTimeEcho })
}
