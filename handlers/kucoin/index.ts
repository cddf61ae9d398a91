/** KuCoin Spot and Futures (USDT perpetuals): one family, sharing hosts, errors, listings and the stream protocol. */
export { kucoinSpot } from './spot.js'
export { kucoinPerpetual } from './perpetual.js'
