/** MEXC Spot (v3) and USDT-M perpetuals (contract API): one family sharing errors, formats and market lists. */
export { mexcSpot } from './spot.js'
export { mexcPerpetual } from './perpetual.js'
