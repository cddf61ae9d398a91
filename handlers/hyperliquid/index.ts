/** Hyperliquid perpetuals and spot: one family, one `POST /info` and one stream for both. */
export { hyperliquidSpot } from './spot.js'
export { hyperliquidPerpetual } from './perpetual.js'
