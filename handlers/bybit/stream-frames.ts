/**
 * Client frames on Bybit's public streams and the server's answers to them (§3.7, §4.7).
 *
 * A request is `{"op":"subscribe"|"unsubscribe","args":[…],"req_id":…}` or
 * `{"op":"ping","req_id":…}`. ccxt sends a numeric req_id and extra fields
 * (`callerMethodName`), so a number is echoed as text and unknown fields are ignored.
 * What cannot be read as a request is refused with one `success:false` frame.
 */
export type Op = 'subscribe' | 'unsubscribe' | 'ping'

export type ClientRequest =
  | { readonly op: 'subscribe' | 'unsubscribe'; readonly reqId: string; readonly args: readonly string[] }
  | { readonly op: 'ping'; readonly reqId: string }

export interface Refusal {
  readonly refused: string
  readonly reqId: string
  readonly op: string
}

const OPS = new Set<string>(['subscribe', 'unsubscribe', 'ping'])
/** Wording from a Bybit-protocol clone (§3.7); Bybit's own detail after it is unverified. */
export const DECODE_ERROR = 'Failed to decode incoming data'
export const INVALID_OP = 'error:invalid op'

/**
 * Reads a frame as Bybit's (Go) decoder would (our reading):
 * - not JSON, or JSON that is not an object (null aside), or fields of the wrong type
 *   (`op` not a string, `args` not an array of strings, `req_id` neither a string nor a
 *   number) → "Failed to decode incoming data";
 * - an unknown or missing `op` → "error:invalid op";
 * - a missing or null `req_id` is echoed as "".
 */
export function parseClientFrame(text: string): ClientRequest | Refusal {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { refused: DECODE_ERROR, reqId: '', op: '' }
  }
  if (value === null) return { refused: INVALID_OP, reqId: '', op: '' }
  if (typeof value !== 'object' || Array.isArray(value)) return { refused: DECODE_ERROR, reqId: '', op: '' }
  const frame = value as Record<string, unknown>
  const op = frame.op ?? ''
  const rawId = frame.req_id ?? ''
  const args = frame.args ?? []
  if (typeof op !== 'string' || (typeof rawId !== 'string' && typeof rawId !== 'number')) return { refused: DECODE_ERROR, reqId: '', op: '' }
  const reqId = String(rawId)
  if (!Array.isArray(args) || !args.every((arg) => typeof arg === 'string')) return { refused: DECODE_ERROR, reqId, op }
  if (!OPS.has(op)) return { refused: INVALID_OP, reqId, op }
  if (op === 'ping') return { op, reqId }
  return { op: op as 'subscribe' | 'unsubscribe', reqId, args: args as string[] }
}

export function isRefusal(parsed: ClientRequest | Refusal): parsed is Refusal {
  return 'refused' in parsed
}

/** How a category's endpoint words its answers (§3.7 spot, §4.7 linear). */
export interface Wording {
  /** Spot acks say "subscribe"/"unsubscribe"; linear leaves ret_msg empty. */
  readonly namesOpInAck: boolean
  /** Linear echoes req_id in its pong; spot's pong has none. */
  readonly reqIdInPong: boolean
}

export const SPOT_WORDING: Wording = { namesOpInAck: true, reqIdInPong: false }
export const LINEAR_WORDING: Wording = { namesOpInAck: false, reqIdInPong: true }

/** `{"success":true,"ret_msg":…,"conn_id":…,"req_id":…,"op":…}`, keys in Bybit's order. */
export function ackFrame(wording: Wording, connId: string, reqId: string, op: 'subscribe' | 'unsubscribe'): string {
  return JSON.stringify({ success: true, ret_msg: wording.namesOpInAck ? op : '', conn_id: connId, req_id: reqId, op })
}

export function pongFrame(wording: Wording, connId: string, reqId: string): string {
  return JSON.stringify(wording.reqIdInPong ? { success: true, ret_msg: 'pong', conn_id: connId, req_id: reqId, op: 'ping' } : { success: true, ret_msg: 'pong', conn_id: connId, op: 'ping' })
}

/** A refusal: `{"success":false,"ret_msg":"error:…","conn_id":…,"req_id":…,"op":…}` (§3.7 error frames). */
export function errorFrame(connId: string, reqId: string, op: string, retMsg: string): string {
  return JSON.stringify({ success: false, ret_msg: retMsg, conn_id: connId, req_id: reqId, op })
}
