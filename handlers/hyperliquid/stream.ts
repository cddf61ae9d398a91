import type { ExchangeContext, ListedMarket, WsConnection, WsProtocol, WsSocket } from '../../src/exchange/types.js'
import { wireCandle } from './format.js'
import { WS_PATH } from './hosts.js'
import { isInterval } from './intervals.js'
import { universe } from './universe.js'

/** §3.7: updates on a busy coin come 0.9–1.8 per second; the mock pushes the candle in progress every second. */
export const CADENCE_MS = 1_000
/** §3.7: a connection the server has sent nothing on for 60 s is dropped (1006, no close frame). */
export const IDLE_MS = 60_000
/** §3.7: an unknown coin drops the connection about 100 ms later, with no error frame. */
export const UNKNOWN_COIN_CLOSE_MS = 100

/** Public subscription types other than candle: acknowledged, never fed (the mock serves candles only). */
const OTHER_TYPES = new Set(['allMids', 'l2Book', 'trades', 'bbo', 'activeAssetCtx'])

interface CandleSubscription {
  type: 'candle'
  coin: string
  interval: string
}

const parseError = (frame: string) => JSON.stringify({ channel: 'error', data: `Error parsing JSON into valid websocket request: ${frame}` })

/**
 * Hyperliquid's stream (§3.7) at wss://api.hyperliquid.xyz/ws: no greeting; one
 * subscription object per `subscribe` frame, acknowledged with the normalized
 * subscription, then the candle in progress at once and on every update, the closed
 * candle at its boundary (the wire does not mark it); `{"method":"ping"}` → `{"channel":"pong"}`;
 * malformed frames answer an error frame and keep the socket; an unknown coin drops it.
 */
export function hyperliquidStream(): WsProtocol {
  return {
    accepts: (url) => url.pathname === WS_PATH,
    connect: (socket, context) => new Session(socket, context),
  }
}

class Session implements WsConnection {
  private readonly subscriptions = new Map<string, () => void>()
  private idle: () => void = () => {}
  private lastSent: number

  constructor(
    private readonly socket: WsSocket,
    private readonly context: ExchangeContext,
  ) {
    this.lastSent = context.now()
    this.armIdle(IDLE_MS)
  }

  message(data: string | Uint8Array): void {
    const frame = typeof data === 'string' ? data : new TextDecoder().decode(data)
    let parsed: unknown
    try {
      parsed = JSON.parse(frame)
    } catch {
      return this.send(parseError(frame))
    }
    const request = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined
    if (request?.method === 'ping') return this.send(JSON.stringify({ channel: 'pong' }))
    if (request?.method !== 'subscribe' && request?.method !== 'unsubscribe') return this.send(parseError(frame))
    const subscription = request.subscription as Record<string, unknown> | undefined
    if (typeof subscription !== 'object' || subscription === null || Array.isArray(subscription) || typeof subscription.type !== 'string') return this.send(parseError(frame))
    if (subscription.type === 'candle') {
      if (typeof subscription.coin !== 'string' || !isInterval(subscription.interval)) return this.send(parseError(frame))
      const normalized: CandleSubscription = { type: 'candle', coin: subscription.coin, interval: subscription.interval }
      return request.method === 'subscribe' ? this.subscribe(normalized) : this.unsubscribe(normalized)
    }
    if (!OTHER_TYPES.has(subscription.type)) return this.send(parseError(frame))
    this.ack(request.method, subscription)
  }

  closed(): void {
    for (const stop of this.subscriptions.values()) stop()
    this.subscriptions.clear()
    this.idle()
  }

  private subscribe(subscription: CandleSubscription): void {
    const key = JSON.stringify(subscription)
    if (this.subscriptions.has(key)) return this.send(JSON.stringify({ channel: 'error', data: `Already subscribed: ${key}` }))
    const listed = universe(this.context).byCoin(subscription.coin)
    if (!listed) {
      // §3.7: no error frame; the server drops the TCP connection (1006) about 100 ms later.
      this.socket.after(UNKNOWN_COIN_CLOSE_MS, () => this.socket.close(1006))
      return
    }
    if (this.socket.rejects('candle')) return this.send(JSON.stringify({ channel: 'error', data: `Invalid subscription: ${key}` }))
    const target: ListedMarket = { market: listed.market, id: subscription.coin }
    this.ack('subscribe', subscription)
    const push = (candle: Parameters<typeof wireCandle>[0]) =>
      this.send(JSON.stringify({ channel: 'candle', data: wireCandle(candle, listed.market, subscription.coin, subscription.interval) }))
    try {
      push(this.context.engine.candleAt(listed.market.symbol, subscription.interval, this.context.now()))
    } catch {
      // no candle in a gap: nothing to send yet
    }
    this.subscriptions.set(key, this.socket.follow(target, subscription.interval, CADENCE_MS, (candle) => push(candle)))
  }

  private unsubscribe(subscription: CandleSubscription): void {
    const key = JSON.stringify(subscription)
    const stop = this.subscriptions.get(key)
    if (!stop) return this.send(JSON.stringify({ channel: 'error', data: `Already unsubscribed: ${key}` }))
    stop()
    this.subscriptions.delete(key)
    this.ack('unsubscribe', subscription)
  }

  private ack(method: string, subscription: unknown): void {
    this.send(JSON.stringify({ channel: 'subscriptionResponse', data: { method, subscription } }))
  }

  private send(frame: string): void {
    this.socket.send(frame)
    this.lastSent = this.context.now()
  }

  /** §3.7: the idle timer counts what the server sends: it closes 60 s after the last frame sent. */
  private armIdle(ms: number): void {
    this.idle = this.socket.after(ms, () => {
      const quiet = this.context.now() - this.lastSent
      if (quiet >= IDLE_MS) this.socket.close(1006)
      else this.armIdle(IDLE_MS - quiet)
    })
  }
}
