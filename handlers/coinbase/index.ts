/** Coinbase Advanced Trade (spot): public market data over REST (v3 and the v2 endpoints ccxt loads) and the market-data WebSocket. */
export { coinbaseAdvancedTrade } from './advanced-trade.js'
