import type { NativeErrors, RestReply, RestRequest } from '../../src/exchange/types.js'

/**
 * An Advanced Trade (v3) error answer (wire-formats §1.6): an HTTP status and
 * `{"error":"<CODE>","error_details":"…","message":"…"}`. Routes throw it; `answer()`
 * turns it into the reply. Anything else thrown is a bug in the mock, never dressed up
 * as an exchange error.
 */
export class AdvancedTradeError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Whether the body repeats the text as `error_details` (the captured 404 for an unknown product does not). */
    readonly withDetails = true,
  ) {
    super(message)
    this.name = 'AdvancedTradeError'
  }

  reply(): RestReply {
    const body = this.withDetails ? { error: this.code, error_details: this.message, message: this.message } : { error: this.code, message: this.message }
    return { status: this.status, body }
  }
}

/** A legacy v2 ("Coinbase App") error answer: `{"errors":[{"id":"not_found","message":"Not found"}]}` (§1.6). */
export class V2Error extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    message: string,
  ) {
    super(message)
    this.name = 'V2Error'
  }

  reply(): RestReply {
    return { status: this.status, body: { errors: [{ id: this.id, message: this.message }] } }
  }
}

/** Runs a handler, answering a thrown Coinbase error the way Coinbase does. */
export function answer(run: () => RestReply): RestReply {
  try {
    return run()
  } catch (error) {
    if (error instanceof AdvancedTradeError || error instanceof V2Error) return error.reply()
    throw error
  }
}

export const invalidArgument = (message: string) => new AdvancedTradeError(400, 'INVALID_ARGUMENT', message)

/** §1.4: the issue-reported text; the JSON around it is (unverified), in the §1.6 envelope. */
export const invalidGranularity = () => invalidArgument('granularity argument is invalid')

/** §1.2: the cap's text, as captured. */
export const tooManyCandles = () => invalidArgument('start and end argument is invalid - number of candles requested should be less than 350')

/** §1.1 [3P-live]: the body seen for GET /market/products/NOPE-USD, two keys only; used for candles too (unverified there). */
export const unknownProduct = (id: string) => new AdvancedTradeError(404, 'NOT_FOUND', `Product ${id} not supported`, false)

/**
 * grpc-gateway's answer when a query value does not parse into its field or a single
 * field is given twice (Coinbase serves v3 through it; the exact text is unverified).
 */
export const typeMismatch = (name: string, detail: string) => invalidArgument(`type mismatch, parameter: ${name}, error: ${detail}`)
export const tooManyValues = (name: string, values: readonly string[]) => invalidArgument(`parsing field "${name}": too many values: [${values.join(' ')}]`)

/** gRPC status names by HTTP status, for statuses a fault injects (the envelope of §1.6). */
const GRPC_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  412: 'FAILED_PRECONDITION',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  409: 'Conflict',
  418: "I'm a teapot",
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}

/**
 * §1.7: the 429 body is (unverified). ccxt maps `resource_exhausted` (and
 * `rate_limit_exceeded`) to RateLimitExceeded; the lower-case gRPC name is our choice.
 * No rate-limit headers were observed, so none are sent (not even Retry-After).
 */
export function rateLimitedReply(): RestReply {
  return { status: 429, body: { error: 'resource_exhausted', error_details: 'Too many requests', message: 'Too many requests' } }
}

/** Header values must be Latin-1. */
function toLatin1(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?')
}

function hint(text: string): Record<string, string> {
  return { 'x-mock-exchange-hint': toLatin1(`[mock-exchange] ${text}`) }
}

/**
 * A path no route serves: v2 paths answer in the v2 envelope, the rest as grpc-gateway's
 * NOT_FOUND in the v3 envelope (both bodies unverified); the hint header names the nearest route.
 */
export function notFoundReply(request: RestRequest, exchangeName: string, nearest: string | undefined): RestReply {
  const asked = `${request.method} ${request.url.pathname}`
  const headers = hint(`${exchangeName} has no route ${asked}.${nearest ? ` Nearest: ${nearest}.` : ''}`)
  if (request.url.pathname.startsWith('/v2/')) return { ...new V2Error(404, 'not_found', 'Not found').reply(), headers }
  return { ...new AdvancedTradeError(404, 'NOT_FOUND', 'Not Found').reply(), headers }
}

/**
 * The authenticated mirrors (paths without `/market/`) without a JWT: 401 (§1.1, [3P-live]).
 * The body is (unverified); a plain "Unauthorized" is our choice. With any Bearer token the
 * mock serves them (it cannot check signatures).
 */
export function unauthorizedReply(path: string): RestReply {
  return {
    status: 401,
    body: 'Unauthorized\n',
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      ...hint(`${path} is Coinbase's authenticated mirror: send "Authorization: Bearer <JWT>" (the mock accepts any token) or use the public /api/v3/brokerage/market/… path.`),
    },
  }
}

export function nativeErrors(exchangeName: string): NativeErrors {
  return {
    notFound: (request, nearest) => notFoundReply(request, exchangeName, nearest),
    status: (status) => {
      if (status === 429) return rateLimitedReply()
      const text = STATUS_TEXT[status] ?? 'Unknown Error'
      return { status, body: { error: GRPC_NAMES[status] ?? 'UNKNOWN', error_details: text, message: text } }
    },
    rateLimited: () => rateLimitedReply(),
  }
}
