import { ExchangeType, type ExchangePlugin } from '../../src/exchange/types.js'
import { nativeErrors } from './errors.js'
import { REST_ORIGINS, WS_ORIGINS } from './hosts.js'
import { listAs } from './listings.js'
import { OKX_LIMITS, ROUTES } from './routes.js'
import { okxStreams } from './stream.js'

const NAME = 'OKX Perpetual'

/**
 * OKX v5 linear perpetual SWAP (wire-formats §6): instruments `BASE-QUOTE-SWAP`, settled
 * in the quote, volumes in contracts of `ctVal` base (0.01 BTC, 0.1 ETH, … see format.ts).
 */
export const okxPerpetual: ExchangePlugin = {
  type: ExchangeType.OKX_PERPETUAL,
  name: NAME,
  kind: 'perpetual',
  restOrigins: REST_ORIGINS,
  wsOrigins: WS_ORIGINS,
  marketId: listAs('SWAP'),
  routes: ROUTES,
  errors: nativeErrors(NAME),
  limits: OKX_LIMITS,
  ws: okxStreams(),
}
