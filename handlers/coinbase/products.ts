import type { IntervalInput } from '../../src/engine/interval.js'
import { DAY } from '../../src/engine/time.js'
import type { ExchangeContext, ListedMarket, RestReply, RestRequest } from '../../src/exchange/types.js'
import { assetName, isDollar } from './assets.js'
import { unknownProduct } from './errors.js'
import { plainNumber, stepText, trimmed } from './format.js'
import { Query } from './params.js'

const PRODUCT_TYPES = ['UNKNOWN_PRODUCT_TYPE', 'SPOT', 'FUTURE'] as const
const CONTRACT_EXPIRY_TYPES = ['UNKNOWN_CONTRACT_EXPIRY_TYPE', 'EXPIRING', 'PERPETUAL'] as const
const EXPIRING_CONTRACT_STATUSES = ['UNKNOWN_EXPIRING_CONTRACT_STATUS', 'STATUS_UNEXPIRED', 'STATUS_EXPIRED', 'STATUS_ALL'] as const

/** Listing date of every mock product (a fixed choice; Coinbase's is per product). */
const NEW_AT = '2023-01-01T00:00:00Z'

/** A round maximum above what the market will see: the next power of ten of a fifth of a day's volume. */
function roundMaximum(typical: number): string {
  return String(10 ** Math.max(0, Math.ceil(Math.log10(Math.max(typical, 1)))))
}

/** The 24 h that end at `end` (a whole second) as one engine candle: a day-long span aligned on `end`. */
function dayEndingAt(context: ExchangeContext, listed: ListedMarket, end: number) {
  const interval: IntervalInput = { kind: 'fixed', name: '24h', ms: DAY, offset: ((end % DAY) + DAY) % DAY }
  return context.candles(listed, interval, end - DAY, end - DAY + 1)[0]
}

/**
 * One SPOT product with the fields ccxt reads (§1.5) among the ~50 a real one carries,
 * keys in the captured order. Live fields (price, 24 h change and volume) come from the
 * engine at the exchange's now; every market is online and tradable; no USDC aliases.
 */
export function spotProduct(listed: ListedMarket, context: ExchangeContext) {
  const { market } = listed
  const now = Math.floor(context.now() / 1000) * 1000
  const price = context.engine.priceAt(market.symbol, now)
  const today = dayEndingAt(context, listed, now)
  const yesterday = dayEndingAt(context, listed, now - DAY)
  const change = (from: number | undefined, to: number | undefined) => (from && to !== undefined ? plainNumber(((to - from) / from) * 100) : '0')
  const tick = stepText(market.tick)
  return {
    product_id: listed.id,
    price: trimmed(price, market.tick.decimals),
    price_percentage_change_24h: change(today?.open, price),
    volume_24h: trimmed(today?.volume ?? 0, market.lot.decimals),
    volume_percentage_change_24h: change(yesterday?.volume, today?.volume),
    base_increment: stepText(market.lot),
    quote_increment: tick,
    quote_min_size: isDollar(market.quote) ? '1' : tick,
    quote_max_size: roundMaximum(market.dailyVolume * market.price),
    base_min_size: stepText(market.lot),
    base_max_size: roundMaximum(market.dailyVolume / 5),
    base_name: assetName(market.base),
    quote_name: assetName(market.quote),
    watched: false,
    is_disabled: false,
    new: false,
    status: 'online',
    cancel_only: false,
    limit_only: false,
    post_only: false,
    trading_disabled: false,
    auction_mode: false,
    product_type: 'SPOT',
    quote_currency_id: market.quote,
    base_currency_id: market.base,
    fcm_trading_session_details: null,
    mid_market_price: '',
    alias: '',
    alias_to: [] as string[],
    base_display_symbol: market.base,
    quote_display_symbol: market.quote,
    view_only: false,
    price_increment: tick,
    display_name: listed.id,
    product_venue: 'CBE',
    approximate_quote_24h_volume: trimmed(today?.quoteVolume ?? 0, 2),
    new_at: NEW_AT,
    market_cap: '',
    base_cbrn: '',
    quote_cbrn: '',
    product_cbrn: '',
    icon_color: '',
    icon_url: '',
    display_name_overwrite: '',
    is_alpha_testing: false,
    about_description: '',
    best_bid_price: '',
    best_ask_price: '',
  }
}

/**
 * GET …/products (§1.1, §1.5). Honoured: product_type (no parameter means SPOT; FUTURE
 * lists nothing, as the mock has no futures, which ccxt's two FUTURE calls at
 * loadMarkets need), product_ids (repeated key), limit and offset. The other documented
 * parameters are read for their type only; unknown ones are ignored (grpc-gateway).
 * `num_products` counts the products in the answer and `pagination` is null, as in a
 * captured answer (both unverified for paged answers).
 */
export function productsReply(request: RestRequest, context: ExchangeContext): RestReply {
  const query = new Query(request.query)
  const type = query.enumName('product_type', PRODUCT_TYPES)
  const ids = query.strings('product_ids')
  const limit = query.int32('limit')
  const offset = query.int32('offset')
  query.enumName('contract_expiry_type', CONTRACT_EXPIRY_TYPES)
  query.enumName('expiring_contract_status', EXPIRING_CONTRACT_STATUSES)
  query.bool('get_all_products')
  query.bool('get_tradability_status')
  let listed = type === 'FUTURE' ? [] : [...context.markets]
  if (ids.length > 0) listed = listed.filter((m) => ids.includes(m.id))
  const from = Math.max(0, offset ?? 0)
  listed = listed.slice(from, limit !== undefined && limit > 0 ? from + limit : undefined)
  const products = listed.map((m) => spotProduct(m, context))
  return { status: 200, body: { products, num_products: products.length, pagination: null } }
}

/** GET …/products/{product_id}: the product itself, not wrapped; an unknown id is the captured 404 (§1.1). */
export function productReply(productId: string, request: RestRequest, context: ExchangeContext): RestReply {
  new Query(request.query).bool('get_tradability_status')
  const listed = context.marketById(productId)
  if (!listed) throw unknownProduct(productId)
  return { status: 200, body: spotProduct(listed, context) }
}
