import type { NativeErrors, RestReply, RestRequest } from '../../src/exchange/types.js'

/**
 * A Gate APIv4 error (facts §5.1): a non-2xx status and `{"label","message"}`. Routes
 * throw it; `answer()` turns it into the reply. Anything else thrown is a bug in the
 * mock and is never dressed up as an exchange error.
 */
export class GateError extends Error {
  constructor(
    readonly label: string,
    readonly text: string,
    readonly status = 400,
  ) {
    super(text)
    this.name = 'GateError'
  }

  reply(): RestReply {
    return { status: this.status, body: { label: this.label, message: this.text } }
  }
}

export function answer(run: () => RestReply): RestReply {
  try {
    return run()
  } catch (error) {
    if (error instanceof GateError) return error.reply()
    throw error
  }
}

/** The wording of ccxt #10561 and the real reports quoted in facts §5.1. */
export const invalidValue = (name: string, value: string) => new GateError('INVALID_PARAM_VALUE', `Invalid request parameter \`${name}\` value: ${value}`)
/** Label from Gate's error list; the message is our wording (unverified). */
export const missingParam = (name: string) => new GateError('MISSING_REQUIRED_PARAM', `Missing required parameter: ${name}`)
export const tooBroad = (max: number) => new GateError('INVALID_PARAM_VALUE', `Candlestick range too broad. Maximum ${max} data points are allowed per request`)
/** Spot and futures word the 10000-point reach differently (facts §5.1, §6.1). */
export const tooLongAgo = (wording: 'ago' | 'recently') => new GateError('INVALID_PARAM_VALUE', `Candlestick too long ago. Maximum 10000 points ${wording} are allowed`)
/** Unknown pair / contract: labels from facts §5.1, §6.3; statuses and messages unverified (400, our wording). */
export const unknownPair = (id: string) => new GateError('INVALID_CURRENCY_PAIR', `Invalid currency pair: ${id}`)
export const unknownContract = (id: string) => new GateError('CONTRACT_NOT_FOUND', `Contract not found: ${id}`)

/** facts §5.2: label confirmed, REST message unverified. */
export const RATE_LIMITED_BODY = { label: 'TOO_MANY_REQUESTS', message: 'Request Rate limit Exceeded' }

/** Bodies for statuses a fault injects: Gate labels where one fits, else the reason phrase in Gate's label style (our choice). */
function statusBody(status: number): { label: string; message: string } {
  if (status === 429) return RATE_LIMITED_BODY
  const known: Record<number, [string, string]> = {
    400: ['INVALID_PARAM_VALUE', 'Invalid request parameter'],
    401: ['INVALID_KEY', 'Invalid key provided'],
    403: ['FORBIDDEN', 'Forbidden'],
    404: ['NOT_FOUND', 'Not Found'],
    500: ['SERVER_ERROR', 'Internal server error'],
    502: ['SERVER_ERROR', 'Bad gateway'],
    503: ['TOO_BUSY', 'Server is too busy, please try again later'],
    504: ['SERVER_ERROR', 'Gateway timeout'],
  }
  const [label, message] = known[status] ?? [`HTTP_${status}`, 'Error']
  return { label, message }
}

/** A path Gate does not serve: 404 NOT_FOUND (body unverified); the hint header names the nearest route. */
export function notFoundReply(request: RestRequest, exchangeName: string, nearest: string | undefined, where = ''): RestReply {
  const hint = `[mock-exchange] ${exchangeName} has no route ${request.method} ${request.url.pathname}${where}.${nearest ? ` Nearest: ${nearest}.` : ''}`
  return { status: 404, body: { label: 'NOT_FOUND', message: 'Not Found' }, headers: { 'x-mock-exchange-hint': hint.replace(/[^\x20-\x7e]/g, '?') } }
}

export function nativeErrors(exchangeName: string, limitHeaders: (used: number) => Record<string, string>, limit: number): NativeErrors {
  return {
    notFound: (request, nearest) => notFoundReply(request, exchangeName, nearest),
    status: (status) => ({ status, body: statusBody(status) }),
    // Gate does not ban (no 418); no Retry-After is documented (our choice: none).
    rateLimited: () => ({ status: 429, body: RATE_LIMITED_BODY, headers: limitHeaders(limit) }),
  }
}
