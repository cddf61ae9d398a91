import type { ClockMode } from '../clock/types.js'
import type { EngineMarketConfig } from '../engine/engine.js'
import type { ExchangePlugin, ExchangeType } from '../exchange/types.js'
import type { UnhandledPolicy } from '../transports/fetch.js'

export interface MockExchangeOptions {
  /** Same seed and options → the same candles and the same fault draws. Default 1. */
  seed?: number | string
  /** Where "now" comes from. Default: the system clock (so `vi.useFakeTimers()` drives it). */
  clock?: { mode?: ClockMode; start?: number; speed?: number }
  /** The markets every exchange lists. Default BTC/USDT and ETH/USDT. */
  markets?: EngineMarketConfig[]
  /** Rate limits: on with the exchanges' real numbers by default; `false` turns them off; `scale` multiplies them. */
  limits?: false | { scale?: number }
  /** What happens to a request that no mocked exchange answers. Default 'error': nothing reaches the network. */
  onUnhandledFrame?: UnhandledPolicy
}

export type ExchangeSelection = ExchangeType | ExchangePlugin | ReadonlyArray<ExchangeType | ExchangePlugin>

export const DEFAULT_MARKETS: EngineMarketConfig[] = [{ symbol: 'BTC/USDT' }, { symbol: 'ETH/USDT' }]
