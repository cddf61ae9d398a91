import { ExchangeType, type ExchangePlugin, type RateLimitRules } from '../../src/exchange/types.js'
import { spotErrors } from './errors.js'
import { API_ORIGIN, SPOT_WS_ORIGIN } from './hosts.js'
import { contractRoutes, spotRoutes } from './routes.js'
import { spotStreams } from './spot-stream.js'

const NAME = 'MEXC Spot'

/** §1.6: 500 weight per 10 s per endpoint (the limiter is per exchange); no usage headers. §1.7: 100 msgs/s, 30 streams. */
const LIMITS: RateLimitRules = {
  windowMs: 10_000,
  limit: 500,
  usageHeaders: () => ({}),
  banAfterIgnored: 3,
  wsMessagesPerSecond: 100,
  wsStreamsPerConnection: 30,
}

/**
 * MEXC Spot v3. ccxt.mexc's loadMarkets also calls the contract API's `detail` (§1.4),
 * so the spot plugin answers it (with no contracts) when no MEXC perpetual is in the mock.
 */
export const mexcSpot: ExchangePlugin = {
  type: ExchangeType.MEXC_SPOT,
  name: NAME,
  kind: 'spot',
  restOrigins: [API_ORIGIN],
  wsOrigins: [SPOT_WS_ORIGIN],
  marketId: (market) => `${market.base}${market.quote}`,
  routes: [...spotRoutes(false), ...contractRoutes(true)],
  errors: spotErrors(NAME),
  limits: LIMITS,
  ws: spotStreams(),
}
