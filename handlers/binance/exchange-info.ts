import { fromUnits, type Market } from '../../src/engine/market.js'
import type { ExchangeContext, ListedMarket, RestReply, RestRequest } from '../../src/exchange/types.js'
import { badCombination, BinanceError, illegalCharacters, invalidSymbol } from './errors.js'
import { decimal, perpNumbers, spotNumbers, timeUnitOf } from './format.js'
import { Params, SYMBOL, SYMBOL_RANGE } from './params.js'

/** The real budgets, as exchangeInfo lists them (§1.6, §2.6). */
export const SPOT_WEIGHT_PER_MINUTE = 6000
export const PERP_WEIGHT_PER_MINUTE = 2400

const SPOT_RATE_LIMITS = [
  { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: SPOT_WEIGHT_PER_MINUTE },
  { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
  { rateLimitType: 'ORDERS', interval: 'DAY', intervalNum: 1, limit: 200000 },
  { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61000 },
]
const FAPI_RATE_LIMITS = [
  { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: PERP_WEIGHT_PER_MINUTE },
  { rateLimitType: 'ORDERS', interval: 'MINUTE', intervalNum: 1, limit: 1200 },
  { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 300 },
]
const DAPI_RATE_LIMITS = [
  { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 2400 },
  { rateLimitType: 'ORDERS', interval: 'MINUTE', intervalNum: 1, limit: 1200 },
]

/** A perpetual that never delivers (§2.3); ccxt reads it as a swap. */
export const PERPETUAL_DELIVERY_DATE = 4133404800000
/** Listing date of every mock perpetual: BTCUSDT's real one (2019-09-25). Our choice; ccxt keeps it as `created`. */
export const ONBOARD_DATE = 1569398400000

const USD_QUOTES = new Set(['USDT', 'USDC', 'FDUSD', 'BUSD', 'TUSD', 'USD', 'DAI'])
const SYMBOLS_RANGE = '^\\[("[A-Z0-9-_.]{1,20}"(,"[A-Z0-9-_.]{1,20}"){0,}){0,1}\\]$'
const SYMBOLS = /^\[("[A-Z0-9\-_.]{1,20}"(,"[A-Z0-9\-_.]{1,20}")*)?\]$/
const STATUSES = new Set(['TRADING', 'HALT', 'BREAK'])

/** A round maximum above every price (or quantity) the market will see, on its step. */
function roundMaximum(typical: number, step: Market['tick']): number {
  const target = 10 ** Math.ceil(Math.log10(typical * 10))
  return fromUnits(Math.max(1, Math.ceil(target / fromUnits(1, step))), step)
}

function spotSymbol(listed: ListedMarket, showPermissionSets: boolean) {
  const { market } = listed
  const n = spotNumbers(market)
  const usd = USD_QUOTES.has(market.quote)
  const maxQty = roundMaximum(market.dailyVolume / 20, market.lot)
  return {
    symbol: listed.id,
    status: 'TRADING',
    baseAsset: market.base,
    baseAssetPrecision: n.quantityDecimals,
    quoteAsset: market.quote,
    quotePrecision: n.priceDecimals,
    quoteAssetPrecision: n.priceDecimals,
    baseCommissionPrecision: n.quantityDecimals,
    quoteCommissionPrecision: n.priceDecimals,
    orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT', 'TAKE_PROFIT_LIMIT'],
    icebergAllowed: true,
    ocoAllowed: true,
    otoAllowed: true,
    quoteOrderQtyMarketAllowed: true,
    allowTrailingStop: true,
    cancelReplaceAllowed: true,
    amendAllowed: true,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: false,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: n.price(market.tickSize), maxPrice: n.price(roundMaximum(market.price, market.tick)), tickSize: n.price(market.tickSize) },
      { filterType: 'LOT_SIZE', minQty: n.quantity(market.lotSize), maxQty: n.quantity(maxQty), stepSize: n.quantity(market.lotSize) },
      { filterType: 'ICEBERG_PARTS', limit: 10 },
      { filterType: 'MARKET_LOT_SIZE', minQty: n.quantity(0), maxQty: n.quantity(maxQty), stepSize: n.quantity(0) },
      { filterType: 'TRAILING_DELTA', minTrailingAboveDelta: 10, maxTrailingAboveDelta: 2000, minTrailingBelowDelta: 10, maxTrailingBelowDelta: 2000 },
      { filterType: 'NOTIONAL', minNotional: decimal(usd ? 5 : 0.0001, 4, 8), applyMinToMarket: true, maxNotional: decimal(9000000, 0, 8), applyMaxToMarket: false, avgPriceMins: 5 },
      { filterType: 'MAX_NUM_ORDERS', maxNumOrders: 200 },
      { filterType: 'MAX_NUM_ALGO_ORDERS', maxNumAlgoOrders: 5 },
    ],
    // ccxt reads `permissions` only to mark TRD_GRP_003 inactive; Binance now sends it empty and fills permissionSets.
    permissions: [],
    permissionSets: showPermissionSets ? [['SPOT']] : [],
    defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
    allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH', 'DECREMENT'],
  }
}

export function spotExchangeInfo(markets: readonly ListedMarket[], serverTime: number, showPermissionSets = true) {
  return {
    timezone: 'UTC',
    serverTime,
    rateLimits: SPOT_RATE_LIMITS,
    exchangeFilters: [],
    symbols: markets.map((listed) => spotSymbol(listed, showPermissionSets)),
  }
}

/**
 * GET /api/v3/exchangeInfo with its filters: `symbol`, `symbols` (a JSON array),
 * `permissions`, `showPermissionSets`, `symbolStatus`. An unknown symbol is -1121;
 * symbol with symbols, or symbolStatus with either, is -1128 (our reading of
 * "cannot be combined"; the code is unverified). `markets` is empty on the perp plugin.
 */
export function spotExchangeInfoReply(request: RestRequest, context: ExchangeContext, markets: readonly ListedMarket[]): RestReply {
  const params = new Params(request.query)
  const symbol = params.optional('symbol')
  const symbols = params.optional('symbols')
  const permissions = params.optional('permissions')
  const show = params.optional('showPermissionSets')
  const status = params.optional('symbolStatus')
  params.finish()
  if ((symbol !== undefined && symbols !== undefined) || (status !== undefined && (symbol !== undefined || symbols !== undefined))) throw badCombination()
  if (status !== undefined && !STATUSES.has(status)) throw new BinanceError(-1122, 'Invalid symbolStatus.')
  let selected = markets
  if (symbol !== undefined) selected = [lookup(markets, symbol, 'symbol')]
  if (symbols !== undefined) {
    if (!SYMBOLS.test(symbols)) throw illegalCharacters('symbols', SYMBOLS_RANGE)
    const ids = JSON.parse(symbols) as string[]
    if (ids.length > 0) selected = ids.map((id) => lookup(markets, id, 'symbols'))
  }
  // Every mock market trades and holds only the SPOT permission.
  if (status !== undefined && status !== 'TRADING') selected = []
  if (permissions !== undefined && !permissions.includes('SPOT')) selected = []
  const unit = timeUnitOf(request.headers.get('X-MBX-TIME-UNIT'))
  return { status: 200, body: spotExchangeInfo(selected, unit.time(context.now()), show !== 'false') }
}

function lookup(markets: readonly ListedMarket[], id: string, name: string): ListedMarket {
  if (!SYMBOL.test(id)) throw illegalCharacters(name, SYMBOL_RANGE)
  const listed = markets.find((m) => m.id === id)
  if (!listed) throw invalidSymbol()
  return listed
}

/** fapi prints filter numbers with the contract's precision, and round maxima without decimals (§2.4). */
function plain(value: number): string {
  return decimal(value, Number.isInteger(value) ? 0 : 8).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '')
}

function perpSymbol(listed: ListedMarket) {
  const { market } = listed
  const n = perpNumbers(market)
  const maxQty = roundMaximum(market.dailyVolume / 20, market.lot)
  return {
    symbol: listed.id,
    pair: listed.id,
    contractType: 'PERPETUAL',
    deliveryDate: PERPETUAL_DELIVERY_DATE,
    onboardDate: ONBOARD_DATE,
    status: 'TRADING',
    maintMarginPercent: '2.5000',
    requiredMarginPercent: '5.0000',
    baseAsset: market.base,
    quoteAsset: market.quote,
    marginAsset: market.quote,
    pricePrecision: n.priceDecimals,
    quantityPrecision: n.quantityDecimals,
    baseAssetPrecision: 8,
    quotePrecision: 8,
    underlyingType: 'COIN',
    underlyingSubType: [],
    triggerProtect: '0.0500',
    liquidationFee: '0.012500',
    marketTakeBound: '0.05',
    maxMoveOrderLimit: 10000,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: n.price(market.tickSize), maxPrice: plain(roundMaximum(market.price, market.tick)), tickSize: n.price(market.tickSize) },
      { filterType: 'LOT_SIZE', minQty: n.quantity(market.lotSize), maxQty: plain(maxQty), stepSize: n.quantity(market.lotSize) },
      { filterType: 'MARKET_LOT_SIZE', minQty: n.quantity(market.lotSize), maxQty: plain(maxQty), stepSize: n.quantity(market.lotSize) },
      { filterType: 'MAX_NUM_ORDERS', limit: 200 },
      { filterType: 'MAX_NUM_ALGO_ORDERS', limit: 10 },
      { filterType: 'MIN_NOTIONAL', notional: USD_QUOTES.has(market.quote) ? '5' : '0.0001' },
      { filterType: 'PERCENT_PRICE', multiplierUp: '1.0500', multiplierDown: '0.9500', multiplierDecimal: '4' },
    ],
    orderTypes: ['LIMIT', 'MARKET', 'STOP', 'STOP_MARKET', 'TAKE_PROFIT', 'TAKE_PROFIT_MARKET', 'TRAILING_STOP_MARKET'],
    timeInForce: ['GTC', 'IOC', 'FOK', 'GTX', 'GTD'],
    permissionSet: ['GRID', 'COPY'],
  }
}

/** GET /fapi/v1/exchangeInfo (§2.4); takes no parameters. `markets` is empty on the spot plugin. */
export function fapiExchangeInfo(markets: readonly ListedMarket[], serverTime: number) {
  const margins = [...new Set(markets.map((listed) => listed.market.quote))]
  return {
    timezone: 'UTC',
    serverTime,
    futuresType: 'U_MARGINED',
    rateLimits: FAPI_RATE_LIMITS,
    exchangeFilters: [],
    assets: margins.map((asset) => ({ asset, marginAvailable: true, autoAssetExchange: USD_QUOTES.has(asset) ? '-10000' : '0' })),
    symbols: markets.map(perpSymbol),
  }
}

/** GET /dapi/v1/exchangeInfo, always without symbols: COIN-M is not simulated, but ccxt.binance must load it (§1.4). */
export function dapiExchangeInfo(serverTime: number) {
  return { timezone: 'UTC', serverTime, rateLimits: DAPI_RATE_LIMITS, exchangeFilters: [], symbols: [] }
}

