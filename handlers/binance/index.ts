/** Binance Spot and USDⓈ-M perpetuals: one family, sharing klines, formats, errors and the stream protocol. */
export { binanceSpot } from './spot.js'
export { binancePerpetual } from './perpetual.js'
