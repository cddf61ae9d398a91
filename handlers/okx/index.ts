/** OKX v5 SPOT and linear SWAP: one family, sharing routes, formats, errors and the WebSocket protocol. */
export { okxSpot } from './spot.js'
export { okxPerpetual } from './perpetual.js'
