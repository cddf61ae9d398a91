import { ExchangeType, type ExchangePlugin, type RestRoute } from '../../src/exchange/types.js'
import { bulletPublicReply } from './bullet.js'
import { futuresKlinesReply } from './candles.js'
import { nativeErrors, ok } from './errors.js'
import { FUTURES_API_ORIGIN, FUTURES_WS_ORIGIN, SPOT_API_ORIGIN } from './hosts.js'
import { FUTURES_WS_TYPES } from './intervals.js'
import { activeContracts, currencies, futuresCurrency } from './listings.js'
import { kucoinRoute, LIMITS, type RouteSpec } from './routes.js'
import { futuresCandles, kucoinStream, type StreamRules } from './stream.js'

const NAME = 'KuCoin Futures'

/** §4.4, §7: futures push every second, `data.time` in ms. */
export const FUTURES_STREAM: StreamRules = {
  prefix: '/contractMarket/limitCandle:',
  subject: 'candle.stick',
  types: FUTURES_WS_TYPES,
  cadenceMs: 1000,
  onlyChanges: false,
  candles: futuresCandles,
  time: (now) => String(now),
}
const route = (spec: RouteSpec): RestRoute => kucoinRoute(NAME, spec)

/**
 * KuCoin Futures USDT-margined perpetuals (wire-formats §4): `XBTUSDTM` for BTC/USDT.
 * It answers the spot host's /api/v3/currencies as a fallback, because ccxt.kucoinfutures
 * loads it there, and the spot symbols and tickers (empty), which ccxt.kucoin loads (§0.2).
 */
export const kucoinPerpetual: ExchangePlugin = {
  type: ExchangeType.KUCOIN_PERPETUAL,
  name: NAME,
  kind: 'perpetual',
  restOrigins: [FUTURES_API_ORIGIN, SPOT_API_ORIGIN],
  wsOrigins: [FUTURES_WS_ORIGIN],
  marketId: (market) => `${futuresCurrency(market.base)}${market.quote}M`,
  routes: [
    route({ path: '/api/v1/kline/query', name: 'klineQuery', family: 'futures', weight: 3, handle: futuresKlinesReply }),
    route({ path: '/api/v1/timestamp', name: 'timestamp', family: 'both', weight: 2, handle: (_, context) => ok(context.now()) }),
    route({ path: '/api/v1/status', name: 'status', family: 'both', weight: 3, handle: () => ok({ status: 'open', msg: '' }) }),
    route({ path: '/api/v1/contracts/active', name: 'contractsActive', family: 'futures', weight: 3, handle: (_, context) => ok(activeContracts(context, context.markets)) }),
    route({ method: 'POST', path: '/api/v1/bullet-public', name: 'bulletPublic', family: 'both', weight: 10, handle: bulletPublicReply }),
    route({ path: '/api/v3/currencies', name: 'currencies', family: 'spot', fallback: true, weight: 3, handle: (_, context) => ok(currencies(context.markets)) }),
    // ccxt.kucoin (the spot class, which also loads contracts) asks these at loadMarkets: no spot markets here.
    route({ path: '/api/v2/symbols', name: 'symbols', family: 'spot', fallback: true, weight: 4, handle: () => ok([]) }),
    route({ path: '/api/v1/market/allTickers', name: 'allTickers', family: 'spot', fallback: true, weight: 15, handle: (_, context) => ok({ time: context.now(), ticker: [] }) }),
  ],
  errors: nativeErrors(NAME),
  limits: LIMITS,
  ws: kucoinStream(FUTURES_STREAM),
}
