/** One candle, as every exchange plugin receives it; prices and volumes rounded to the market's tick and lot. */
export interface Candle {
  /** ms since the epoch, inclusive. */
  openTime: number
  /** The candle's last millisecond (openTime + span − 1), as Binance reports it. */
  closeTime: number
  open: number
  high: number
  low: number
  close: number
  /** Base-asset volume. */
  volume: number
  /** Quote-asset volume. */
  quoteVolume: number
  trades: number
  takerBuyVolume: number
  takerBuyQuoteVolume: number
  /** False for the candle still in progress at the time it was asked for. */
  closed: boolean
}
