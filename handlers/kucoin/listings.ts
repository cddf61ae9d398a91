import type { ExchangeContext, ListedMarket } from '../../src/exchange/types.js'
import { multiplierOf } from './candles.js'
import { priceText, quoteText, stepText, trimmed, volumeText } from './format.js'

const DAY = 86_400_000

/** KuCoin futures calls bitcoin XBT (§4.3). */
export const futuresCurrency = (code: string) => (code === 'BTC' ? 'XBT' : code)

/** §3.1 GET /api/v2/symbols: one entry per spot market, numbers as strings. */
export function spotSymbols(markets: readonly ListedMarket[]): unknown[] {
  return markets.map(({ market, id }) => ({
    symbol: id,
    name: id,
    baseCurrency: market.base,
    quoteCurrency: market.quote,
    feeCurrency: market.quote,
    market: market.quote === 'USDT' || market.quote === 'USDC' ? 'USDS' : market.quote,
    baseMinSize: stepText(market.lot),
    quoteMinSize: '0.1',
    baseMaxSize: '10000000000',
    quoteMaxSize: '99999999',
    baseIncrement: stepText(market.lot),
    quoteIncrement: trimmed(10 ** -market.quoteDecimals, market.quoteDecimals),
    priceIncrement: stepText(market.tick),
    priceLimitRate: '0.1',
    minFunds: '0.1',
    isMarginEnabled: false,
    enableTrading: true,
    feeCategory: 1,
    makerFeeCoefficient: '1.00',
    takerFeeCoefficient: '1.00',
    st: false,
    callauctionIsEnabled: false,
    callauctionPriceFloor: null,
    callauctionPriceCeiling: null,
    callauctionFirstStageStartTime: null,
    callauctionSecondStageStartTime: null,
    callauctionThirdStageStartTime: null,
    tradingStartTime: null,
  }))
}

/** §3.1 GET /api/v1/market/allTickers: the last 24 h of each market, from the engine. */
export function allTickers(context: ExchangeContext, markets: readonly ListedMarket[]): unknown {
  const now = context.now()
  return {
    time: now,
    ticker: markets.map((listed) => {
      const { market, id } = listed
      const day = context.engine.candles(market.symbol, '1h', { start: now - DAY, end: now + 1, now })
      const open = day[0]?.open ?? market.price
      const last = day.at(-1)?.close ?? market.price
      const high = Math.max(...day.map((c) => c.high), last)
      const low = Math.min(...day.map((c) => c.low), last)
      const vol = day.reduce((sum, c) => sum + c.volume, 0)
      const volValue = day.reduce((sum, c) => sum + c.quoteVolume, 0)
      const tick = market.tickSize
      return {
        symbol: id,
        symbolName: id,
        buy: priceText(market, last - tick > 0 ? last - tick : last),
        bestBidSize: volumeText(market, market.lotSize),
        sell: priceText(market, last),
        bestAskSize: volumeText(market, market.lotSize),
        changeRate: trimmed((last - open) / open, 4),
        changePrice: priceText(market, last - open),
        high: priceText(market, high),
        low: priceText(market, low),
        vol: volumeText(market, vol),
        volValue: quoteText(market, volValue),
        last: priceText(market, last),
        averagePrice: priceText(market, (open + last) / 2),
        takerFeeRate: '0.001',
        makerFeeRate: '0.001',
        takerCoefficient: '1',
        makerCoefficient: '1',
      }
    }),
  }
}

/** §3.1 GET /api/v3/currencies: every currency of the listed markets (spot names: BTC, not XBT). */
export function currencies(markets: readonly ListedMarket[]): unknown[] {
  const seen = new Map<string, number>()
  for (const { market } of markets) {
    if (!seen.has(market.base)) seen.set(market.base, market.lot.decimals)
    if (!seen.has(market.quote)) seen.set(market.quote, Math.max(market.tick.decimals, 2))
  }
  return [...seen].map(([code, precision]) => ({
    currency: code,
    name: code,
    fullName: code,
    precision,
    confirms: null,
    contractAddress: null,
    isMarginEnabled: false,
    isDebitEnabled: false,
    chains: [
      {
        chainName: code,
        withdrawalMinSize: '0.001',
        depositMinSize: null,
        withdrawFeeRate: '0',
        withdrawalMinFee: '0.0005',
        isWithdrawEnabled: true,
        isDepositEnabled: true,
        confirms: 1,
        preConfirms: 1,
        contractAddress: '',
        withdrawPrecision: precision,
        maxWithdraw: null,
        maxDeposit: null,
        needTag: false,
        chainId: code.toLowerCase(),
      },
    ],
  }))
}

/** §4.2 GET /api/v1/contracts/active: USDT-margined linear perpetuals (`nextFundingRateTime` makes ccxt call them swaps). */
export function activeContracts(context: ExchangeContext, markets: readonly ListedMarket[]): unknown[] {
  const now = context.now()
  const EIGHT_HOURS = 8 * 3_600_000
  return markets.map((listed) => {
    const { market, id } = listed
    const price = context.engine.candleAt(market.symbol, '1m', now).close
    const day = context.engine.candles(market.symbol, '1h', { start: now - DAY, end: now + 1, now })
    return {
      symbol: id,
      rootSymbol: market.quote,
      type: 'FFWCSX',
      firstOpenDate: 1585555200000,
      expireDate: null,
      settleDate: null,
      baseCurrency: futuresCurrency(market.base),
      quoteCurrency: market.quote,
      settleCurrency: market.quote,
      maxOrderQty: 1000000,
      maxPrice: 1000000,
      lotSize: 1,
      tickSize: market.tickSize,
      indexPriceTickSize: market.tickSize,
      multiplier: multiplierOf(listed),
      initialMargin: 0.008,
      maintainMargin: 0.004,
      maxRiskLimit: 100000,
      minRiskLimit: 100000,
      riskStep: 50000,
      makerFeeRate: 0.0002,
      takerFeeRate: 0.0006,
      takerFixFee: 0,
      makerFixFee: 0,
      settlementFee: null,
      isDeleverage: true,
      isQuanto: false,
      isInverse: false,
      markMethod: 'FairPrice',
      fairMethod: 'FundingRate',
      fundingBaseSymbol: `.${futuresCurrency(market.base)}INT8H`,
      fundingQuoteSymbol: `.${market.quote}INT8H`,
      fundingRateSymbol: `.${id}FPI8H`,
      indexSymbol: `.K${futuresCurrency(market.base)}${market.quote}`,
      settlementSymbol: '',
      status: 'Open',
      fundingFeeRate: 0.0001,
      predictedFundingFeeRate: 0.0001,
      fundingRateGranularity: EIGHT_HOURS,
      openInterest: '0',
      turnoverOf24h: day.reduce((sum, c) => sum + c.quoteVolume, 0),
      volumeOf24h: day.reduce((sum, c) => sum + c.volume, 0),
      markPrice: price,
      indexPrice: price,
      lastTradePrice: price,
      nextFundingRateTime: EIGHT_HOURS - (now % EIGHT_HOURS),
      maxLeverage: 125,
      sourceExchanges: ['binance', 'okex', 'gateio', 'bitmart', 'bitget'],
      premiumsSymbol1M: `.${id}PI`,
      premiumsSymbol8H: `.${id}PI8H`,
      fundingBaseSymbol1M: `.${futuresCurrency(market.base)}INT`,
      fundingQuoteSymbol1M: `.${market.quote}INT`,
      lowPrice: Math.min(...day.map((c) => c.low), price),
      highPrice: Math.max(...day.map((c) => c.high), price),
      priceChgPct: 0,
      priceChg: 0,
      k: 490,
      m: 300,
      f: 1.3,
      mmrLimit: 0.3,
      mmrLevConstant: 125,
      supportCross: true,
      buyLimit: price * 1.02,
      sellLimit: price * 0.98,
    }
  })
}
