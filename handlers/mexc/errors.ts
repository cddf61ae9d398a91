import type { NativeErrors, RestReply, RestRequest } from '../../src/exchange/types.js'

/**
 * A MEXC Spot v3 error (wire-formats §1.5): HTTP 4xx and `{"msg","code","_extend":null}`
 * in that key order. Routes throw it; `answer()` turns it into the reply.
 */
export class SpotError extends Error {
  constructor(
    readonly code: number,
    readonly msg: string,
    readonly status = 400,
  ) {
    super(msg)
    this.name = 'MexcSpotError'
  }

  reply(): RestReply {
    return { status: this.status, body: { msg: this.msg, code: this.code, _extend: null } }
  }
}

/**
 * A MEXC contract error (§2.5): always HTTP 200 with `{"success":false,"code","message"}`.
 */
export class ContractError extends Error {
  constructor(
    readonly code: number,
    override readonly message: string,
  ) {
    super(message)
    this.name = 'MexcContractError'
  }

  reply(): RestReply {
    return { status: 200, body: { success: false, code: this.code, message: this.message } }
  }
}

/** Runs a handler, answering a thrown MEXC error the way MEXC does; anything else is a mock bug and propagates. */
export function answer(run: () => RestReply): RestReply {
  try {
    return run()
  } catch (error) {
    if (error instanceof SpotError || error instanceof ContractError) return error.reply()
    throw error
  }
}

export const invalidSymbol = () => new SpotError(-1121, 'Invalid symbol.')
export const invalidInterval = () => new SpotError(-1121, 'Invalid interval.')
export const badCombination = () => new SpotError(-1128, 'Combination of optional parameters invalid.')
export const contractMissing = () => new ContractError(1001, 'Contract does not exist')
export const paramError = () => new ContractError(600, 'Param error!')

/** MEXC answers an unknown path with a bare 404; the hint header names the nearest route. */
function notFoundReply(request: RestRequest, exchangeName: string, nearest: string | undefined): RestReply {
  const hint = `[mock-exchange] ${exchangeName} has no route ${request.method} ${request.url.pathname}.${nearest ? ` Nearest: ${nearest}.` : ''}`
  return { status: 404, body: '', headers: { 'x-mock-exchange-hint': hint.replace(/[^\x20-\x7e]/g, '?') } }
}

/** Spot: statuses keep the v3 envelope; a 429 carries `Retry-After` (§1.6). Bodies for 429/5xx are not documented: code = HTTP status is our choice. */
export function spotErrors(exchangeName: string): NativeErrors {
  return {
    notFound: (request, nearest) => notFoundReply(request, exchangeName, nearest),
    status: (status) => ({ status, body: { msg: statusText(status), code: status, _extend: null } }),
    rateLimited: ({ retryAfter, banned }) => ({
      status: banned ? 418 : 429,
      body: { msg: banned ? 'IP banned.' : 'Too Many Requests', code: 429, _extend: null },
      headers: { 'Retry-After': String(Math.max(0, Math.ceil(retryAfter))) },
    }),
  }
}

/** Contract API: errors are HTTP 200 + success:false (§2.5), except statuses a fault injects, which keep their status. */
export function contractErrors(exchangeName: string): NativeErrors {
  return {
    notFound: (request, nearest) => notFoundReply(request, exchangeName, nearest),
    status: (status) => ({
      status,
      body: { success: false, code: status >= 500 ? 500 : status, message: status >= 500 ? 'System internal error!' : statusText(status) },
    }),
    rateLimited: () => new ContractError(510, 'Requests are too frequent, please try again later').reply(),
  }
}

function statusText(status: number): string {
  if (status === 429) return 'Too Many Requests'
  if (status === 503) return 'Service Unavailable'
  if (status >= 500) return 'Internal error'
  return 'Bad Request'
}
