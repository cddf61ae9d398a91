/**
 * Bybit's hosts (wire-formats §3.1, §3.7, §4.7, §7.1). One REST host serves every
 * category (spot, linear, inverse, option): the category is a query parameter. ccxt's
 * testnet and demo modes use the testnet and demo hosts, so those are served too.
 */
export const REST_ORIGINS = ['https://api.bybit.com', 'https://api.bytick.com', 'https://api-testnet.bybit.com', 'https://api-demo.bybit.com'] as const

/** Public streams; ccxt builds `wss://stream.{hostname}/v5/public/<category>` (demo mode streams public data from the production host). */
export const WS_ORIGINS = ['wss://stream.bybit.com', 'wss://stream.bytick.com', 'wss://stream-testnet.bybit.com'] as const
