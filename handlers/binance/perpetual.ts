import { ExchangeType, type ExchangePlugin, type RateLimitRules, type RestRequest } from '../../src/exchange/types.js'
import { nativeErrors, PERP_LIMIT_WORDING } from './errors.js'
import { dapiExchangeInfo, fapiExchangeInfo, PERP_WEIGHT_PER_MINUTE, spotExchangeInfoReply } from './exchange-info.js'
import { perpNumbers } from './format.js'
import { DAPI_ORIGINS, FAPI_ORIGINS, PERP_WS_ORIGINS, SPOT_API_ORIGINS } from './hosts.js'
import { PERP_INTERVALS } from './intervals.js'
import { klinesReply, type KlinesRules } from './klines.js'
import { binanceRoute, type RouteSpec } from './routes.js'
import { binanceStreams } from './stream.js'

const NAME = 'Binance USD-M Futures'

/**
 * §2.1–2.5: up to 1500 rows, more is -1130; no 1s; no timeZone. A lowercase symbol is
 * upper-cased rather than refused: fapi accepted one on premiumIndex, and on klines it is
 * unverified.
 */
const KLINES: KlinesRules = {
  intervals: PERP_INTERVALS,
  maxLimit: 1500,
  capsLimit: false,
  timeZone: false,
  timeUnit: false,
  lenientSymbol: true,
  numbers: perpNumbers,
}

/**
 * §2.6: weight by `limit`, band tops inclusive (100 costs 1, 500 costs 2), but no
 * `limit` at all costs 5 (measured). A limit that is not a number weighs like no limit.
 */
export function perpKlinesWeight(request: RestRequest): number {
  const text = request.query.get('limit')
  const limit = text !== null && /^[0-9]{1,20}$/.test(text) ? Number(text) : undefined
  if (limit === undefined) return 5
  if (limit <= 100) return 1
  if (limit <= 500) return 2
  if (limit <= 1000) return 5
  return 10
}

/** §2.6: 2400 per UTC clock minute; ban after 3 ignored 429s (our choice, as on spot). */
const LIMITS: RateLimitRules = {
  windowMs: 60_000,
  limit: PERP_WEIGHT_PER_MINUTE,
  usageHeaders: (used) => ({ 'X-MBX-USED-WEIGHT-1M': String(used) }),
  banAfterIgnored: 3,
  wsMessagesPerSecond: 10,
  wsStreamsPerConnection: 1024,
}

const route = (spec: RouteSpec) => binanceRoute(NAME, spec)

/**
 * Binance USDⓈ-M perpetuals. Also answers spot's and dapi's exchangeInfo with no symbols,
 * so that ccxt.binance (not only ccxt.binanceusdm) loads its markets (§2.4).
 */
export const binancePerpetual: ExchangePlugin = {
  type: ExchangeType.BINANCE_PERPETUAL,
  name: NAME,
  kind: 'perpetual',
  restOrigins: [...new Set([...FAPI_ORIGINS, ...DAPI_ORIGINS, ...SPOT_API_ORIGINS])],
  wsOrigins: PERP_WS_ORIGINS,
  marketId: (market) => `${market.base}${market.quote}`,
  routes: [
    route({ path: '/fapi/v1/klines', name: 'klines', family: 'fapi', weight: perpKlinesWeight, handle: (request, context) => klinesReply(request, context, KLINES) }),
    route({ path: '/fapi/v1/time', name: 'time', family: 'fapi', weight: 1, handle: (_, context) => ({ status: 200, body: { serverTime: context.now() } }) }),
    route({ path: '/fapi/v1/ping', name: 'ping', family: 'fapi', weight: 1, handle: () => ({ status: 200, body: {} }) }),
    route({
      path: '/fapi/v1/exchangeInfo',
      name: 'exchangeInfo',
      family: 'fapi',
      weight: 1,
      handle: (_, context) => ({ status: 200, body: fapiExchangeInfo(context.markets, context.now()) }),
    }),
    route({ path: '/api/v3/exchangeInfo', name: 'spotExchangeInfo', family: 'api', fallback: true, weight: 20, handle: (request, context) => spotExchangeInfoReply(request, context, []) }),
    route({ path: '/dapi/v1/exchangeInfo', name: 'dapiExchangeInfo', family: 'dapi', fallback: true, weight: 1, handle: (_, context) => ({ status: 200, body: dapiExchangeInfo(context.now()) }) }),
  ],
  errors: nativeErrors(NAME, PERP_LIMIT_WORDING),
  limits: LIMITS,
  ws: binanceStreams({
    prefixes: ['/market', ''],
    intervals: PERP_INTERVALS,
    cadenceMs: () => 250,
    onlyChanges: true,
    pingEveryMs: 180_000,
    pongTimeoutMs: 600_000,
    messagesPerSecond: LIMITS.wsMessagesPerSecond ?? 10,
    maxStreams: LIMITS.wsStreamsPerConnection ?? 1024,
    spotExtras: false,
    numbers: perpNumbers,
  }),
}
