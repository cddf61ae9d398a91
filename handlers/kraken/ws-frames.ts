/**
 * WS v2 frames as Kraken writes them (§2.5, and frames recorded live 2026-09-10/25):
 * method answers (acks, errors, pongs) have their keys in alphabetical order; data
 * frames are channel, type, timestamp, data; prices and volumes are JSON numbers with
 * the REST decimals (77400.0, 0.03771523).
 */
import type { Candle } from '../../src/engine/candle.js'
import { isoMicros, isoNanos, vwapOf, type Numbers } from './format.js'
import { raw, toJson } from './json.js'

export interface ErrorAnswer {
  readonly error: string
  readonly method?: string
  readonly reqId?: number
  readonly symbol?: string
  /** Only on the authenticated host's session errors (recorded: "channel":"executions", "status":"error"). */
  readonly channel?: string
  readonly status?: 'error'
}

/** `{"error":…,"method":…,"req_id":…,"success":false,"symbol":…,"time_in":…,"time_out":…}`. */
export function errorFrame(answer: ErrorAnswer, now: number): string {
  const time = isoMicros(now)
  return toJson({
    channel: answer.channel,
    error: answer.error,
    method: answer.method,
    req_id: answer.reqId,
    status: answer.status,
    success: false,
    symbol: answer.symbol,
    time_in: time,
    time_out: time,
  })
}

/** `{"method":"subscribe","req_id":…,"result":{…},"success":true,"time_in":…,"time_out":…}`, one per symbol. */
export function ackFrame(method: string, reqId: number | undefined, result: Record<string, unknown>, now: number): string {
  const time = isoMicros(now)
  return toJson({ method, req_id: reqId, result, success: true, time_in: time, time_out: time })
}

/** `{"method":"pong","req_id":…,"time_in":…,"time_out":…}`. */
export function pongFrame(reqId: number | undefined, now: number): string {
  const time = isoMicros(now)
  return toJson({ method: 'pong', req_id: reqId, time_in: time, time_out: time })
}

/** The banner sent on connect (recorded verbatim 2026-09-10, the connection id a u64 beyond 2^53). */
export function statusFrame(connectionId: string): string {
  return toJson({
    channel: 'status',
    type: 'update',
    data: [{ version: '2.0.10', system: 'online', api_version: 'v2', connection_id: raw(connectionId), upcoming_maintenance: [], emergency: [] }],
  })
}

export const HEARTBEAT = '{"channel":"heartbeat"}'

/** The warning every ohlc ack carries (recorded 2026-09-10). */
export const OHLC_WARNINGS = ['timestamp is deprecated, use interval_begin']

/**
 * One candle: `interval_begin` is its open (9 places), `timestamp` its end (6 places,
 * deprecated but still sent), numbers with the pair's decimals.
 */
export function candleRow(symbol: string, candle: Candle, minutes: number, n: Numbers): string {
  return toJson({
    symbol,
    open: raw(n.price(candle.open)),
    high: raw(n.price(candle.high)),
    low: raw(n.price(candle.low)),
    close: raw(n.price(candle.close)),
    trades: candle.trades,
    volume: raw(n.volume(candle.volume)),
    vwap: raw(n.price(vwapOf(candle, n.priceDecimals))),
    interval_begin: isoNanos(candle.openTime),
    interval: minutes,
    timestamp: isoMicros(candle.closeTime + 1),
  })
}

/** `{"channel":"ohlc","type":"snapshot"|"update","timestamp":<sent, 9 places>,"data":[rows…]}`. */
export function ohlcFrame(type: 'snapshot' | 'update', rows: readonly string[], now: number): string {
  return `{"channel":"ohlc","type":"${type}","timestamp":"${isoNanos(now)}","data":[${rows.join(',')}]}`
}
