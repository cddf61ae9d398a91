/** KuCoin's hosts (wire-formats §3.1, §3.5, §4.1, §4.4). */
export const SPOT_API_ORIGIN = 'https://api.kucoin.com'
export const FUTURES_API_ORIGIN = 'https://api-futures.kucoin.com'
export const SPOT_WS_ORIGIN = 'wss://ws-api-spot.kucoin.com'
export const FUTURES_WS_ORIGIN = 'wss://ws-api-futures.kucoin.com'

/** Which KuCoin REST host a path belongs to; a route answers only on its own host. */
export type HostFamily = 'spot' | 'futures' | 'both'

const HOME: Record<Exclude<HostFamily, 'both'>, string> = { spot: SPOT_API_ORIGIN, futures: FUTURES_API_ORIGIN }
const KUCOIN_ORIGINS = new Set([SPOT_API_ORIGIN, FUTURES_API_ORIGIN])

/** Whether a request on `origin` may reach a route of `family`; origins that are not KuCoin's (a real-port server) reach every route. */
export function servesFamily(origin: string, family: HostFamily): boolean {
  return family === 'both' || !KUCOIN_ORIGINS.has(origin) || HOME[family] === origin
}

export function homeOrigin(family: HostFamily): string {
  return family === 'both' ? SPOT_API_ORIGIN : HOME[family]
}

/** The futures REST host is the futures side of KuCoin; anything else (spot host, a real-port server) is spot unless told. */
export function isFuturesOrigin(origin: string): boolean {
  return origin === FUTURES_API_ORIGIN
}
