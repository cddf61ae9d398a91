import type { NativeErrors, RestReply, RestRequest } from '../../src/exchange/types.js'

/**
 * A Kraken error answer (§2.1, §2.3): HTTP 200 and `{"error":["EQuery:Unknown asset pair"]}`,
 * with no `result` key at all (as live captures show). Routes throw it; `answer()` turns it
 * into the reply. Anything else thrown is a bug in the mock and is never dressed up as
 * an exchange error.
 */
export class KrakenError extends Error {
  constructor(
    readonly error: string,
    readonly status = 200,
  ) {
    super(error)
    this.name = 'KrakenError'
  }

  reply(headers?: Record<string, string>): RestReply {
    return { status: this.status, body: { error: [this.error] }, ...(headers ? { headers } : {}) }
  }
}

/** The success envelope: an empty error list beside the result. */
export function envelope(result: unknown): { error: string[]; result: unknown } {
  return { error: [], result }
}

/** Runs a handler, answering a thrown KrakenError the way Kraken does. */
export function answer(run: () => RestReply): RestReply {
  try {
    return run()
  } catch (error) {
    if (error instanceof KrakenError) return error.reply()
    throw error
  }
}

export const unknownPair = () => new KrakenError('EQuery:Unknown asset pair')
export const unknownAsset = () => new KrakenError('EQuery:Unknown asset')
export const invalidArguments = () => new KrakenError('EGeneral:Invalid arguments')
export const TOO_MANY_REQUESTS = 'EGeneral:Too many requests'
export const UNKNOWN_METHOD = 'EGeneral:Unknown method'

/**
 * Bodies for statuses a fault injects. Kraken's docs say HTTP statuses carry nothing and
 * errors live in the `error` list; a non-200 means the request did not reach its servers.
 * The texts are Kraken's (ccxt's exception table); which one goes with which status is our choice.
 */
function statusError(status: number): string {
  if (status === 429) return TOO_MANY_REQUESTS
  if (status === 503 || status === 502 || status >= 520) return 'EService:Unavailable'
  if (status === 504) return 'EService:Busy'
  if (status >= 500) return 'EGeneral:Internal error'
  if (status === 404) return UNKNOWN_METHOD
  if (status === 401 || status === 403) return 'EGeneral:Permission denied'
  return 'EGeneral:Invalid arguments'
}

/** A path Kraken does not serve: `EGeneral:Unknown method` (404 is our choice), with a hint naming the nearest route. */
export function notFoundReply(request: RestRequest, exchangeName: string, nearest: string | undefined): RestReply {
  const asked = `${request.method} ${request.url.pathname}`
  const hint = `[mock-exchange] ${exchangeName} has no route ${asked}.${nearest ? ` Nearest: ${nearest}.` : ''}`
  return { status: 404, body: { error: [UNKNOWN_METHOD] }, headers: { 'x-mock-exchange-hint': hint.replace(/[^\x20-\x7e]/g, '?') } }
}

export function nativeErrors(exchangeName: string): NativeErrors {
  return {
    notFound: (request, nearest) => notFoundReply(request, exchangeName, nearest),
    status: (status) => ({ status, body: { error: [statusError(status)] } }),
    // §2.3, §2.4: "EGeneral:Too many requests" in a 200 body, no Retry-After or limit headers (Kraken sends none).
    rateLimited: () => ({ status: 200, body: { error: [TOO_MANY_REQUESTS] } }),
  }
}
