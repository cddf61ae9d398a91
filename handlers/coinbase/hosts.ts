/**
 * Coinbase's hosts (wire-formats §1.1, §1.8): one REST host for both the Advanced
 * Trade API (v3) and the legacy v2 API ccxt loads currencies from, and the market-data
 * WebSocket. The user-data socket (advanced-trade-ws-user) is not simulated.
 */
export const REST_ORIGINS = ['https://api.coinbase.com'] as const
export const WS_ORIGINS = ['wss://advanced-trade-ws.coinbase.com'] as const
