/** §0, §3.1, §3.7: one REST host and one stream host serve perps and spot alike (mainnet and testnet). */
export const REST_ORIGINS = ['https://api.hyperliquid.xyz', 'https://api.hyperliquid-testnet.xyz'] as const
export const WS_ORIGINS = ['wss://api.hyperliquid.xyz', 'wss://api.hyperliquid-testnet.xyz'] as const
export const INFO_PATH = '/info'
export const WS_PATH = '/ws'
