import type { RestReply } from '../../src/exchange/types.js'

/**
 * Bybit v5's envelope (§3.5): `{"retCode","retMsg","result","retExtInfo","time"}`, keys
 * in that order. Business errors come back as HTTP 200 with a non-zero `retCode`.
 */
export interface Envelope {
  retCode: number
  retMsg: string
  result: unknown
  retExtInfo: Record<string, never>
  time: number
}

export function envelope(retCode: number, retMsg: string, result: unknown, time: number): Envelope {
  return { retCode, retMsg, result, retExtInfo: {}, time }
}

/** A successful answer: retCode 0, retMsg "OK". */
export function ok(result: unknown, time: number, headers?: Record<string, string>): RestReply {
  return { status: 200, body: envelope(0, 'OK', result, time), ...(headers ? { headers } : {}) }
}

/**
 * A Bybit business error. Routes throw it; `answer()` turns it into HTTP 200 with the
 * envelope and an empty `result`. Anything else thrown is a bug in the mock and is never
 * dressed up as an exchange error.
 */
export class BybitError extends Error {
  constructor(
    readonly retCode: number,
    readonly retMsg: string,
  ) {
    super(retMsg)
    this.name = 'BybitError'
  }

  reply(time: number, headers?: Record<string, string>): RestReply {
    return { status: 200, body: envelope(this.retCode, this.retMsg, {}, time), ...(headers ? { headers } : {}) }
  }
}

/** Runs a handler, answering a thrown BybitError the way Bybit does. */
export function answer(time: number, headers: Record<string, string>, run: () => RestReply): RestReply {
  try {
    const reply = run()
    return { ...reply, headers: { ...headers, ...reply.headers } }
  } catch (error) {
    if (error instanceof BybitError) return error.reply(time, headers)
    throw error
  }
}

// §3.5. The first three texts are Bybit's (ccxt's comment, third-party captures, Bybit.Net#229);
// "params error: <name> invalid" for a value that is not a number is our wording (unverified).
export const notSupportedSymbols = () => new BybitError(10001, 'Not supported symbols')
export const invalidPeriod = () => new BybitError(10001, 'Invalid period!')
export const invalidCategory = () => new BybitError(10001, 'params error: Category is invalid')
export const invalidParameter = (name: string) => new BybitError(10001, `params error: ${name} invalid`)
