import { ExchangeType, type ExchangePlugin, type RateLimitRules } from '../../src/exchange/types.js'
import { candlesReply } from './candles.js'
import { cryptoCurrenciesReply, exchangeRatesReply, fiatCurrenciesReply, v2TimeReply, v3TimeReply } from './currencies.js'
import { nativeErrors } from './errors.js'
import { REST_ORIGINS, WS_ORIGINS } from './hosts.js'
import { productReply, productsReply } from './products.js'
import { coinbaseRoute } from './routes.js'
import { advancedTradeStreams } from './stream.js'

const NAME = 'Coinbase Advanced Trade'

/**
 * §1.7: public REST is limited to 10 requests a second per IP (ccxt's costs say the
 * same), in clock-second windows here; no usage headers, no bans. The v2 endpoints
 * share this budget in the mock (Coinbase counts them apart: the core has one budget per
 * plugin). WebSocket: 8 unauthenticated messages a second per IP.
 */
const LIMITS: RateLimitRules = {
  windowMs: 1000,
  limit: 10,
  usageHeaders: () => ({}),
  wsMessagesPerSecond: 8,
}

/**
 * Coinbase Advanced Trade public market data (wire-formats §1): candles, products and
 * time under /api/v3/brokerage/market/… (and their authenticated mirrors, 401 without a
 * Bearer token), the v2 currencies, exchange rates and time that ccxt loads, and the
 * market-data WebSocket with its 5-minute candles and heartbeats.
 */
export const coinbaseAdvancedTrade: ExchangePlugin = {
  type: ExchangeType.COINBASE_ADVANCED_TRADE,
  name: NAME,
  kind: 'spot',
  restOrigins: REST_ORIGINS,
  wsOrigins: WS_ORIGINS,
  marketId: (market) => `${market.base}-${market.quote}`,
  routes: [
    coinbaseRoute({ path: '/api/v3/brokerage/market/products/{product_id}/candles', name: 'candles', handle: (request, context, id) => candlesReply(id, request, context) }),
    coinbaseRoute({ path: '/api/v3/brokerage/market/products/{product_id}', name: 'product', handle: (request, context, id) => productReply(id, request, context) }),
    coinbaseRoute({ path: '/api/v3/brokerage/market/products', name: 'products', handle: (request, context) => productsReply(request, context) }),
    coinbaseRoute({ path: '/api/v3/brokerage/time', name: 'time', handle: (_, context) => v3TimeReply(context) }),
    coinbaseRoute({
      path: '/api/v3/brokerage/products/{product_id}/candles',
      name: 'privateCandles',
      authenticated: true,
      handle: (request, context, id) => candlesReply(id, request, context),
    }),
    coinbaseRoute({ path: '/api/v3/brokerage/products/{product_id}', name: 'privateProduct', authenticated: true, handle: (request, context, id) => productReply(id, request, context) }),
    coinbaseRoute({ path: '/api/v3/brokerage/products', name: 'privateProducts', authenticated: true, handle: (request, context) => productsReply(request, context) }),
    coinbaseRoute({ path: '/v2/currencies', name: 'currencies', handle: () => fiatCurrenciesReply() }),
    coinbaseRoute({ path: '/v2/currencies/crypto', name: 'cryptoCurrencies', handle: (_, context) => cryptoCurrenciesReply(context) }),
    coinbaseRoute({ path: '/v2/exchange-rates', name: 'exchangeRates', handle: (request, context) => exchangeRatesReply(request, context) }),
    coinbaseRoute({ path: '/v2/time', name: 'v2Time', handle: (_, context) => v2TimeReply(context) }),
  ],
  errors: nativeErrors(NAME),
  limits: LIMITS,
  ws: advancedTradeStreams({
    subscribeWithinMs: 5_000,
    idleCloseMs: 60_000,
    idleCheckMs: 15_000,
    candleCadenceMs: 1_000,
    heartbeatMs: 1_000,
    messagesPerSecond: LIMITS.wsMessagesPerSecond ?? 8,
    timeoutCloseCode: 1006,
  }),
}
