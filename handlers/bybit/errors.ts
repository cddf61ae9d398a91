import type { NativeErrors, RestReply, RestRequest } from '../../src/exchange/types.js'

/**
 * §3.6: over the IP limit Bybit answers HTTP 403 "access too frequent". The body's
 * format is unverified; pybit and ccxt decide on the status alone (pybit: "You have
 * breached the ip rate limit", ccxt: 403 → RateLimitExceeded), so it is that text,
 * as plain text.
 */
export const IP_LIMIT_TEXT = 'access too frequent'

/**
 * Bybit answers a path it does not serve with 404 (§3.5, body unverified: empty here);
 * the hint header names the nearest route.
 */
export function notFoundReply(request: RestRequest, exchangeName: string, nearest: string | undefined): RestReply {
  const asked = `${request.method} ${request.url.pathname}`
  const hint = `[mock-exchange] ${exchangeName} has no route ${asked}.${nearest ? ` Nearest: ${nearest}.` : ''}`
  return { status: 404, body: '', headers: { 'x-mock-exchange-hint': toLatin1(hint) } }
}

function ipLimitReply(status: number, resetAt?: number): RestReply {
  return {
    status,
    body: IP_LIMIT_TEXT,
    headers: { 'content-type': 'text/plain; charset=utf-8', ...(resetAt === undefined ? {} : { 'X-Bapi-Limit-Reset-Timestamp': String(resetAt) }) },
  }
}

/**
 * Bodies for statuses a fault injects: 403 is the IP limit's answer, 404 the not-found
 * one; other statuses carry the envelope with the code Bybit's error table gives the case
 * (10016 "Server error." for 5xx, 10006 "Too many visits!" for 429, 10001 "Request
 * parameter error." otherwise). The envelope's `time` is left out: NativeErrors.status is
 * given no clock (a gap in the contract, see the report).
 */
function statusReply(status: number, exchangeName: string): RestReply {
  if (status === 403) return ipLimitReply(403)
  if (status === 404) return { status, body: '', headers: { 'x-mock-exchange-hint': `[mock-exchange] ${exchangeName}: a status fault answered 404.` } }
  const [retCode, retMsg] = status >= 500 || status < 400 ? [10016, 'Server error.'] : status === 429 ? [10006, 'Too many visits!'] : [10001, 'Request parameter error.']
  return { status, body: { retCode, retMsg, result: {}, retExtInfo: {} } }
}

export function nativeErrors(exchangeName: string): NativeErrors {
  return {
    notFound: (request, nearest) => notFoundReply(request, exchangeName, nearest),
    status: (status) => statusReply(status, exchangeName),
    // Bybit has no 429 and no Retry-After here: the reset time goes in X-Bapi-Limit-Reset-Timestamp.
    rateLimited: ({ until }) => ipLimitReply(403, until),
  }
}

/** Header values must be Latin-1. */
function toLatin1(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?')
}
