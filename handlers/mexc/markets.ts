import type { ExchangeContext, ListedMarket, RestReply, RestRequest } from '../../src/exchange/types.js'
import { answer, contractMissing, invalidSymbol } from './errors.js'
import { plain } from './format.js'

/** `GET /api/v3/exchangeInfo[?symbol=X|symbols=A,B]` (§1.4): the fields ccxt parses; `status` the string "1". */
export function exchangeInfoReply(request: RestRequest, context: ExchangeContext, listed: readonly ListedMarket[]): RestReply {
  return answer(() => {
    const one = request.query.get('symbol')
    const many = request.query.get('symbols')
    let markets = listed
    if (one || many) {
      const wanted = (one ? [one] : (many ?? '').split(',')).map((id) => id.trim())
      markets = listed.filter((l) => wanted.includes(l.id))
      if (markets.length === 0) throw invalidSymbol()
    }
    return {
      status: 200,
      body: { timezone: 'CST', serverTime: context.now(), rateLimits: [], exchangeFilters: [], symbols: markets.map(spotSymbol) },
    }
  })
}

function spotSymbol({ market, id }: ListedMarket) {
  return {
    symbol: id,
    status: '1',
    baseAsset: market.base,
    baseAssetPrecision: market.lot.decimals,
    quoteAsset: market.quote,
    quotePrecision: market.tick.decimals,
    quoteAssetPrecision: market.tick.decimals,
    baseCommissionPrecision: market.lot.decimals,
    quoteCommissionPrecision: market.tick.decimals,
    orderTypes: ['LIMIT', 'MARKET', 'LIMIT_MAKER'],
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: false,
    quoteAmountPrecision: '1',
    baseSizePrecision: plain(market.lotSize, market.lot.decimals),
    permissions: ['SPOT'],
    filters: [],
    maxQuoteAmount: '2000000',
    makerCommission: '0',
    takerCommission: '0.0005',
    quoteAmountPrecisionMarket: '1',
    maxQuoteAmountMarket: '100000',
    fullName: market.base,
    tradeSideType: 1,
  }
}

/** `GET /api/v1/contract/detail[?symbol=X]` (§2.4): a list without symbol, one object with it (current docs). */
export function contractDetailReply(request: RestRequest, context: ExchangeContext, listed: readonly ListedMarket[]): RestReply {
  return answer(() => {
    const symbol = request.query.get('symbol')
    if (symbol) {
      const found = listed.find((l) => l.id === symbol.toUpperCase())
      if (!found) throw contractMissing()
      return { status: 200, body: { success: true, code: 0, data: contract(found) } }
    }
    return { status: 200, body: { success: true, code: 0, data: listed.map(contract) } }
  })
}

/** One contract; `contractSize` is the market's lot, so `vol` counts lots (our choice). */
function contract({ market, id }: ListedMarket) {
  return {
    symbol: id,
    displayName: `${market.base}_${market.quote}永续`,
    displayNameEn: `${market.base}_${market.quote} PERPETUAL`,
    positionOpenType: 3,
    baseCoin: market.base,
    quoteCoin: market.quote,
    settleCoin: market.quote,
    contractSize: market.lotSize,
    minLeverage: 1,
    maxLeverage: 500,
    priceScale: market.tick.decimals,
    volScale: 0,
    amountScale: market.quoteDecimals,
    priceUnit: market.tickSize,
    volUnit: 1,
    minVol: 1,
    maxVol: 1_000_000,
    bidLimitPriceRate: 0.1,
    askLimitPriceRate: 0.1,
    takerFeeRate: 0.0004,
    makerFeeRate: 0.0001,
    maintenanceMarginRate: 0.004,
    initialMarginRate: 0.002,
    state: 0,
    isNew: false,
    isHot: true,
    isHidden: false,
    futureType: 1,
    apiAllowed: false,
  }
}
