/**
 * Client frames on OKX's v5 WebSocket (§5.7; docs-v5 "WebSocket" overview and error
 * codes 60012/60013/60018/60019): the text `ping`, or `{"id"?, "op", "args": [{channel,
 * instId}, …]}`. Anything else is an error frame, never a closed connection.
 */

export interface ChannelArg {
  readonly channel: string
  readonly instId: string
}

export type WsRequest =
  | { readonly kind: 'ping' }
  | { readonly kind: 'op'; readonly op: 'subscribe' | 'unsubscribe'; readonly id?: string; readonly args: readonly unknown[] }
  | { readonly kind: 'login'; readonly id?: string }

export interface WsRequestError {
  readonly kind: 'error'
  readonly code: string
  readonly msg: string
  readonly id?: string
}

/** "up to 32 alphanumeric characters" (docs). */
const ID = /^[A-Za-z0-9]{1,32}$/
/** Ops OKX knows on some service (trading ops on /private, login everywhere); the business service serves only (un)subscribe and login here. */
const OPS = new Set(['subscribe', 'unsubscribe', 'login'])

export function invalidRequest(text: string, id?: string): WsRequestError {
  return { kind: 'error', code: '60012', msg: `Invalid request: ${text}`, ...(id === undefined ? {} : { id }) }
}

export function parseWsRequest(text: string): WsRequest | WsRequestError {
  if (text === 'ping') return { kind: 'ping' }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return invalidRequest(text)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return invalidRequest(text)
  const request = value as Record<string, unknown>
  const rawId = request.id
  if (rawId !== undefined && (typeof rawId !== 'string' || !ID.test(rawId))) return invalidRequest(text)
  const id = rawId as string | undefined
  const op = request.op
  if (typeof op !== 'string') return invalidRequest(text, id)
  if (!OPS.has(op)) return { kind: 'error', code: '60019', msg: `Invalid op: ${op}`, ...(id === undefined ? {} : { id }) }
  if (op === 'login') return { kind: 'login', id }
  const args = request.args
  if (!Array.isArray(args) || args.length === 0) return { kind: 'error', code: '60013', msg: 'Invalid args', ...(id === undefined ? {} : { id }) }
  return { kind: 'op', op: op as 'subscribe' | 'unsubscribe', id, args }
}

/** An arg as an object with string fields, or undefined when it is not one. */
export function channelArg(arg: unknown): ChannelArg | undefined {
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) return undefined
  const { channel, instId } = arg as Record<string, unknown>
  if (typeof channel !== 'string' || (instId !== undefined && typeof instId !== 'string')) return undefined
  return { channel, instId: (instId as string | undefined) ?? '' }
}

/** `{"id"?, "event":"error","code","msg","connId"}`: the id leads when the request had one. */
export function errorFrame(error: { code: string; msg: string; id?: string }, connId: string): string {
  return JSON.stringify({ ...(error.id === undefined ? {} : { id: error.id }), event: 'error', code: error.code, msg: error.msg, connId })
}

/** `{"id"?, "event":"subscribe"|"unsubscribe","arg":{channel,instId},"connId"}`, one per arg. */
export function ackFrame(event: 'subscribe' | 'unsubscribe', arg: ChannelArg, connId: string, id?: string): string {
  return JSON.stringify({ ...(id === undefined ? {} : { id }), event, arg: { channel: arg.channel, instId: arg.instId }, connId })
}
