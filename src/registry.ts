import { ascendexSpot } from '../handlers/ascendex/index.js'
import { binancePerpetual, binanceSpot } from '../handlers/binance/index.js'
import { bybitPerpetual, bybitSpot } from '../handlers/bybit/index.js'
import { coinbaseAdvancedTrade } from '../handlers/coinbase/index.js'
import { gatePerpetual, gateSpot } from '../handlers/gate/index.js'
import { hyperliquidPerpetual, hyperliquidSpot } from '../handlers/hyperliquid/index.js'
import { krakenSpot } from '../handlers/kraken/index.js'
import { kucoinPerpetual, kucoinSpot } from '../handlers/kucoin/index.js'
import { mexcPerpetual, mexcSpot } from '../handlers/mexc/index.js'
import { okxPerpetual, okxSpot } from '../handlers/okx/index.js'
import { MockExchangeError } from './errors.js'
import { ExchangeType, type ExchangePlugin } from './exchange/types.js'

/** The one place that names exchanges: ExchangeType → plugin. */
const PLUGINS: Partial<Record<ExchangeType, ExchangePlugin>> = {
  [ExchangeType.BINANCE_SPOT]: binanceSpot,
  [ExchangeType.BINANCE_PERPETUAL]: binancePerpetual,
  [ExchangeType.BYBIT_SPOT]: bybitSpot,
  [ExchangeType.BYBIT_PERPETUAL]: bybitPerpetual,
  [ExchangeType.COINBASE_ADVANCED_TRADE]: coinbaseAdvancedTrade,
  [ExchangeType.GATE_IO_SPOT]: gateSpot,
  [ExchangeType.GATE_IO_PERPETUAL]: gatePerpetual,
  [ExchangeType.HYPERLIQUID_SPOT]: hyperliquidSpot,
  [ExchangeType.HYPERLIQUID_PERPETUAL]: hyperliquidPerpetual,
  [ExchangeType.KRAKEN_SPOT]: krakenSpot,
  [ExchangeType.KUCOIN_SPOT]: kucoinSpot,
  [ExchangeType.KUCOIN_PERPETUAL]: kucoinPerpetual,
  [ExchangeType.MEXC_SPOT]: mexcSpot,
  [ExchangeType.MEXC_PERPETUAL]: mexcPerpetual,
  [ExchangeType.OKX_SPOT]: okxSpot,
  [ExchangeType.OKX_PERPETUAL]: okxPerpetual,
  [ExchangeType.ASCEND_EX_SPOT]: ascendexSpot,
}

export function pluginFor(type: ExchangeType | ExchangePlugin): ExchangePlugin {
  if (typeof type === 'object' && type !== null) return type
  const plugin = PLUGINS[type]
  if (plugin) return plugin
  const known = (Object.values(ExchangeType) as string[]).includes(type)
  throw new MockExchangeError(
    'UNSUPPORTED_EXCHANGE',
    known
      ? `Failed to set up "${type}": it is a known exchange but not implemented yet. Supported now: ${supportedExchanges().join(', ')}.`
      : `Failed to set up "${String(type)}": there is no such exchange. Use ExchangeType, e.g. ExchangeType.BINANCE_SPOT. Supported now: ${supportedExchanges().join(', ')}.`,
  )
}

export function supportedExchanges(): ExchangeType[] {
  return Object.keys(PLUGINS) as ExchangeType[]
}
