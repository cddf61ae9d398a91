import { openTimeOf } from '../../src/engine/interval.js'
import type { ExchangeContext, WsConnection, WsSocket } from '../../src/exchange/types.js'
import { numbersOf } from './format.js'
import { INTERVALS } from './intervals.js'
import { indexOf, type Listing } from './markets.js'
import { ackFrame, candleRow, errorFrame, HEARTBEAT, OHLC_WARNINGS, ohlcFrame, pongFrame, statusFrame } from './ws-frames.js'
import { isProblem, parseRequest, type Subscription } from './ws-request.js'

export interface V2Rules {
  /** Push cadence of the candle in progress (Kraken pushes on trades; a push carries only a change). */
  readonly cadenceMs: number
  /** Candles in the snapshot: the candle in progress and those opened in the intervals before it. */
  readonly snapshotIntervals: number
  /** A heartbeat when nothing else was sent for this long (§2.5: "about once per second"). */
  readonly heartbeatMs: number
}

/**
 * One WS v2 connection (§2.5): a status banner on connect; subscribe and unsubscribe
 * answered per symbol; an ohlc snapshot, then an update whenever the candle in progress
 * changed and a last one when it closes (Kraken has no closed flag: the next update
 * carries a new `interval_begin`); heartbeats once a subscription exists; ping → pong.
 *
 * Choices where Kraken's behaviour is unverified: candles without trades are never
 * sent (none in snapshots, no updates), as recorded snapshots leave quiet minutes out;
 * the candle's final state is pushed at its close, timestamped with the close;
 * channels other than ohlc are acknowledged and stay silent (this mock makes candles only).
 */
export class V2Session implements WsConnection {
  private readonly subscriptions = new Map<string, () => void>()
  private open = true
  private lastSent = Number.NEGATIVE_INFINITY
  private heartbeats = false

  constructor(
    private readonly socket: WsSocket,
    private readonly context: ExchangeContext,
    private readonly rules: V2Rules,
    private readonly privateHost: boolean,
    connectionId: string,
  ) {
    // After connect() returns: a frame sent from inside it would precede the open.
    socket.after(0, () => this.emit(statusFrame(connectionId)))
  }

  message(data: string | Uint8Array): void {
    if (!this.open) return
    const parsed = parseRequest(typeof data === 'string' ? data : new TextDecoder().decode(data), this.privateHost)
    const now = this.context.now()
    if (isProblem(parsed)) return this.emit(errorFrame({ error: parsed.problem, method: parsed.method, reqId: parsed.reqId, channel: parsed.channel, status: parsed.status }, now))
    if (parsed.method === 'ping') return this.emit(pongFrame(parsed.reqId, now))
    if (parsed.method === 'subscribe') this.subscribe(parsed.subscription, parsed.reqId)
    else this.unsubscribe(parsed.subscription, parsed.reqId)
  }

  closed(): void {
    this.open = false
    for (const stop of this.subscriptions.values()) stop()
    this.subscriptions.clear()
  }

  private subscribe(subscription: Subscription, reqId: number | undefined): void {
    const { channel, interval, snapshot } = subscription
    const fail = (error: string, symbol?: string) => this.emit(errorFrame({ error, method: 'subscribe', reqId, symbol }, this.context.now()))
    if (!subscription.symbols) {
      // instrument: one ack, no data.
      if (this.subscriptions.has(keyOf(channel, undefined, undefined))) return fail('Already subscribed')
      if (this.socket.rejects(channel)) return fail('EGeneral:Internal error')
      this.subscriptions.set(keyOf(channel, undefined, undefined), () => {})
      this.emit(ackFrame('subscribe', reqId, { channel, snapshot }, this.context.now()))
      return this.startHeartbeats()
    }
    for (const symbol of subscription.symbols) {
      const listing = indexOf(this.context).bySymbol.get(symbol)
      if (!listing) {
        fail(`Currency pair not supported ${symbol}`, symbol)
        continue
      }
      const key = keyOf(channel, symbol, interval)
      if (this.subscriptions.has(key)) {
        fail('Already subscribed', symbol)
        continue
      }
      // A rejectSubscription fault (target it with channel: 'ohlc').
      if (this.socket.rejects(channel)) {
        fail('EGeneral:Internal error', symbol)
        continue
      }
      const result = channel === 'ohlc' ? { channel, interval, snapshot, symbol, warnings: OHLC_WARNINGS } : { channel, snapshot, symbol }
      this.emit(ackFrame('subscribe', reqId, result, this.context.now()))
      this.subscriptions.set(key, channel === 'ohlc' && interval !== undefined ? this.follow(listing, interval, snapshot) : () => {})
      this.startHeartbeats()
    }
  }

  private unsubscribe(subscription: Subscription, reqId: number | undefined): void {
    const { channel, interval } = subscription
    for (const symbol of subscription.symbols ?? [undefined]) {
      const key = keyOf(channel, symbol, interval)
      const stop = this.subscriptions.get(key)
      if (!stop) {
        this.emit(errorFrame({ error: 'Subscription Not Found', method: 'unsubscribe', reqId, symbol }, this.context.now()))
        continue
      }
      stop()
      this.subscriptions.delete(key)
      this.emit(ackFrame('unsubscribe', reqId, { channel, interval, symbol }, this.context.now()))
    }
  }

  /** The snapshot, then updates on the exchange's clock. */
  private follow(listing: Listing, minutes: number, snapshot: boolean): () => void {
    const interval = INTERVALS.get(minutes)!
    const { listed, pair } = listing
    const numbers = numbersOf(listed.market)
    let last = ''
    if (snapshot) {
      const now = this.context.now()
      const current = openTimeOf(interval, now)
      const span = interval.kind === 'fixed' ? interval.ms : 0
      const candles = this.context.candles(listed, interval, Math.max(0, current - this.rules.snapshotIntervals * span), current + 1).filter((c) => c.trades > 0)
      const rows = candles.map((candle) => candleRow(pair.symbol, candle, minutes, numbers))
      if (candles.at(-1)?.openTime === current) last = rows.at(-1)!
      this.emit(ohlcFrame('snapshot', rows, now))
    }
    return this.socket.follow(listed, interval, this.rules.cadenceMs, (candle, closed) => {
      if (candle.trades === 0) return
      const row = candleRow(pair.symbol, candle, minutes, numbers)
      if (!closed && row === last) return
      last = row
      this.emit(ohlcFrame('update', [row], this.context.now()))
    })
  }

  private startHeartbeats(): void {
    if (this.heartbeats) return
    this.heartbeats = true
    // Half a period off the push cadence, so that a heartbeat never ties with an update.
    this.socket.after(this.rules.heartbeatMs / 2, () =>
      this.socket.every(this.rules.heartbeatMs, () => {
        if (this.context.now() - this.lastSent >= this.rules.heartbeatMs) this.emit(HEARTBEAT)
      }),
    )
  }

  private emit(frame: string): void {
    if (!this.open) return
    this.lastSent = this.context.now()
    this.socket.send(frame)
  }
}

function keyOf(channel: string, symbol: string | undefined, interval: number | undefined): string {
  return `${channel}|${symbol ?? ''}|${interval ?? ''}`
}

