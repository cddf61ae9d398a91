/** Gate spot and USDT perpetuals: one family, sharing candlesticks, formats, errors and the stream protocol. */
export { gateSpot } from './spot.js'
export { gatePerpetual } from './perpetual.js'
