import type { Market } from '../../src/engine/market.js'
import { ExchangeType, type ExchangePlugin } from '../../src/exchange/types.js'
import { nativeErrors } from './errors.js'
import { REST_ORIGINS, WS_ORIGINS } from './hosts.js'
import { LIMITS } from './limits.js'
import { ROUTES } from './routes.js'
import { ascendexStream } from './stream.js'

/** AscendEX spot (§4): `BTC/USDT` on the wire, REST and stream on ascendex.com. */
export const ascendexSpot: ExchangePlugin = {
  type: ExchangeType.ASCEND_EX_SPOT,
  name: 'AscendEX Spot',
  kind: 'spot',
  restOrigins: REST_ORIGINS,
  wsOrigins: WS_ORIGINS,
  marketId: (market: Market) => `${market.base}/${market.quote}`,
  routes: ROUTES,
  errors: nativeErrors,
  limits: LIMITS,
  ws: ascendexStream(),
}
