import type { NativeErrors, RestReply, RestRequest } from '../../src/exchange/types.js'

/**
 * A Binance error answer (wire-formats §1.5, §2.5): an HTTP status and `{"code":…,"msg":…}`.
 * Routes throw it; `answer()` turns it into the reply. Anything else thrown is a bug in
 * the mock and is never dressed up as an exchange error.
 */
export class BinanceError extends Error {
  constructor(
    readonly code: number,
    readonly msg: string,
    readonly status = 400,
  ) {
    super(msg)
    this.name = 'BinanceError'
  }

  reply(headers?: Record<string, string>): RestReply {
    return { status: this.status, body: { code: this.code, msg: this.msg }, ...(headers ? { headers } : {}) }
  }
}

/** Runs a handler, answering a thrown BinanceError the way Binance does. */
export function answer(run: () => RestReply): RestReply {
  try {
    return run()
  } catch (error) {
    if (error instanceof BinanceError) return error.reply()
    throw error
  }
}

// The texts below are Binance's error templates (errors.md) filled in.
export const invalidSymbol = () => new BinanceError(-1121, 'Invalid symbol.')
export const invalidInterval = () => new BinanceError(-1120, 'Invalid interval.')
export const mandatoryMissing = (name: string) => new BinanceError(-1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`)
export const illegalCharacters = (name: string, range: string) =>
  new BinanceError(-1100, `Illegal characters found in parameter '${name}'; legal range is '${range}'.`)
export const invalidValue = (name: string) => new BinanceError(-1130, `Data sent for parameter '${name}' is not valid.`)
export const unreadParameters = (read: number, sent: number) =>
  new BinanceError(-1104, `Not all sent parameters were read; read '${read}' parameter(s) but was sent '${sent}'.`)
export const duplicateParameter = () => new BinanceError(-1101, 'Duplicate values for a parameter detected.')
export const badCombination = () => new BinanceError(-1128, 'Combination of optional parameters invalid.')

/** How the two APIs word the -1003 texts (spot errors.md; futures error-code page, §2.6). */
export interface LimitWording {
  tooMany(limit: number): string
  banned(until: number): string
}

export const SPOT_LIMIT_WORDING: LimitWording = {
  tooMany: (limit) =>
    `Too much request weight used; current limit is ${limit} request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.`,
  banned: (until) => `Way too much request weight used; IP banned until ${until}. Please use WebSocket Streams for live updates to avoid bans.`,
}

export const PERP_LIMIT_WORDING: LimitWording = {
  tooMany: (limit) => `Too many requests; current limit is ${limit} requests per minute. Please use the websocket for live updates to avoid polling the API.`,
  banned: (until) => `Way too many requests; IP banned until ${until}. Please use the websocket for live updates to avoid bans.`,
}

/**
 * Bodies for statuses a fault injects. 5xx: -1001 (503 says "Service Unavailable.", as
 * the futures docs list it; its code is not documented, -1001 is our choice). The other
 * statuses get -1000 — spelled "occurred": logs of real answers show that spelling
 * (rotki#4781), though some SDKs quote "occured".
 */
function statusBody(status: number): { code: number; msg: string } {
  if (status === 503) return { code: -1001, msg: 'Service Unavailable.' }
  if (status >= 500) return { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' }
  if (status === 429 || status === 418) return { code: -1003, msg: 'Too many requests queued.' }
  if (status === 408) return { code: -1007, msg: 'Timeout waiting for response from backend server. Send status unknown; execution status unknown.' }
  return { code: -1000, msg: 'An unknown error occurred while processing the request.' }
}

/**
 * Binance answers a path it does not serve with a bare 404 (no `{code,msg}` body was
 * found in any source, so the body is empty); the hint header names the nearest route.
 */
export function notFoundReply(request: RestRequest, exchangeName: string, nearest: string | undefined, note = ''): RestReply {
  const asked = `${request.method} ${request.url.pathname}`
  const hint = `[mock-exchange] ${exchangeName} has no route ${asked}${note}.${nearest ? ` Nearest: ${nearest}.` : ''}`
  return { status: 404, body: '', headers: { 'x-mock-exchange-hint': toLatin1(hint) } }
}

export function nativeErrors(exchangeName: string, wording: LimitWording): NativeErrors {
  return {
    notFound: (request, nearest) => notFoundReply(request, exchangeName, nearest),
    status: (status) => ({ status, body: statusBody(status) }),
    rateLimited: ({ retryAfter, banned, until, limit }) => ({
      status: banned ? 418 : 429,
      body: { code: -1003, msg: banned ? wording.banned(until) : wording.tooMany(limit) },
      headers: { 'Retry-After': String(Math.max(0, Math.ceil(retryAfter))) },
    }),
  }
}

/** Header values must be Latin-1. */
function toLatin1(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?')
}
