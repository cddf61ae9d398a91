import { ExchangeType, type ExchangePlugin, type RateLimitRules } from '../../src/exchange/types.js'
import { nativeErrors, SPOT_LIMIT_WORDING } from './errors.js'
import { dapiExchangeInfo, fapiExchangeInfo, spotExchangeInfoReply, SPOT_WEIGHT_PER_MINUTE } from './exchange-info.js'
import { spotNumbers, timeUnitOf } from './format.js'
import { DAPI_ORIGINS, FAPI_ORIGINS, SPOT_API_ORIGINS, SPOT_WS_ORIGINS } from './hosts.js'
import { SPOT_INTERVALS } from './intervals.js'
import { klinesReply, type KlinesRules } from './klines.js'
import { binanceRoute, type RouteSpec } from './routes.js'
import { binanceStreams } from './stream.js'

const NAME = 'Binance Spot'

const KLINES: KlinesRules = {
  intervals: SPOT_INTERVALS,
  maxLimit: 1000,
  capsLimit: true,
  timeZone: true,
  timeUnit: true,
  lenientSymbol: false,
  numbers: spotNumbers,
}

/**
 * §1.6: 6000 weight per minute (the limiter's window is the clock minute); both header
 * spellings seen on spot. After 3 ignored 429s the IP is banned (418); Binance does not
 * say how many, 3 is our choice.
 */
const LIMITS: RateLimitRules = {
  windowMs: 60_000,
  limit: SPOT_WEIGHT_PER_MINUTE,
  usageHeaders: (used) => ({ 'x-mbx-used-weight': String(used), 'x-mbx-used-weight-1m': String(used) }),
  banAfterIgnored: 3,
  wsMessagesPerSecond: 5,
  wsStreamsPerConnection: 1024,
}

const route = (spec: RouteSpec) => binanceRoute(NAME, spec)

/**
 * Binance Spot. Besides its own hosts it answers fapi's and dapi's exchangeInfo with no
 * symbols, because ccxt.binance loads all three at loadMarkets and fails if one fails (§1.4, §7.3).
 */
export const binanceSpot: ExchangePlugin = {
  type: ExchangeType.BINANCE_SPOT,
  name: NAME,
  kind: 'spot',
  restOrigins: [...new Set([...SPOT_API_ORIGINS, ...FAPI_ORIGINS, ...DAPI_ORIGINS])],
  wsOrigins: SPOT_WS_ORIGINS,
  marketId: (market) => `${market.base}${market.quote}`,
  routes: [
    route({ path: '/api/v3/klines', name: 'klines', family: 'api', weight: 2, handle: (request, context) => klinesReply(request, context, KLINES) }),
    route({ path: '/api/v3/uiKlines', name: 'uiKlines', family: 'api', weight: 2, handle: (request, context) => klinesReply(request, context, KLINES) }),
    route({
      path: '/api/v3/time',
      name: 'time',
      family: 'api',
      weight: 1,
      handle: (request, context) => ({ status: 200, body: { serverTime: timeUnitOf(request.headers.get('X-MBX-TIME-UNIT')).time(context.now()) } }),
    }),
    route({ path: '/api/v3/ping', name: 'ping', family: 'api', weight: 1, handle: () => ({ status: 200, body: {} }) }),
    route({
      path: '/api/v3/exchangeInfo',
      name: 'exchangeInfo',
      family: 'api',
      weight: 20,
      handle: (request, context) => spotExchangeInfoReply(request, context, context.markets),
    }),
    route({ path: '/fapi/v1/exchangeInfo', name: 'fapiExchangeInfo', family: 'fapi', fallback: true, weight: 1, handle: (_, context) => ({ status: 200, body: fapiExchangeInfo([], context.now()) }) }),
    route({ path: '/dapi/v1/exchangeInfo', name: 'dapiExchangeInfo', family: 'dapi', fallback: true, weight: 1, handle: (_, context) => ({ status: 200, body: dapiExchangeInfo(context.now()) }) }),
  ],
  errors: nativeErrors(NAME, SPOT_LIMIT_WORDING),
  limits: LIMITS,
  ws: binanceStreams({
    prefixes: [''],
    intervals: SPOT_INTERVALS,
    cadenceMs: (interval) => (interval === '1s' ? 1000 : 2000),
    onlyChanges: false,
    pingEveryMs: 20_000,
    pongTimeoutMs: 60_000,
    messagesPerSecond: LIMITS.wsMessagesPerSecond ?? 5,
    maxStreams: LIMITS.wsStreamsPerConnection ?? 1024,
    spotExtras: true,
    numbers: spotNumbers,
  }),
}
