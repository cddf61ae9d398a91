/**
 * Binance's hosts (wire-formats §1.1, §2.1, §7.1). ccxt's sandbox and demo modes use the
 * testnet and demo hosts, so those are served too.
 */
export const SPOT_API_ORIGINS = [
  'https://api.binance.com',
  'https://api1.binance.com',
  'https://api2.binance.com',
  'https://api3.binance.com',
  'https://api4.binance.com',
  'https://api-gcp.binance.com',
  'https://data-api.binance.vision',
  'https://testnet.binance.vision',
  'https://demo-api.binance.com',
] as const

/** USDⓈ-M REST; ccxt's test mode puts fapi and dapi on one host. */
export const FAPI_ORIGINS = ['https://fapi.binance.com', 'https://testnet.binancefuture.com', 'https://demo-fapi.binance.com'] as const

/** COIN-M REST: only its exchangeInfo is served, empty, because ccxt.binance loads it at loadMarkets. */
export const DAPI_ORIGINS = ['https://dapi.binance.com', 'https://testnet.binancefuture.com', 'https://demo-dapi.binance.com'] as const

export const SPOT_WS_ORIGINS = [
  'wss://stream.binance.com:9443',
  'wss://stream.binance.com:443',
  'wss://stream.binance.com',
  'wss://data-stream.binance.vision',
  'wss://stream.testnet.binance.vision',
  'wss://demo-stream.binance.com',
] as const

export const PERP_WS_ORIGINS = ['wss://fstream.binance.com', 'wss://fstream.binancefuture.com'] as const

/** Which family of hosts a path belongs to; a route answers only on its own family (an api path on fapi is a 404). */
export type HostFamily = 'api' | 'fapi' | 'dapi'

const FAMILY_ORIGINS: Record<HostFamily, readonly string[]> = { api: SPOT_API_ORIGINS, fapi: FAPI_ORIGINS, dapi: DAPI_ORIGINS }
const BINANCE_ORIGINS = new Set<string>([...SPOT_API_ORIGINS, ...FAPI_ORIGINS, ...DAPI_ORIGINS])

/**
 * Whether a request on `origin` may reach a route of `family`. Origins that are not
 * Binance's (a real-port server on localhost) reach every route.
 */
export function servesFamily(origin: string, family: HostFamily): boolean {
  return !BINANCE_ORIGINS.has(origin) || FAMILY_ORIGINS[family].includes(origin)
}

/** The production origin of a family, for hints. */
export function homeOrigin(family: HostFamily): string {
  return FAMILY_ORIGINS[family][0]
}
