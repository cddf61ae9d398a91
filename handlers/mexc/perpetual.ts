import { ExchangeType, type ExchangePlugin, type RateLimitRules } from '../../src/exchange/types.js'
import { contractErrors } from './errors.js'
import { API_ORIGIN, CONTRACT_ORIGIN, CONTRACT_WS_ORIGIN } from './hosts.js'
import { contractStreams } from './contract-stream.js'
import { contractRoutes, spotRoutes } from './routes.js'

const NAME = 'MEXC Perpetual'

/** §2.6: kline 20 per 2 s (per endpoint; the limiter is per exchange); no headers, no Retry-After. */
const LIMITS: RateLimitRules = {
  windowMs: 2_000,
  limit: 20,
  usageHeaders: () => ({}),
}

/**
 * MEXC USDT-M perpetuals (contract API). ccxt.mexc loads spot's exchangeInfo too, so
 * this plugin answers the spot v3 routes (with no spot markets) when MEXC Spot is not in the mock.
 */
export const mexcPerpetual: ExchangePlugin = {
  type: ExchangeType.MEXC_PERPETUAL,
  name: NAME,
  kind: 'perpetual',
  restOrigins: [API_ORIGIN, CONTRACT_ORIGIN],
  wsOrigins: [CONTRACT_WS_ORIGIN],
  marketId: (market) => `${market.base}_${market.quote}`,
  routes: [...contractRoutes(false), ...spotRoutes(true)],
  errors: contractErrors(NAME),
  limits: LIMITS,
  ws: contractStreams(),
}
