/**
 * Client frames on Kraken's WS v2 (§2.5): what a request asks, or the error Kraken
 * answers it with. Texts recorded live: "Unsupported field: 'params' for the given msg
 * type: ping", "Private data and trading are unavailable on this endpoint. Try
 * ws-auth.kraken.com" and its mirror, "ESession:Invalid session". The v1 texts ccxt knows
 * (and that v2 reuses, as "Subscription depth not supported" shows) word the ohlc
 * interval errors. The others are our choice (listed in the plugin's notes).
 */
import { INTERVALS } from './intervals.js'

export type Channel = 'ohlc' | 'ticker' | 'trade' | 'book' | 'instrument'

export interface Subscription {
  readonly channel: Channel
  /** Absent for `instrument`, which takes none. */
  readonly symbols?: readonly string[]
  /** ohlc only: minutes. */
  readonly interval?: number
  readonly snapshot: boolean
}

export type V2Request =
  | { readonly method: 'ping'; readonly reqId?: number }
  | { readonly method: 'subscribe' | 'unsubscribe'; readonly reqId?: number; readonly subscription: Subscription }

export interface V2Problem {
  readonly problem: string
  readonly method?: string
  readonly reqId?: number
  readonly channel?: string
  readonly status?: 'error'
}

export const MALFORMED = 'Malformed request'
const PUBLIC_CHANNELS = new Set(['ohlc', 'ticker', 'trade', 'book', 'instrument'])
const PRIVATE_CHANNELS = new Set(['executions', 'balances', 'level3'])
const TRADING_METHODS = new Set(['add_order', 'amend_order', 'edit_order', 'cancel_order', 'cancel_all', 'cancel_all_orders_after', 'batch_add', 'batch_cancel'])
export const PRIVATE_ON_PUBLIC = 'Private data and trading are unavailable on this endpoint. Try ws-auth.kraken.com'
export const PUBLIC_ON_PRIVATE = 'Public market data subscriptions are unavailable on this endpoint. Try ws.kraken.com'
const INVALID_SESSION = 'ESession:Invalid session'

/** Fields each channel's params may carry (beyond these: "Unsupported field"). */
const PARAMS: Readonly<Record<Channel, readonly string[]>> = {
  ohlc: ['channel', 'symbol', 'interval', 'snapshot'],
  ticker: ['channel', 'symbol', 'snapshot', 'event_trigger'],
  trade: ['channel', 'symbol', 'snapshot'],
  book: ['channel', 'symbol', 'depth', 'snapshot'],
  instrument: ['channel', 'snapshot', 'include_tokenized_assets'],
}
const BOOK_DEPTHS = new Set([10, 25, 100, 500, 1000])

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
const unsupported = (field: string, method: string) => `Unsupported field: '${field}' for the given msg type: ${method}`
const missing = (field: string, method: string) => `Missing field: '${field}' for the given msg type: ${method}`

export function isProblem(parsed: V2Request | V2Problem): parsed is V2Problem {
  return 'problem' in parsed
}

export function parseRequest(text: string, privateHost: boolean): V2Request | V2Problem {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { problem: MALFORMED }
  }
  if (!isObject(value) || typeof value.method !== 'string') return { problem: MALFORMED }
  const method = value.method
  let reqId: number | undefined
  if ('req_id' in value) {
    if (typeof value.req_id !== 'number' || !Number.isSafeInteger(value.req_id)) return { problem: 'Req_id field must be an integer', method }
    reqId = value.req_id
  }
  const at = { method, reqId }
  if (method === 'ping') {
    const extra = Object.keys(value).find((key) => key !== 'method' && key !== 'req_id')
    return extra === undefined ? { method, reqId } : { problem: unsupported(extra, method), ...at }
  }
  if (TRADING_METHODS.has(method)) return { problem: privateHost ? INVALID_SESSION : PRIVATE_ON_PUBLIC, ...at }
  if (method !== 'subscribe' && method !== 'unsubscribe') return { problem: 'Event(s) not found', ...at }
  const extra = Object.keys(value).find((key) => key !== 'method' && key !== 'req_id' && key !== 'params')
  if (extra !== undefined) return { problem: unsupported(extra, method), ...at }
  if (!('params' in value)) return { problem: missing('params', method), ...at }
  const params = value.params
  if (!isObject(params)) return { problem: 'Params field must be an object', ...at }
  if (!('channel' in params)) return { problem: missing('channel', method), ...at }
  const channel = params.channel
  if (typeof channel !== 'string') return { problem: 'Channel field must be a string', ...at }
  if (PRIVATE_CHANNELS.has(channel)) return privateHost ? { problem: INVALID_SESSION, ...at, channel, status: 'error' } : { problem: PRIVATE_ON_PUBLIC, ...at }
  if (!PUBLIC_CHANNELS.has(channel)) return { problem: 'Subscription name invalid', ...at }
  if (privateHost) return { problem: PUBLIC_ON_PRIVATE, ...at }
  return readSubscription(channel as Channel, params, method, reqId)
}

function readSubscription(channel: Channel, params: Record<string, unknown>, method: 'subscribe' | 'unsubscribe', reqId: number | undefined): V2Request | V2Problem {
  const at = { method, reqId }
  const extra = Object.keys(params).find((key) => !PARAMS[channel].includes(key))
  if (extra !== undefined) return { problem: unsupported(extra, method), ...at }
  let symbols: string[] | undefined
  if (channel !== 'instrument') {
    if (!('symbol' in params)) return { problem: missing('symbol', method), ...at }
    const list = params.symbol
    if (!Array.isArray(list) || list.length === 0 || !list.every((s) => typeof s === 'string')) return { problem: 'Symbol field must be a non-empty array of strings', ...at }
    symbols = list as string[]
  }
  let snapshot = true
  if ('snapshot' in params) {
    if (typeof params.snapshot !== 'boolean') return { problem: 'Snapshot field must be a boolean', ...at }
    snapshot = params.snapshot
  }
  let interval: number | undefined
  if (channel === 'ohlc') {
    if (!('interval' in params)) return { problem: 'Subscription ohlc requires interval', ...at }
    if (typeof params.interval !== 'number' || !Number.isInteger(params.interval)) return { problem: 'Subscription ohlc interval must be an integer', ...at }
    if (!INTERVALS.has(params.interval)) return { problem: 'Subscription ohlc interval not supported', ...at }
    interval = params.interval
  }
  if (channel === 'book' && 'depth' in params && !BOOK_DEPTHS.has(params.depth as number)) return { problem: 'Subscription depth not supported', ...at }
  return { method, reqId, subscription: { channel, symbols, interval, snapshot } }
}
