import type { RestReply, RestRequest } from '../../src/exchange/types.js'
import { ok } from './errors.js'
import { FUTURES_WS_ORIGIN, isFuturesOrigin, SPOT_WS_ORIGIN } from './hosts.js'

/** §3.5: the client pings every pingInterval; the server gives up pingTimeout after a missed one. */
export const PING_INTERVAL_MS = 18_000
export const PING_TIMEOUT_MS = 10_000

let issued = 0

/**
 * A token of KuCoin's shape (base64url body, '.', base64 tail). The stream accepts any
 * non-empty token: the mock keeps no sessions between REST and WebSocket.
 */
function token(): string {
  issued++
  const body = Buffer.from(`mock-exchange-public-token-${issued.toString(36).padStart(8, '0')}`).toString('base64url')
  return `${body}.${Buffer.from(String(issued)).toString('base64')}`
}

/** §3.5/§4.4 POST /api/v1/bullet-public: the stream endpoint of the host asked (spot or futures). */
export function bulletPublicReply(request: RestRequest): RestReply {
  const endpoint = `${isFuturesOrigin(request.url.origin) ? FUTURES_WS_ORIGIN : SPOT_WS_ORIGIN}/`
  return ok({
    token: token(),
    instanceServers: [{ endpoint, encrypt: true, protocol: 'websocket', pingInterval: PING_INTERVAL_MS, pingTimeout: PING_TIMEOUT_MS }],
  })
}
