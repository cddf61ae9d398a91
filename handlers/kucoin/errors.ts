import type { NativeErrors, RestReply, RestRequest } from '../../src/exchange/types.js'

/**
 * A KuCoin error answer (wire-formats §3.2, §4.3): an HTTP status and `{"code":"<6 digits>","msg":…}`.
 * Routes throw it; `answer()` turns it into the reply. Anything else thrown is a bug in the mock.
 */
export class KucoinError extends Error {
  constructor(
    readonly code: string,
    readonly msg: string,
    readonly status = 200,
  ) {
    super(msg)
    this.name = 'KucoinError'
  }

  reply(): RestReply {
    return { status: this.status, body: { code: this.code, msg: this.msg } }
  }
}

export function answer(run: () => RestReply): RestReply {
  try {
    return run()
  } catch (error) {
    if (error instanceof KucoinError) return error.reply()
    throw error
  }
}

/** The success envelope every KuCoin answer carries (ccxt throws without `code:"200000"`). */
export const ok = (data: unknown): RestReply => ({ status: 200, body: { code: '200000', data } })

// §3.2: an unknown pair is answered with HTTP 200 (third-party observation); the bad-type text is KuCoin's.
export const pairNotProvided = () => new KucoinError('400100', 'This pair is not provided at present')
export const typeNotProvided = () => new KucoinError('400100', 'This type of Candlestick is currently not provided.')
/** Malformed numbers: 400 + 400100 (generic bad parameter, §3.2); the wording is ours (unverified). */
export const invalidParameter = (name: string) => new KucoinError('400100', `Parameter [${name}] is invalid.`, 400)
/** Futures (§4.3): the codes are documented, which one kline/query uses is unverified. */
export const contractNotExist = () => new KucoinError('100003', 'Contract parameter invalid')
export const granularityInvalid = () => new KucoinError('400100', 'Parameter [granularity] is invalid.', 400)

export function notFoundReply(request: RestRequest, exchangeName: string, nearest: string | undefined, note = ''): RestReply {
  const hint = `[mock-exchange] ${exchangeName} has no route ${request.method} ${request.url.pathname}${note}.${nearest ? ` Nearest: ${nearest}.` : ''}`
  return { status: 404, body: { code: '404000', msg: 'Url Not Found' }, headers: { 'x-mock-exchange-hint': hint.replace(/[^\x20-\x7e]/g, '?') } }
}

function statusBody(status: number): { code: string; msg: string } {
  if (status === 429) return { code: '429000', msg: 'Too Many Requests' }
  if (status === 404) return { code: '404000', msg: 'Url Not Found' }
  if (status === 401) return { code: '400001', msg: 'Please check the header of your request for KC-API-KEY' }
  if (status === 503) return { code: '503000', msg: 'Service Unavailable' }
  if (status >= 500) return { code: '500000', msg: 'Internal Server Error' }
  return { code: '400000', msg: 'Bad Request' }
}

export function nativeErrors(exchangeName: string): NativeErrors {
  return {
    notFound: (request, nearest) => notFoundReply(request, exchangeName, nearest),
    status: (status) => ({ status, body: statusBody(status) }),
    // §3.3: 429 + 429000; KuCoin has no ban escalation.
    rateLimited: ({ retryAfter }) => ({
      status: 429,
      body: { code: '429000', msg: 'Too Many Requests' },
      headers: { 'gw-ratelimit-reset': String(Math.max(0, Math.round(retryAfter * 1000))) },
    }),
  }
}
