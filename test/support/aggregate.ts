import type { Candle } from '../../src/index.js'

/** Integer units of a decimal step: round(x / step), safe for the exact sums the engine promises. */
export function units(value: number, step: number): number {
  return Math.round(value / step)
}

/** What a coarse candle must equal: open of the first, close of the last, extremes, sums in integer units. */
export function aggregateOf(candles: readonly Candle[], lot: number, quoteStep: number) {
  return {
    open: candles[0].open,
    close: candles[candles.length - 1].close,
    high: Math.max(...candles.map((c) => c.high)),
    low: Math.min(...candles.map((c) => c.low)),
    volume: candles.reduce((sum, c) => sum + units(c.volume, lot), 0),
    quoteVolume: candles.reduce((sum, c) => sum + units(c.quoteVolume, quoteStep), 0),
    trades: candles.reduce((sum, c) => sum + c.trades, 0),
    takerBuyVolume: candles.reduce((sum, c) => sum + units(c.takerBuyVolume, lot), 0),
    takerBuyQuoteVolume: candles.reduce((sum, c) => sum + units(c.takerBuyQuoteVolume, quoteStep), 0),
  }
}

export function summaryOf(candle: Candle, lot: number, quoteStep: number) {
  return aggregateOf([candle], lot, quoteStep)
}
