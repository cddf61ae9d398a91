import { ExchangeType, type ExchangePlugin, type RateLimitRules } from '../../src/exchange/types.js'
import { assetPairsReply, assetsReply } from './asset-pairs.js'
import { pairOf } from './assets.js'
import { nativeErrors } from './errors.js'
import { REST_ORIGINS, WS_ORIGINS } from './hosts.js'
import { ohlcReply } from './ohlc.js'
import { systemStatusReply, timeReply } from './public.js'
import { krakenRoute } from './routes.js'
import { krakenStreams } from './ws.js'

const NAME = 'Kraken Spot'

/**
 * §2.4: public calls about one per second per IP. Kraken publishes no burst figure and
 * no headers; we allow 15 calls per 15 s of the clock (an average of 1/s with a burst),
 * our choice. Kraken also counts OHLC per pair, which one budget per exchange cannot say.
 */
const LIMITS: RateLimitRules = {
  windowMs: 15_000,
  limit: 15,
  usageHeaders: () => ({}),
}

/** Kraken Spot: REST /0/public/* on api.kraken.com and the WS v2 ohlc channel on ws.kraken.com/v2. */
export const krakenSpot: ExchangePlugin = {
  type: ExchangeType.KRAKEN_SPOT,
  name: NAME,
  kind: 'spot',
  restOrigins: REST_ORIGINS,
  wsOrigins: WS_ORIGINS,
  marketId: (market) => pairOf(market).key,
  routes: [
    krakenRoute({ path: '/0/public/OHLC', name: 'ohlc', handle: ohlcReply }),
    krakenRoute({ path: '/0/public/Time', name: 'time', handle: (_, context) => timeReply(context) }),
    krakenRoute({ path: '/0/public/SystemStatus', name: 'systemStatus', handle: (_, context) => systemStatusReply(context) }),
    krakenRoute({ path: '/0/public/Assets', name: 'assets', handle: assetsReply }),
    krakenRoute({ path: '/0/public/AssetPairs', name: 'assetPairs', handle: assetPairsReply }),
  ],
  errors: nativeErrors(NAME),
  limits: LIMITS,
  ws: krakenStreams({ cadenceMs: 1000, snapshotIntervals: 12, heartbeatMs: 1000 }),
}
