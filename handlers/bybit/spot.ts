import { ExchangeType, type ExchangePlugin } from '../../src/exchange/types.js'
import { bybitPlugin } from './plugin.js'

/**
 * Bybit v5 spot (`category=spot`, wire-formats §3): GET /v5/market/kline, /v5/market/time,
 * /v5/market/instruments-info, and the stream wss://stream.bybit.com/v5/public/spot.
 */
export const bybitSpot: ExchangePlugin = bybitPlugin({ type: ExchangeType.BYBIT_SPOT, name: 'Bybit Spot', kind: 'spot' })
