/** Bybit v5 spot and linear perpetuals: one family, one REST host and one stream host for both categories. */
export { bybitSpot } from './spot.js'
export { bybitPerpetual } from './perpetual.js'
