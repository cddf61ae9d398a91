import { ExchangeType, type ExchangePlugin } from '../../src/exchange/types.js'
import type { CandlesticksRules } from './candlesticks.js'
import { candlesticksReply } from './candlesticks.js'
import { nativeErrors } from './errors.js'
import { API_ORIGINS, SPOT_WS_ORIGINS } from './hosts.js'
import { SPOT_INTERVALS } from './intervals.js'
import { currencies, currencyPairs, emptyList, serverTime } from './listings.js'
import { GATE_LIMITS, gateRoute, REQUESTS_PER_WINDOW, usageHeaders, type RouteSpec } from './routes.js'
import { gateStreams, SPOT_STREAM } from './stream.js'

const NAME = 'Gate Spot'

export const SPOT_CANDLESTICKS: CandlesticksRules = { kind: 'spot', intervals: SPOT_INTERVALS, defaultInterval: '30m', maxPoints: 1000 }

const route = (spec: RouteSpec) => gateRoute(NAME, spec)

/**
 * Gate spot (facts §5): pairs `BTC_USDT`. Besides its own paths it answers the futures,
 * delivery and options lists with `[]` as a stand-in, because ccxt.gate loads them all
 * at loadMarkets and fails if one fails (facts §0.2). Margin is not simulated: `[]`.
 */
export const gateSpot: ExchangePlugin = {
  type: ExchangeType.GATE_IO_SPOT,
  name: NAME,
  kind: 'spot',
  restOrigins: API_ORIGINS,
  wsOrigins: SPOT_WS_ORIGINS,
  marketId: (market) => `${market.base}_${market.quote}`,
  routes: [
    route({ path: '/api/v4/spot/candlesticks', name: 'candlesticks', family: 'api', handle: (request, context) => candlesticksReply(request, context, SPOT_CANDLESTICKS) }),
    route({ path: '/api/v4/spot/time', name: 'time', family: 'api', handle: (_, context) => serverTime(context) }),
    route({ path: '/api/v4/spot/currencies', name: 'currencies', family: 'api', handle: (_, context) => currencies(context.markets) }),
    route({ path: '/api/v4/spot/currency_pairs', name: 'currency_pairs', family: 'api', handle: (_, context) => currencyPairs(context.markets) }),
    route({ path: '/api/v4/margin/currency_pairs', name: 'margin_currency_pairs', family: 'api', handle: emptyList }),
    route({ path: '/api/v4/futures/usdt/contracts', name: 'futures_usdt_contracts', family: 'futures', fallback: true, handle: emptyList }),
    route({ path: '/api/v4/futures/btc/contracts', name: 'futures_btc_contracts', family: 'futures', fallback: true, handle: emptyList }),
    route({ path: '/api/v4/delivery/usdt/contracts', name: 'delivery_usdt_contracts', family: 'futures', fallback: true, handle: emptyList }),
    route({ path: '/api/v4/options/underlyings', name: 'options_underlyings', family: 'api', fallback: true, handle: emptyList }),
  ],
  errors: nativeErrors(NAME, usageHeaders, REQUESTS_PER_WINDOW),
  limits: GATE_LIMITS,
  ws: gateStreams(SPOT_STREAM),
}
