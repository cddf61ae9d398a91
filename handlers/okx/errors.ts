import type { NativeErrors, RestReply, RestRequest } from '../../src/exchange/types.js'

/**
 * An OKX error answer (wire-formats §5.5): `{"code":"<string>","msg":"…","data":[]}` with
 * an HTTP status that depends on the code (51001 is 200, 51000 and 50014 are 400).
 * Routes throw it; `answer()` turns it into the reply. Anything else thrown is a bug in
 * the mock and is never dressed up as an exchange error.
 */
export class OkxError extends Error {
  constructor(
    readonly code: string,
    readonly msg: string,
    readonly status: number,
  ) {
    super(msg)
    this.name = 'OkxError'
  }

  reply(): RestReply {
    return { status: this.status, body: { code: this.code, msg: this.msg, data: [] } }
  }
}

/** Runs a handler, answering a thrown OkxError the way OKX does. */
export function answer(run: () => RestReply): RestReply {
  try {
    return run()
  } catch (error) {
    if (error instanceof OkxError) return error.reply()
    throw error
  }
}

/** The success envelope: `{"code":"0","msg":"","data":[…]}`. */
export function ok(data: unknown[]): RestReply {
  return { status: 200, body: { code: '0', msg: '', data } }
}

// OKX's error templates (docs-v5 "Error Code", REST public section) filled in.
export const parameterEmpty = (name: string) => new OkxError('50014', `Parameter ${name} can not be empty.`, 400)
export const parameterError = (name: string) => new OkxError('51000', `Parameter ${name} error`, 400)
export const eitherRequired = (a: string, b: string) => new OkxError('50015', `Either parameter ${a} or ${b} is required.`, 400)
/** The body as captured live (§5.5); the docs list 51001 with HTTP 200. */
export const instrumentMissing = () => new OkxError('51001', "Instrument ID doesn't exist.", 200)

/** Observed live (§5.6): HTTP 429 and this exact body, without `data`, and no Retry-After. */
export const RATE_LIMITED_BODY = { msg: 'Too Many Requests', code: '50011' }

/**
 * Bodies for statuses a fault injects, from the docs' error table where it has the
 * status (50011 429, 50026 500, 50001 503, 50004 504, 50005 410). Other statuses are
 * answered with the status as the code and its reason phrase (our choice).
 */
function statusBody(status: number): object {
  switch (status) {
    case 429:
      return RATE_LIMITED_BODY
    case 500:
      return { code: '50026', msg: 'System error. Try again later', data: [] }
    case 503:
      return { code: '50001', msg: 'Service temporarily unavailable. Try again later', data: [] }
    case 504:
      return { code: '50004', msg: 'API endpoint request timeout (does not mean that the request was successful or failed, please check the request result).', data: [] }
    case 410:
      return { code: '50005', msg: 'API is offline or unavailable.', data: [] }
    default:
      return { code: String(status), msg: REASONS[status] ?? 'Error', data: [] }
  }
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  418: "I'm a teapot",
  502: 'Bad Gateway',
}

/**
 * A path OKX does not serve: 404 with the envelope (the real body is not documented;
 * ours keeps the `{code,msg,data}` shape). The hint header names the nearest route.
 */
export function notFoundReply(request: RestRequest, exchangeName: string, nearest: string | undefined): RestReply {
  const hint = `[mock-exchange] ${exchangeName} has no route ${request.method} ${request.url.pathname}.${nearest ? ` Nearest: ${nearest}.` : ''}`
  return { status: 404, body: { code: '404', msg: 'Not Found', data: [] }, headers: { 'x-mock-exchange-hint': hint.replace(/[^\x20-\x7e]/g, '?') } }
}

export function nativeErrors(exchangeName: string): NativeErrors {
  return {
    notFound: (request, nearest) => notFoundReply(request, exchangeName, nearest),
    status: (status) => ({ status, body: statusBody(status) }),
    // OKX does not ban and sends no Retry-After (§5.6): the same 429 however long it lasts.
    rateLimited: () => ({ status: 429, body: RATE_LIMITED_BODY }),
  }
}
