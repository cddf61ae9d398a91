import { fromUnits, type Decimal } from '../../src/engine/market.js'
import type { ExchangeContext, ListedMarket, RestReply, RestRequest } from '../../src/exchange/types.js'
import { listing, type Category } from './categories.js'
import { invalidCategory, invalidParameter, ok } from './envelope.js'
import { fixed, plain } from './format.js'
import { Query } from './params.js'

const CATEGORIES = new Set<Category>(['spot', 'linear', 'inverse', 'option'])
/** §4.4: rows per page of the derivatives categories; spot has no paging. */
const DEFAULT_PAGE = 500
const MAX_PAGE = 1000
/** Listing time of every mock perpetual: BTCUSDT's real one (2020-03-30). Our choice; ccxt keeps it as `created`. */
const LAUNCH_TIME = '1585526400000'
const USD_QUOTES = new Set(['USDT', 'USDC', 'USD'])

/** A round maximum above every price (or quantity) the market will see, on its step. */
function roundMaximum(typical: number, step: Decimal): number {
  const target = 10 ** Math.ceil(Math.log10(typical * 10))
  return fromUnits(Math.max(1, Math.ceil(target / fromUnits(1, step))), step)
}

/** §3.4: a spot row, keys in the order of Bybit's example. */
function spotRow(listed: ListedMarket, index: number) {
  const { market } = listed
  const maxQty = roundMaximum(market.dailyVolume / 20, market.lot)
  return {
    symbol: listed.id,
    symbolId: index + 1,
    baseCoin: market.base,
    quoteCoin: market.quote,
    innovation: '0',
    status: 'Trading',
    marginTrading: 'utaOnly',
    stTag: '0',
    lotSizeFilter: {
      basePrecision: plain(market.lotSize, market.lot.decimals),
      quotePrecision: plain(10 ** -market.quoteDecimals, market.quoteDecimals),
      minOrderQty: plain(market.lotSize, market.lot.decimals),
      maxOrderQty: plain(maxQty, market.lot.decimals),
      minOrderAmt: USD_QUOTES.has(market.quote) ? '5' : plain(market.tickSize, market.tick.decimals),
      maxOrderAmt: '8000000',
    },
    priceFilter: { tickSize: plain(market.tickSize, market.tick.decimals) },
    symbolType: '',
  }
}

/** §4.4: a linear perpetual row, keys in the order of Bybit's example; filters print the contract precision. */
function linearRow(listed: ListedMarket, index: number) {
  const { market } = listed
  const price = (value: number) => fixed(value, market.tick.decimals)
  const quantity = (value: number) => fixed(value, market.lot.decimals)
  const maxQty = roundMaximum(market.dailyVolume / 20, market.lot)
  return {
    symbol: listed.id,
    symbolId: index + 1,
    contractType: 'LinearPerpetual',
    status: 'Trading',
    baseCoin: market.base,
    quoteCoin: market.quote,
    launchTime: LAUNCH_TIME,
    deliveryTime: '0',
    deliveryFeeRate: '',
    priceScale: String(market.tick.decimals),
    leverageFilter: { minLeverage: '1', maxLeverage: '100.00', leverageStep: '0.01' },
    priceFilter: { minPrice: price(market.tickSize), maxPrice: price(roundMaximum(market.price, market.tick)), tickSize: price(market.tickSize) },
    lotSizeFilter: {
      maxOrderQty: quantity(maxQty),
      minOrderQty: quantity(market.lotSize),
      qtyStep: quantity(market.lotSize),
      postOnlyMaxOrderQty: quantity(maxQty * 10),
      maxMktOrderQty: quantity(roundMaximum(market.dailyVolume / 200, market.lot)),
      minNotionalValue: USD_QUOTES.has(market.quote) ? '5' : price(market.tickSize),
    },
    unifiedMarginTrade: true,
    fundingInterval: 480,
    settleCoin: market.quote,
    copyTrading: 'both',
    upperFundingRate: '0.00375',
    lowerFundingRate: '-0.00375',
    isPreListing: false,
    preListingInfo: null,
    symbolType: '',
  }
}

/**
 * GET /v5/market/instruments-info (§3.4, §4.4). ccxt asks for spot, for linear and
 * inverse (each also with status=PreLaunch) and for option with six base coins, and
 * fails its loadMarkets if one answer is not well formed, so every one is answered.
 * - `category` is required (10001 "params error: Category is invalid" otherwise).
 * - `symbol`, `status` and (derivatives) `baseCoin` filter; the mock's markets are all
 *   Trading, so any other status lists nothing; an unknown symbol lists nothing
 *   (unverified: Bybit may answer 10001).
 * - Derivatives page by `limit` (default 500, max 1000) and `cursor`; the last page has
 *   `nextPageCursor: ""`, which ends ccxt's paging. Spot ignores both (§3.4).
 */
export function instrumentsReply(request: RestRequest, context: ExchangeContext): RestReply {
  const query = new Query(request.query)
  const category = query.text('category') as Category | undefined
  if (category === undefined || !CATEGORIES.has(category)) throw invalidCategory()
  const symbol = query.text('symbol')
  const status = query.text('status')
  const baseCoin = category === 'spot' ? undefined : query.text('baseCoin')
  const rows = listing(context, category)
    .markets.map((listed, index) => ({ listed, index }))
    .filter(({ listed }) => (symbol === undefined || listed.id === symbol) && (status === undefined || status === 'Trading') && (baseCoin === undefined || listed.market.base === baseCoin))
  const time = context.now()
  if (category === 'spot') return ok({ category, list: rows.map(({ listed, index }) => spotRow(listed, index)) }, time)
  const limit = Math.min(query.positive('limit') ?? DEFAULT_PAGE, MAX_PAGE)
  const offset = readCursor(query.text('cursor'))
  const page = rows.slice(offset, offset + limit)
  const next = offset + limit < rows.length ? String(offset + limit) : ''
  return ok({ category, list: page.map(({ listed, index }) => linearRow(listed, index)), nextPageCursor: next }, time)
}

/** Our cursors are the offset of the next row (Bybit's are opaque). */
function readCursor(text: string | undefined): number {
  if (text === undefined) return 0
  if (!/^\d{1,9}$/.test(text)) throw invalidParameter('cursor')
  return Number(text)
}

