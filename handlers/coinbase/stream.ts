import type { ExchangeContext, ListedMarket, WsConnection, WsProtocol, WsSocket } from '../../src/exchange/types.js'
import { goTimeString, rfc3339Nano } from './format.js'
import { WS_CANDLE_INTERVAL, WS_CANDLE_MS } from './granularity.js'
import { AUTHENTICATED_CHANNELS, ERRORS, errorFrame, parseRequest, PRODUCT_CHANNELS, wsCandleRow, type ChannelRequest } from './stream-messages.js'

/** What the Advanced Trade market-data socket enforces (§1.7, §1.8). */
export interface StreamRules {
  /** A first subscribe must arrive within this long, or the server closes. */
  readonly subscribeWithinMs: number
  /** With subscriptions but nothing sent for this long, the server closes ("60–90 s"). */
  readonly idleCloseMs: number
  /** How often the idle rule is checked: closes land between idleCloseMs and idleCloseMs + this. */
  readonly idleCheckMs: number
  /** Candle updates of the bucket in progress ("about every second"). */
  readonly candleCadenceMs: number
  readonly heartbeatMs: number
  /** Unauthenticated messages per second per IP (the whole mock is one IP). */
  readonly messagesPerSecond: number
  /** The close code for the two server-side timeouts: 1006 means the connection is dropped without a close frame. */
  readonly timeoutCloseCode: number
}

/**
 * The open connections of each mock exchange, for the per-IP message limit (the whole
 * mock is one IP). Counting over open connections (not a per-exchange list of times) keeps
 * nothing across a mock's reset(), which closes every socket: plugins get no reset hook.
 */
const sessionsByExchange = new WeakMap<ExchangeContext, Set<MarketDataSession>>()

export function advancedTradeStreams(rules: StreamRules): WsProtocol {
  return {
    // The market-data endpoint is the host's root; no pre-connect step (§1.8).
    accepts: (url) => url.pathname === '/' || url.pathname === '',
    connect: (socket, context) => new MarketDataSession(socket, context, rules),
  }
}

interface CandleStream {
  /** The ids the client subscribed that this stream serves (a -USDC alias shares its -USD stream). */
  readonly requested: Set<string>
  readonly stop: () => void
}

/**
 * One connection to wss://advanced-trade-ws.coinbase.com. Choices where Coinbase is
 * unverified (wire-formats §9):
 * - the subscribe-within-5 s and idle rules drop the connection (close 1006), and the
 *   idle rule applies only while something is subscribed;
 * - a subscribe is answered with the candle snapshot(s) first, then the cumulative
 *   `subscriptions` message; unsubscribing answers with the new list;
 * - the snapshot holds the bucket in progress only; updates come every second when the
 *   candle changed, one message per product, and at each 5-minute boundary the closed
 *   bucket is sent once more as an `update` (its final values) before the next bucket's;
 * - `subscriptions` lists channels in key order (Go's JSON) and product ids sorted;
 *   heartbeats (and status) list no product ids;
 * - channels the mock does not simulate (ticker, level2, market_trades, …) are
 *   acknowledged and stay silent; user channels need a `jwt` field (any value);
 * - an unknown product refuses the whole subscribe; over 8 messages a second (all
 *   connections) a message gets an error and is ignored; binary frames are read as text.
 */
class MarketDataSession implements WsConnection {
  private open = true
  private subscribedOnce = false
  private sequence = 0
  private lastSent: number
  private readonly openedAt: number
  /** Channel → product ids as the client named them. */
  private readonly subscriptions = new Map<string, Set<string>>()
  /** Served product id → its candle stream. */
  private readonly candleStreams = new Map<string, CandleStream>()
  private stopHeartbeats: (() => void) | undefined
  private heartbeatCounter = 0
  /** When this connection's recent messages arrived (the last second's). */
  private received: number[] = []

  constructor(
    private readonly socket: WsSocket,
    private readonly context: ExchangeContext,
    private readonly rules: StreamRules,
  ) {
    this.openedAt = context.now()
    this.lastSent = this.openedAt
    const sessions = sessionsByExchange.get(context) ?? new Set<MarketDataSession>()
    sessionsByExchange.set(context, sessions.add(this))
    socket.after(rules.subscribeWithinMs, () => {
      if (!this.subscribedOnce) this.shut(rules.timeoutCloseCode, 'subscribe timeout')
    })
    socket.every(rules.idleCheckMs, () => {
      if (this.subscriptions.size > 0 && this.context.now() - this.lastSent >= rules.idleCloseMs) this.shut(rules.timeoutCloseCode, 'idle')
    })
  }

  message(data: string | Uint8Array): void {
    if (!this.open) return
    if (!this.withinRate()) return this.socket.send(errorFrame(ERRORS.rateLimited))
    const parsed = parseRequest(typeof data === 'string' ? data : new TextDecoder().decode(data))
    if ('error' in parsed) return this.socket.send(errorFrame(parsed.error))
    if (parsed.type === 'subscribe') this.subscribe(parsed)
    else this.unsubscribe(parsed)
  }

  closed(): void {
    this.open = false
    this.stopAll()
  }

  private subscribe(request: ChannelRequest): void {
    const { channel } = request
    if ((AUTHENTICATED_CHANNELS as readonly string[]).includes(channel) && !request.jwt) return this.socket.send(errorFrame(ERRORS.authentication))
    const products = PRODUCT_CHANNELS.has(channel) ? request.productIds : []
    if (PRODUCT_CHANNELS.has(channel) && products.length === 0) return this.socket.send(errorFrame(ERRORS.noProducts))
    const served = new Map<string, ListedMarket>()
    for (const id of products) {
      const listed = this.served(id)
      if (!listed) return this.socket.send(errorFrame(ERRORS.unknownProduct(id)))
      served.set(id, listed)
    }
    // A rejectSubscription fault: the native refusal.
    if (this.socket.rejects(channel)) return this.socket.send(errorFrame(ERRORS.refused))
    this.subscribedOnce = true
    const names = this.subscriptions.get(channel) ?? new Set<string>()
    this.subscriptions.set(channel, names)
    for (const id of products) names.add(id)
    if (channel === 'candles') for (const [id, listed] of served) this.startCandles(id, listed)
    if (channel === 'heartbeats' && !this.stopHeartbeats) this.stopHeartbeats = this.socket.every(this.rules.heartbeatMs, () => this.heartbeat())
    this.sendSubscriptions()
  }

  private unsubscribe(request: ChannelRequest): void {
    const { channel } = request
    const names = this.subscriptions.get(channel)
    if (names) {
      const removed = PRODUCT_CHANNELS.has(channel) && request.productIds.length > 0 ? request.productIds.filter((id) => names.has(id)) : [...names]
      for (const id of removed) names.delete(id)
      if (names.size === 0 || !PRODUCT_CHANNELS.has(channel)) this.subscriptions.delete(channel)
      if (channel === 'candles') for (const id of removed) this.stopCandles(id)
      if (channel === 'heartbeats' && !this.subscriptions.has('heartbeats')) {
        this.stopHeartbeats?.()
        this.stopHeartbeats = undefined
      }
    }
    this.sendSubscriptions()
  }

  /** The market whose data a product id gets: itself, or for X-USDC the X-USD book it aliases (§1.8). */
  private served(id: string): ListedMarket | undefined {
    return this.context.marketById(id) ?? (id.endsWith('-USDC') ? this.context.marketById(id.slice(0, -1)) : undefined)
  }

  private startCandles(requestedId: string, listed: ListedMarket): void {
    const existing = this.candleStreams.get(listed.id)
    if (existing) {
      existing.requested.add(requestedId)
      return
    }
    const { market } = listed
    const open = Math.floor(this.context.now() / WS_CANDLE_MS) * WS_CANDLE_MS
    const [current] = this.context.candles(listed, WS_CANDLE_INTERVAL, open, open + 1)
    let last = ''
    if (current) {
      const row = wsCandleRow(current, market, listed.id)
      last = JSON.stringify(row)
      this.sendChannel('candles', [{ type: 'snapshot', candles: [row] }])
    }
    const stop = this.socket.follow(listed, WS_CANDLE_INTERVAL, this.rules.candleCadenceMs, (candle, closed) => {
      const row = wsCandleRow(candle, market, listed.id)
      const text = JSON.stringify(row)
      if (!closed && text === last) return
      last = text
      this.sendChannel('candles', [{ type: 'update', candles: [row] }])
    })
    this.candleStreams.set(listed.id, { requested: new Set([requestedId]), stop })
  }

  private stopCandles(requestedId: string): void {
    const listed = this.served(requestedId)
    const stream = listed && this.candleStreams.get(listed.id)
    if (!listed || !stream) return
    stream.requested.delete(requestedId)
    if (stream.requested.size > 0) return
    stream.stop()
    this.candleStreams.delete(listed.id)
  }

  private heartbeat(): void {
    this.heartbeatCounter++
    const now = this.context.now()
    this.sendChannel('heartbeats', [{ current_time: goTimeString(now, now - this.openedAt), heartbeat_counter: String(this.heartbeatCounter) }])
  }

  /** The cumulative list of this connection's subscriptions (§1.8); `{}` when none is left. */
  private sendSubscriptions(): void {
    const listing: Record<string, string[]> = {}
    for (const channel of [...this.subscriptions.keys()].sort()) listing[channel] = [...(this.subscriptions.get(channel) ?? [])].sort()
    this.sendChannel('subscriptions', [{ subscriptions: listing }])
  }

  /** A channel message in the envelope every channel shares; sequence_num counts every message of the connection. */
  private sendChannel(channel: string, events: unknown[]): void {
    const now = this.context.now()
    this.lastSent = now
    this.socket.send(JSON.stringify({ channel, client_id: '', timestamp: rfc3339Nano(now), sequence_num: this.sequence++, events }))
  }

  /** Every incoming message counts, on every open connection of this exchange; one over the limit within a second is refused. */
  private withinRate(): boolean {
    const now = this.context.now()
    this.received.push(now)
    let total = 0
    for (const session of sessionsByExchange.get(this.context) ?? []) {
      session.received = session.received.filter((time) => time <= now && now - time < 1000)
      total += session.received.length
    }
    return total <= this.rules.messagesPerSecond
  }

  private shut(code: number, reason: string): void {
    if (!this.open) return
    this.open = false
    this.stopAll()
    this.socket.close(code, reason)
  }

  private stopAll(): void {
    sessionsByExchange.get(this.context)?.delete(this)
    for (const stream of this.candleStreams.values()) stream.stop()
    this.candleStreams.clear()
    this.stopHeartbeats?.()
    this.stopHeartbeats = undefined
    this.subscriptions.clear()
  }
}
