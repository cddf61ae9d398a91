import { every } from '../clock/boundaries.js'
import type { Subscription } from '../clock/types.js'
import type { Candle } from '../engine/candle.js'
import { nextOpenTime, openTimeOf, parseInterval, type IntervalInput } from '../engine/interval.js'
import type { ListedMarket, WsConnection, WsSocket } from '../exchange/types.js'
import type { WsFault } from '../faults/catalog.js'
import type { FaultSubject } from '../faults/injector.js'
import { frameText } from './journal.js'
import type { SimulatedExchange } from './simulated.js'
import { onClockAt } from './timers.js'

/** What a transport binding gives the core: how to move frames of one connection. */
export interface Wire {
  send(frame: string | Uint8Array): void
  close(code: number, reason: string): void
  /** Protocol ping; absent where the transport has none (browser-style WebSocket). */
  ping?(payload: Uint8Array): void
}

/** The core's side of one connection, for a binding to feed. */
export interface Session {
  /** A frame from the client. */
  receive(data: string | Uint8Array): void
  /** A protocol pong from the client. */
  pong(payload: Uint8Array): void
  /** Whether the server answers the client's protocol pings (a noPong fault says no). */
  answersPings(): boolean
  /** The client closed, or the transport went away. */
  ended(code: number): void
}

const FRAME_FAULTS = new Set(['drop', 'delay', 'duplicate', 'reorder', 'garbage', 'close'])

/** A close with afterFrames or afterMs is set up when a connection opens; a bare close hits the next frame sent. */
function isScheduledClose(rule: { type: string; afterFrames?: number; afterMs?: number }): boolean {
  return rule.type === 'close' && (rule.afterFrames !== undefined || rule.afterMs !== undefined)
}

/** Which exchange of a mock serves a WebSocket URL: the first whose origin and paths take it. */
export function wsExchangeFor(exchanges: readonly SimulatedExchange[], url: URL): SimulatedExchange | undefined {
  return exchanges.find((e) => e.answersWs(url) && e.plugin.ws.accepts(url)) ?? exchanges.find((e) => e.answersWs(url))
}

/** How long an openLatency fault holds this connection's opening (0 when none fires). */
export function openingDelay(exchange: SimulatedExchange, url: URL): number {
  const faults = exchange.faults.fire(new Set(['openLatency']), exchange.subject(url.pathname)) as WsFault[]
  return faults.reduce((ms, fault) => ms + (fault.type === 'openLatency' ? fault.ms : 0), 0)
}

/**
 * Opens a protocol session on a wire, or says why not: 'refuse' when a fault refuses
 * the connection, 'unknown' when the URL is no stream endpoint of the exchange.
 */
export function openSession(exchange: SimulatedExchange, url: URL, wire: Wire): Session | 'refuse' | 'unknown' {
  if (!exchange.plugin.ws.accepts(url)) return 'unknown'
  const opening = exchange.faults.fire(new Set(['refuse', 'noPong', 'close']), exchange.subject(url.pathname), (rule) => rule.type !== 'close' || isScheduledClose(rule)) as WsFault[]
  if (opening.some((f) => f.type === 'refuse')) return 'refuse'
  return new CoreSession(exchange, url, wire, opening)
}

class CoreSession implements Session, WsSocket {
  private readonly id: number
  private readonly stops: Array<() => void> = []
  private connection: WsConnection | undefined
  private open = true
  private silentToPings = false
  private framesSent = 0
  private closeAfterFrames: { after: number; code: number; reason: string } | undefined
  private held: string | Uint8Array | undefined
  /** The stream whose update is being sent, for faults that target a channel. */
  private current: FaultSubject

  readonly supportsPing: boolean

  constructor(
    private readonly exchange: SimulatedExchange,
    readonly url: URL,
    private readonly wire: Wire,
    opening: WsFault[],
  ) {
    this.id = exchange.nextConnectionId()
    this.supportsPing = typeof wire.ping === 'function'
    this.current = exchange.subject(undefined)
    exchange.journal.record({ kind: 'ws-open', time: exchange.clock.now(), exchange: exchange.type, url: url.href, connection: this.id })
    for (const fault of opening) {
      if (fault.type === 'noPong') this.silentToPings = true
      if (fault.type === 'close') this.scheduleClose(fault)
    }
    this.connection = exchange.plugin.ws.connect(this, exchange.context)
  }

  // ── the binding's side ──

  receive(data: string | Uint8Array): void {
    if (!this.open) return
    this.exchange.journal.record({ kind: 'ws-in', time: this.exchange.clock.now(), exchange: this.exchange.type, connection: this.id, data: frameText(data) })
    this.connection?.message(data)
  }

  pong(payload: Uint8Array): void {
    if (this.open) this.connection?.pong?.(payload)
  }

  answersPings(): boolean {
    return !this.silentToPings
  }

  ended(code: number): void {
    if (!this.open) return
    this.exchange.journal.record({ kind: 'ws-close', time: this.exchange.clock.now(), exchange: this.exchange.type, connection: this.id, code, by: 'client' })
    this.stop()
  }

  // ── the protocol's side (WsSocket) ──

  send(frame: string | Uint8Array): void {
    if (!this.open) return
    for (const fault of this.exchange.faults.fire(FRAME_FAULTS, this.current, (rule) => !isScheduledClose(rule)) as WsFault[]) {
      if (fault.type === 'drop') return
      if (fault.type === 'garbage') frame = '\u0000{"garbage":'
      if (fault.type === 'duplicate') this.transmit(frame)
      if (fault.type === 'close') return this.close(fault.code ?? 1006, fault.reason ?? '')
      if (fault.type === 'delay') {
        const late = frame
        this.stops.push(onClockAt(this.exchange.clock, this.exchange.clock.now() + fault.ms, () => this.transmit(late)))
        return
      }
      if (fault.type === 'reorder' && this.held === undefined) {
        this.held = frame
        return
      }
    }
    this.transmit(frame)
    if (this.held !== undefined) {
      const held = this.held
      this.held = undefined
      this.transmit(held)
    }
  }

  close(code: number, reason = ''): void {
    if (!this.open) return
    this.exchange.journal.record({ kind: 'ws-close', time: this.exchange.clock.now(), exchange: this.exchange.type, connection: this.id, code, by: 'server' })
    this.stop()
    this.wire.close(code, reason)
  }

  ping(payload: Uint8Array = new Uint8Array()): void {
    if (this.open && this.wire.ping) this.wire.ping(payload)
  }

  follow(market: ListedMarket, input: IntervalInput, cadenceMs: number, onUpdate: (candle: Candle, closed: boolean) => void): () => void {
    const interval = parseInterval(input)
    const { clock, engine } = this.exchange
    const symbol = market.market.symbol
    const subject = this.exchange.subject(undefined, market.id, interval.name)
    const deliver = (candle: Candle | undefined, closed: boolean) => {
      if (!candle || !this.open) return
      const previous = this.current
      this.current = subject
      try {
        onUpdate(candle, closed)
      } finally {
        this.current = previous
      }
    }
    // Closing updates first at a shared instant: subscriptions fire in the order they were made.
    const closes: Subscription = clock.onBoundary({ next: (after) => nextOpenTime(interval, openTimeOf(interval, after)) }, ({ time }) => {
      const open = openTimeOf(interval, time - 1)
      deliver(engine.candles(symbol, interval, { start: open, end: time, now: time })[0], true)
    })
    const ticks = clock.onBoundary(every(cadenceMs), ({ time }) => {
      if (openTimeOf(interval, time) === time) return
      deliver(engine.candleAt(symbol, interval, time), false)
    })
    const stop = () => {
      closes.unsubscribe()
      ticks.unsubscribe()
    }
    this.stops.push(stop)
    return stop
  }

  rejects(channel: string): boolean {
    return this.exchange.faults.fire(new Set(['rejectSubscription']), { ...this.exchange.subject(channel), route: channel }).length > 0
  }

  every(ms: number, fn: () => void): () => void {
    const subscription = this.exchange.clock.onBoundary(every(ms, this.exchange.clock.now() % ms), () => {
      if (this.open) fn()
    })
    const stop = () => subscription.unsubscribe()
    this.stops.push(stop)
    return stop
  }

  after(ms: number, fn: () => void): () => void {
    const stop = onClockAt(this.exchange.clock, this.exchange.clock.now() + ms, () => {
      if (this.open) fn()
    })
    this.stops.push(stop)
    return stop
  }

  private transmit(frame: string | Uint8Array): void {
    if (!this.open) return
    this.exchange.journal.record({ kind: 'ws-out', time: this.exchange.clock.now(), exchange: this.exchange.type, connection: this.id, data: frameText(frame) })
    this.wire.send(frame)
    this.framesSent++
    if (this.closeAfterFrames && this.framesSent >= this.closeAfterFrames.after) this.close(this.closeAfterFrames.code, this.closeAfterFrames.reason)
  }

  private scheduleClose(fault: Extract<WsFault, { type: 'close' }>): void {
    const code = fault.code ?? 1006
    const reason = fault.reason ?? ''
    if (fault.afterFrames !== undefined) this.closeAfterFrames = { after: fault.afterFrames, code, reason }
    else this.stops.push(onClockAt(this.exchange.clock, this.exchange.clock.now() + (fault.afterMs ?? 0), () => this.close(code, reason)))
  }

  private stop(): void {
    this.open = false
    for (const stop of this.stops.splice(0)) stop()
    this.connection?.closed?.()
  }
}
