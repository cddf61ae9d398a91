import { ExchangeType, type ExchangePlugin } from '../../src/exchange/types.js'
import { hyperliquidPlugin } from './plugin.js'
import { perpCoin } from './universe.js'

/** Hyperliquid perpetuals (§3): coins named by base (`BTC`), USDC collateral; ccxt's `BTC/USDC:USDC`. */
export const hyperliquidPerpetual: ExchangePlugin = hyperliquidPlugin({ type: ExchangeType.HYPERLIQUID_PERPETUAL, name: 'Hyperliquid Perpetual', kind: 'perpetual', marketId: perpCoin })
