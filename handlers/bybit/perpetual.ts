import { ExchangeType, type ExchangePlugin } from '../../src/exchange/types.js'
import { bybitPlugin } from './plugin.js'

/**
 * Bybit v5 linear perpetuals (`category=linear`, wire-formats §4): the same routes as spot
 * with `category=linear` (also the default), and the stream
 * wss://stream.bybit.com/v5/public/linear. Volumes are in contracts, which for USDT and
 * USDC perpetuals is the base coin.
 */
export const bybitPerpetual: ExchangePlugin = bybitPlugin({ type: ExchangeType.BYBIT_PERPETUAL, name: 'Bybit Perpetual', kind: 'perpetual' })
