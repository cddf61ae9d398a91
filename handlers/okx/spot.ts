import { ExchangeType, type ExchangePlugin } from '../../src/exchange/types.js'
import { nativeErrors } from './errors.js'
import { REST_ORIGINS, WS_ORIGINS } from './hosts.js'
import { listAs } from './listings.js'
import { OKX_LIMITS, ROUTES } from './routes.js'
import { okxStreams } from './stream.js'

const NAME = 'OKX Spot'

/** OKX v5 SPOT (wire-formats §5): instruments `BASE-QUOTE`, e.g. BTC-USDT. */
export const okxSpot: ExchangePlugin = {
  type: ExchangeType.OKX_SPOT,
  name: NAME,
  kind: 'spot',
  restOrigins: REST_ORIGINS,
  wsOrigins: WS_ORIGINS,
  marketId: listAs('SPOT'),
  routes: ROUTES,
  errors: nativeErrors(NAME),
  limits: OKX_LIMITS,
  ws: okxStreams(),
}
