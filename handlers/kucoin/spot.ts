import { ExchangeType, type ExchangePlugin, type RestRoute } from '../../src/exchange/types.js'
import { bulletPublicReply } from './bullet.js'
import { spotCandlesReply } from './candles.js'
import { nativeErrors, ok } from './errors.js'
import { FUTURES_API_ORIGIN, SPOT_API_ORIGIN, SPOT_WS_ORIGIN } from './hosts.js'
import { SPOT_TYPES } from './intervals.js'
import { allTickers, currencies, spotSymbols } from './listings.js'
import { kucoinRoute, LIMITS, type RouteSpec } from './routes.js'
import { kucoinStream, spotCandles, type StreamRules } from './stream.js'

const NAME = 'KuCoin Spot'

/** §3.5, §7: spot pushes on trades (here: each second the candle changed), `data.time` in ns; types up to 1week. */
export const SPOT_STREAM: StreamRules = {
  prefix: '/market/candles:',
  subject: 'trade.candles.update',
  types: new Map([...SPOT_TYPES].filter(([name]) => name !== '1month')),
  cadenceMs: 1000,
  onlyChanges: true,
  candles: spotCandles,
  time: (now) => `${now}000000`,
}
const route = (spec: RouteSpec): RestRoute => kucoinRoute(NAME, spec)

/**
 * KuCoin Spot (wire-formats §3). Besides its own host it answers the futures host's
 * contracts/active (empty) as a fallback, because ccxt.kucoin loads it at loadMarkets (§0.2).
 */
export const kucoinSpot: ExchangePlugin = {
  type: ExchangeType.KUCOIN_SPOT,
  name: NAME,
  kind: 'spot',
  restOrigins: [SPOT_API_ORIGIN, FUTURES_API_ORIGIN],
  wsOrigins: [SPOT_WS_ORIGIN],
  marketId: (market) => `${market.base}-${market.quote}`,
  routes: [
    route({ path: '/api/v1/market/candles', name: 'candles', family: 'spot', weight: 3, handle: spotCandlesReply }),
    route({ path: '/api/v1/timestamp', name: 'timestamp', family: 'both', weight: 3, handle: (_, context) => ok(context.now()) }),
    route({ path: '/api/v1/status', name: 'status', family: 'both', weight: 3, handle: () => ok({ status: 'open', msg: '' }) }),
    route({ path: '/api/v2/symbols', name: 'symbols', family: 'spot', weight: 4, handle: (_, context) => ok(spotSymbols(context.markets)) }),
    route({ path: '/api/v1/market/allTickers', name: 'allTickers', family: 'spot', weight: 15, handle: (_, context) => ok(allTickers(context, context.markets)) }),
    route({ path: '/api/v3/currencies', name: 'currencies', family: 'spot', weight: 3, handle: (_, context) => ok(currencies(context.markets)) }),
    route({ method: 'POST', path: '/api/v1/bullet-public', name: 'bulletPublic', family: 'both', weight: 10, handle: bulletPublicReply }),
    route({ path: '/api/v1/contracts/active', name: 'contractsActive', family: 'futures', fallback: true, weight: 3, handle: () => ok([]) }),
  ],
  errors: nativeErrors(NAME),
  limits: LIMITS,
  ws: kucoinStream(SPOT_STREAM),
}
