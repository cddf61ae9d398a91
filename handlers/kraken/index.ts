/** Kraken Spot: REST /0/public (OHLC, Time, SystemStatus, Assets, AssetPairs) and WebSocket v2 candles. */
export { krakenSpot } from './spot.js'
