/**
 * OKX's hosts (wire-formats §5.1, §5.7, §7.1). One REST host family serves every
 * instrument type; the regional and AWS hosts answer the same paths. Demo trading uses
 * the production REST host (with a header) and its own WebSocket host, wspap.
 */
export const REST_ORIGINS = ['https://www.okx.com', 'https://aws.okx.com', 'https://us.okx.com', 'https://eea.okx.com'] as const

/** Port 8443 and the default 443 (8443 is being retired, §5.7): both are accepted. */
export const WS_ORIGINS = [
  'wss://ws.okx.com:8443',
  'wss://ws.okx.com',
  'wss://wsaws.okx.com:8443',
  'wss://wsaws.okx.com',
  'wss://wspap.okx.com:8443',
  'wss://wspap.okx.com',
] as const

/** The v5 WebSocket services: candles live on /business only; /public and /private answer them with 64001. */
export type WsService = 'business' | 'public' | 'private'

export function wsServiceOf(url: URL): WsService | undefined {
  const match = /^\/ws\/v5\/(business|public|private)$/.exec(url.pathname)
  return match ? (match[1] as WsService) : undefined
}
