import { ExchangeType, type ExchangePlugin } from '../../src/exchange/types.js'
import { candlesticksReply, type CandlesticksRules } from './candlesticks.js'
import { nativeErrors } from './errors.js'
import { API_ORIGINS, FUTURES_API_ORIGINS, FUTURES_WS_ORIGINS } from './hosts.js'
import { FUTURES_INTERVALS } from './intervals.js'
import { contracts, emptyList, serverTime } from './listings.js'
import { GATE_LIMITS, gateRoute, REQUESTS_PER_WINDOW, usageHeaders, type RouteSpec } from './routes.js'
import { FUTURES_STREAM, gateStreams } from './stream.js'

const NAME = 'Gate USDT Perpetual'

export const FUTURES_CANDLESTICKS: CandlesticksRules = { kind: 'futures', intervals: FUTURES_INTERVALS, defaultInterval: '5m', maxPoints: 2000 }

const route = (spec: RouteSpec) => gateRoute(NAME, spec)

/**
 * Gate USDT-settled perpetuals (facts §6): contracts `BTC_USDT`, settle usdt. The spot,
 * margin and options lists ccxt.gate loads are answered as stand-ins (`[]`; the spot
 * clock too) when no Gate spot plugin is in the mock.
 */
export const gatePerpetual: ExchangePlugin = {
  type: ExchangeType.GATE_IO_PERPETUAL,
  name: NAME,
  kind: 'perpetual',
  restOrigins: [...API_ORIGINS, ...FUTURES_API_ORIGINS],
  wsOrigins: FUTURES_WS_ORIGINS,
  marketId: (market) => `${market.base}_${market.quote}`,
  routes: [
    route({ path: '/api/v4/futures/usdt/candlesticks', name: 'candlesticks', family: 'futures', handle: (request, context) => candlesticksReply(request, context, FUTURES_CANDLESTICKS) }),
    route({ path: '/api/v4/futures/usdt/contracts', name: 'futures_usdt_contracts', family: 'futures', handle: (_, context) => contracts(context, context.markets) }),
    route({ path: '/api/v4/futures/btc/contracts', name: 'futures_btc_contracts', family: 'futures', handle: emptyList }),
    route({ path: '/api/v4/delivery/usdt/contracts', name: 'delivery_usdt_contracts', family: 'futures', handle: emptyList }),
    route({ path: '/api/v4/spot/time', name: 'time', family: 'api', fallback: true, handle: (_, context) => serverTime(context) }),
    route({ path: '/api/v4/spot/currencies', name: 'currencies', family: 'api', fallback: true, handle: emptyList }),
    route({ path: '/api/v4/spot/currency_pairs', name: 'currency_pairs', family: 'api', fallback: true, handle: emptyList }),
    route({ path: '/api/v4/margin/currency_pairs', name: 'margin_currency_pairs', family: 'api', fallback: true, handle: emptyList }),
    route({ path: '/api/v4/options/underlyings', name: 'options_underlyings', family: 'api', fallback: true, handle: emptyList }),
  ],
  errors: nativeErrors(NAME, usageHeaders, REQUESTS_PER_WINDOW),
  limits: GATE_LIMITS,
  ws: gateStreams(FUTURES_STREAM),
}
