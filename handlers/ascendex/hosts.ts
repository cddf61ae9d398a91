/** §0, §4.1: one host serves REST and the stream (production and sandbox). */
export const REST_ORIGINS = ['https://ascendex.com', 'https://api-test.ascendex-sandbox.com'] as const
/** §4.7: `wss://ascendex.com:443/…` normalizes to the same origin (443 is wss's default port). */
export const WS_ORIGINS = ['wss://ascendex.com', 'wss://api-test.ascendex-sandbox.com'] as const

/**
 * §4.7: the stream paths in use: `/api/pro/v1/stream`, `/<accountGroup>/api/pro/v1/stream`
 * (docs' `/0/…`), ccxt's `/api/pro/v2/stream`, hummingbot's liquidity-mining path.
 */
const STREAM_PATH = /^(?:\/\d+)?\/api\/pro\/v[12]\/stream$|^\/api\/pro\/v1\/websocket-for-hummingbot-liq-mining\/stream$/
export const isStreamPath = (pathname: string): boolean => STREAM_PATH.test(pathname)
