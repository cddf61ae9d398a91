import type { Candle } from '../engine/candle.js'
import type { CandleEngine } from '../engine/engine.js'
import type { IntervalInput } from '../engine/interval.js'
import type { ExchangeContext, ExchangePlugin, ListedMarket } from './types.js'

/** The state a plugin's handlers see: the engine's markets under the plugin's ids, and the clock's now. */
export function createContext(plugin: Pick<ExchangePlugin, 'marketId' | 'kind'>, engine: CandleEngine, now: () => number): ExchangeContext {
  const markets: ListedMarket[] = engine.markets
    .filter((market) => market.kind === plugin.kind || plugin.kind === 'perpetual')
    .map((market) => ({ market, id: plugin.marketId(market) }))
  const byId = new Map(markets.map((listed) => [listed.id, listed]))
  return {
    engine,
    markets,
    now,
    marketById: (id) => byId.get(id),
    candles: (listed: ListedMarket, interval: IntervalInput, start: number, end: number): Candle[] =>
      engine.candles(listed.market.symbol, interval, { start, end, now: now() }),
  }
}
