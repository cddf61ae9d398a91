import type { Candle } from '../../src/engine/candle.js'
import type { ExchangeContext, ListedMarket, WsConnection, WsProtocol, WsSocket } from '../../src/exchange/types.js'
import { REASONS, type ErrorCode } from './errors.js'
import { wireBar } from './format.js'
import { isStreamPath } from './hosts.js'
import { engineInterval } from './intervals.js'

/** §4.7: push cadence of the bar in progress (unverified): once a second. */
export const CADENCE_MS = 1_000
/** §4.7: the server pings a client it has not heard from for 15 s; two unanswered pings disconnect it. */
export const PING_MS = 15_000
export const MISSED_PINGS = 2
/** §4.7: a client ping suppresses server pings for 30 s. */
export const PING_QUIET_MS = 30_000
/** §4.7: health points reported in pings: 3 when healthy, one fewer per unanswered ping (unverified). */
const HEALTH = 3

/** Public channels other than bars: acknowledged, never fed (the mock serves candles only). */
const OTHER_CHANNELS = new Set(['depth', 'depth-realtime', 'trades', 'bbo', 'summary', 'ref-px'])

type Id = string | number | undefined

/**
 * AscendEX's stream (§4.7): greeting `{"m":"connected","type":"unauth"}`; `{"op":"sub","ch":"bar:<i>:<s1,s2…>"}`
 * → one ack `{"m":"sub","id","ch","code":0}`, then `{"m":"bar",…}` pushes (the bar in progress every
 * second, the closed bar at its boundary; the wire does not mark which); `unsub` with wildcards;
 * `{"op":"ping"}` → `{"m":"pong",…}`; server pings `{"m":"ping","hp":n}` that the client answers
 * with `{"op":"pong"}`, else it is disconnected.
 */
export function ascendexStream(): WsProtocol {
  return {
    accepts: (url) => isStreamPath(url.pathname),
    connect: (socket, context) => new Session(socket, context),
  }
}

const json = (value: unknown) => JSON.stringify(value)

class Session implements WsConnection {
  /** Key `interval:symbol` → stop. */
  private readonly bars = new Map<string, () => void>()
  private lastHeard: number
  private quietUntil = 0
  private unanswered = 0

  constructor(
    private readonly socket: WsSocket,
    private readonly context: ExchangeContext,
  ) {
    this.lastHeard = context.now()
    socket.send(json({ m: 'connected', type: 'unauth' }))
    socket.every(PING_MS, () => this.keepAlive())
  }

  message(data: string | Uint8Array): void {
    const now = this.context.now()
    this.lastHeard = now
    const text = typeof data === 'string' ? data : new TextDecoder().decode(data)
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      return this.error(undefined, 150001, `Invalid JSON: ${text.slice(0, 100)}`)
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return this.error(undefined, 150001, `Invalid JSON: ${text.slice(0, 100)}`)
    const request = parsed as Record<string, unknown>
    const id = typeof request.id === 'string' || typeof request.id === 'number' ? request.id : undefined
    switch (request.op) {
      case 'ping':
        this.quietUntil = now + PING_QUIET_MS
        this.unanswered = 0
        return this.socket.send(json({ m: 'pong', code: 0, ts: now, hp: HEALTH }))
      case 'pong':
        this.unanswered = 0
        return
      case 'sub':
        return this.subscribe(id, request.ch)
      case 'unsub':
        return this.unsubscribe(id, request.ch)
      default:
        return this.error(id, 100005, `Invalid request action: ${String(request.op).slice(0, 50)}`)
    }
  }

  closed(): void {
    for (const stop of this.bars.values()) stop()
    this.bars.clear()
  }

  private subscribe(id: Id, ch: unknown): void {
    if (typeof ch !== 'string' || ch === '') return this.error(id, 100005, 'Missing channel')
    const [name, interval, symbols] = splitChannel(ch)
    if (OTHER_CHANNELS.has(name) && interval !== undefined) return this.ack('sub', id, ch)
    if (name !== 'bar' || interval === undefined || symbols === undefined) return this.failAck(id, ch, 100005, `Invalid channel: ${ch}`)
    const engine = engineInterval(interval)
    if (!engine) return this.failAck(id, ch, 100006, `Invalid interval: ${interval}`)
    const listed: ListedMarket[] = []
    for (const symbol of symbols.split(',')) {
      const market = this.context.marketById(symbol)
      if (!market) return this.failAck(id, ch, 100008, `Invalid symbol: ${symbol}`)
      listed.push(market)
    }
    if (listed.length > 10) return this.failAck(id, ch, 100006, 'Too many symbols in one subscription')
    if (this.socket.rejects('bar')) return this.failAck(id, ch, 100005, `Subscription refused: ${ch}`)
    this.ack('sub', id, ch)
    for (const market of listed) {
      const key = `${interval}:${market.id}`
      if (this.bars.has(key)) continue
      const push = (candle: Candle) => this.socket.send(json(wireBar(candle, market.market, market.id, interval)))
      this.bars.set(key, this.socket.follow(market, engine, CADENCE_MS, push))
    }
  }

  /** §4.7: `bar:1:BTC/USDT`, `bar:*:BTC/USDT`, `bar:1`, `bar`. */
  private unsubscribe(id: Id, ch: unknown): void {
    if (typeof ch !== 'string' || ch === '') return this.error(id, 100005, 'Missing channel')
    const [name, interval, symbols] = splitChannel(ch)
    if (OTHER_CHANNELS.has(name)) return this.ack('unsub', id, ch)
    if (name !== 'bar') return this.failAck(id, ch, 100005, `Invalid channel: ${ch}`, 'unsub')
    const wanted = symbols === undefined ? undefined : new Set(symbols.split(','))
    for (const [key, stop] of this.bars) {
      const split = key.indexOf(':')
      const [keyInterval, keySymbol] = [key.slice(0, split), key.slice(split + 1)]
      if (interval !== undefined && interval !== '*' && interval !== keyInterval) continue
      if (wanted && !wanted.has(keySymbol)) continue
      stop()
      this.bars.delete(key)
    }
    this.ack('unsub', id, ch)
  }

  private ack(m: 'sub' | 'unsub', id: Id, ch: string): void {
    this.socket.send(json(id === undefined ? { m, ch, code: 0 } : { m, id, ch, code: 0 }))
  }

  /** §4.7: a failed subscription is one ack "with text explaining why" (shape unverified). */
  private failAck(id: Id, ch: string, code: ErrorCode, info: string, m: 'sub' | 'unsub' = 'sub'): void {
    const head = id === undefined ? { m, ch } : { m, id, ch }
    this.socket.send(json({ ...head, code, reason: REASONS[code], info }))
  }

  /** §4.7: `{"m":"error",…}` (shape unverified; the docs' demo client reads `reason`). */
  private error(id: Id, code: ErrorCode, info: string): void {
    this.socket.send(json(id === undefined ? { m: 'error', code, reason: REASONS[code], info } : { m: 'error', id, code, reason: REASONS[code], info }))
  }

  private keepAlive(): void {
    const now = this.context.now()
    if (now < this.quietUntil || now - this.lastHeard < PING_MS) return
    if (this.unanswered >= MISSED_PINGS) {
      this.socket.send(json({ m: 'disconnected', code: 100005, reason: 'INVALID_WS_REQUEST_DATA', info: 'Session is disconnected due to missing pong message from the client' }))
      return this.socket.close(1000, 'missing pong')
    }
    // Counted before sending, so a pong that arrives at once (same instant) clears it.
    this.unanswered++
    this.socket.send(json({ m: 'ping', hp: HEALTH - this.unanswered + 1 }))
  }
}

/** `bar:1:BTC/USDT` → ['bar', '1', 'BTC/USDT']; `bar:1` → ['bar', '1', undefined]. */
function splitChannel(ch: string): [string, string | undefined, string | undefined] {
  const parts = ch.split(':')
  return [parts[0], parts[1], parts.length > 2 ? parts.slice(2).join(':') : undefined]
}
