import type { NativeErrors, RestReply } from '../../src/exchange/types.js'

/**
 * §4.5: errors are `{"code":<non-zero>,"reason":"<REASON>","message":"<text>"}`; code / 10000
 * is the group (10 general, 15 format, 50 system). Input errors answer HTTP 200 with the
 * non-zero code (unverified, the likely pattern per §4.5).
 */
export const REASONS = {
  100001: 'INVALID_HTTP_INPUT',
  100004: 'INVALID_REQUEST_DATA',
  100005: 'INVALID_WS_REQUEST_DATA',
  100006: 'INVALID_ARGUMENT',
  100008: 'SYMBOL_ERROR',
  100013: 'INVALID_NUM_FORMAT',
  150001: 'INVALID_JSON_FORMAT',
  510001: 'SERVER_ERROR',
} as const
export type ErrorCode = keyof typeof REASONS

export interface ErrorBody {
  code: ErrorCode
  reason: string
  message: string
}

export function errorBody(code: ErrorCode, message: string): ErrorBody {
  return { code, reason: REASONS[code], message }
}

export function apiError(code: ErrorCode, message: string, status = 200): RestReply {
  return { status, body: errorBody(code, message) }
}

export const invalidInput = (message: string): RestReply => apiError(100001, message)
export const invalidArgument = (message: string): RestReply => apiError(100006, message)
export const invalidNumber = (message: string): RestReply => apiError(100013, message)
export const badSymbol = (symbol: string): RestReply => apiError(100008, `Invalid symbol: ${symbol}`)

export const nativeErrors: NativeErrors = {
  // Unknown paths: 404 with the general envelope (unverified).
  notFound: (request, nearest) =>
    apiError(100001, `No such endpoint: ${request.method} ${request.url.pathname}${nearest ? ` (mock-exchange: did you mean ${nearest}?)` : ''}`, 404),
  status(status) {
    if (status === 429) return tooManyRequests()
    if (status >= 500) return apiError(510001, 'Internal server error', status)
    return apiError(100001, 'Invalid http request input', status)
  },
  rateLimited: ({ retryAfter }) => ({ ...tooManyRequests(), headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': String(retryAfter) } }),
}

/**
 * §4.6: the 429 body is undocumented (unverified). A gateway's plain-text answer, so a client
 * falls through to its HTTP-status handling (ccxt: a non-zero `code` would be a plain ExchangeError).
 */
function tooManyRequests(): RestReply {
  return { status: 429, body: 'Too Many Requests', headers: { 'content-type': 'text/plain; charset=utf-8' } }
}
