/**
 * Client frames on Binance's market streams (§1.7; spot web-socket-streams.md "Live
 * Subscribing/Unsubscribing" and "Error Messages"), with the error codes 0–3 and texts.
 */
import { describe, jsonProblem, where } from './serde.js'

export type StreamRequest =
  | { readonly method: 'SUBSCRIBE' | 'UNSUBSCRIBE'; readonly id: string; readonly streams: readonly string[] }
  | { readonly method: 'LIST_SUBSCRIPTIONS'; readonly id: string }
  | { readonly method: 'SET_PROPERTY'; readonly id: string; readonly value: boolean }
  | { readonly method: 'GET_PROPERTY'; readonly id: string }

export interface StreamError {
  readonly code: number
  readonly msg: string
  /** The request's id as JSON text, `null` when it could not be read. */
  readonly id: string
}

const METHODS = ['SUBSCRIBE', 'UNSUBSCRIBE', 'LIST_SUBSCRIPTIONS', 'SET_PROPERTY', 'GET_PROPERTY']
const VARIANTS = METHODS.map((m) => `\`${m}\``).join(', ')
/** Stream names are lowercase symbol@type; we refuse only what cannot be a name at all (our reading of "invalid stream"). */
const STREAM_NAME = /^(?:[A-Za-z0-9_.\-]*@[A-Za-z0-9@_.:+\-]+|![A-Za-z0-9@_.:+\-]+)$/
/** 64-bit signed integers, alphanumeric strings of up to 36 characters (hyphens allowed: a UUID is 36), or null. */
const ID_STRING = /^[A-Za-z0-9-]{1,36}$/
const INT64 = 2n ** 63n

export function parseStreamRequest(text: string): StreamRequest | StreamError {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return { code: 3, msg: `Invalid JSON: ${jsonProblem(text, error)}`, id: 'null' }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return invalid(`invalid type: ${describe(value)}, expected struct Request at ${where(text, text.trimEnd().length)}`, 'null')
  }
  const request = value as Record<string, unknown>
  const id = idText(request, text)
  const echo = id ?? 'null'
  if ('method' in request) {
    const method = request.method
    if (typeof method !== 'string') return invalid(`invalid type: ${describe(method)}, expected variant identifier at ${where(text, methodEnd(text))}`, echo)
    if (!METHODS.includes(method)) return invalid(`unknown variant \`${method}\`, expected one of ${VARIANTS} at ${where(text, methodEnd(text))}`, echo)
  }
  if (id === undefined) return invalid('request ID must be an unsigned integer', 'null')
  if (!('method' in request)) return invalid(`missing field \`method\` at ${where(text, text.trimEnd().length)}`, id)
  const method = request.method as StreamRequest['method']
  const params = request.params
  if (params !== undefined && params !== null && !Array.isArray(params)) {
    return invalid(`invalid type: ${describe(params)}, expected a sequence at ${where(text, text.trimEnd().length)}`, id)
  }
  const list: unknown[] = Array.isArray(params) ? params : []
  switch (method) {
    case 'SUBSCRIBE':
    case 'UNSUBSCRIBE':
      if (!list.every((name) => typeof name === 'string' && STREAM_NAME.test(name))) return invalid('invalid stream', id)
      return { method, id, streams: list as string[] }
    case 'LIST_SUBSCRIPTIONS':
      return list.length > 0 ? invalid('too many parameters', id) : { method, id }
    case 'GET_PROPERTY':
    case 'SET_PROPERTY': {
      if (list.length > (method === 'SET_PROPERTY' ? 2 : 1)) return invalid('too many parameters', id)
      if (typeof list[0] !== 'string') return invalid('property name must be a string', id)
      if (list[0] !== 'combined') return { code: 0, msg: 'Unknown property', id }
      if (method === 'GET_PROPERTY') return { method, id }
      if (typeof list[1] !== 'boolean') return { code: 1, msg: 'Invalid value type: expected Boolean', id }
      return { method, id, value: list[1] }
    }
  }
}

export function isStreamError(parsed: StreamRequest | StreamError): parsed is StreamError {
  return 'code' in parsed
}

/** The error frame as Binance wraps it on the wire: {"error":{"code":…,"msg":…},"id":…}. */
export function errorFrame(error: { code: number; msg: string }, id: string | undefined): string {
  const body = JSON.stringify({ code: error.code, msg: error.msg })
  return id === undefined ? `{"error":${body}}` : `{"error":${body},"id":${id}}`
}

export function resultFrame(result: unknown, id: string): string {
  return `{"result":${JSON.stringify(result)},"id":${id}}`
}

function invalid(detail: string, id: string): StreamError {
  return { code: 2, msg: `Invalid request: ${detail}`, id }
}

/**
 * The id as JSON text to echo, or undefined when it is not an accepted id. A missing id
 * reads as null (the docs accept null; whether a missing one is refused is unverified).
 * Integers beyond 2^53 are echoed with the digits the client sent.
 */
function idText(request: Record<string, unknown>, text: string): string | undefined {
  const id = request.id
  if (id === undefined || id === null) return 'null'
  if (typeof id === 'string') return ID_STRING.test(id) ? JSON.stringify(id) : undefined
  if (typeof id !== 'number' || !Number.isInteger(id)) return undefined
  if (Number.isSafeInteger(id)) return String(id)
  const digits = topLevelNumber(text, 'id')
  if (digits === undefined) return undefined
  const value = BigInt(digits)
  return value >= -INT64 && value < INT64 ? digits : undefined
}

/**
 * The literal of a number under `key` in the outermost object, read from the text
 * (JSON.parse has already rounded ids beyond 2^53); nested keys of the same name are skipped.
 */
function topLevelNumber(text: string, key: string): string | undefined {
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (char === '"') {
      const end = stringEnd(text, i)
      if (depth === 1 && text.slice(i + 1, end) === key) {
        const match = /^\s*:\s*(-?\d+)\s*[,}]/.exec(text.slice(end + 1))
        if (match) return match[1]
      }
      i = end
    } else if (char === '{' || char === '[') depth++
    else if (char === '}' || char === ']') depth--
  }
  return undefined
}

/** Index of the quote that closes the string opening at `start`. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++
    else if (text[i] === '"') return i
  }
  return text.length
}

/** Offset just past the method's string value (serde stops at its closing quote). */
function methodEnd(text: string): number {
  const match = /"method"\s*:\s*("(?:[^"\\]|\\.)*"|[^,}\s]+)/.exec(text)
  return match ? match.index + match[0].length : text.length
}
