import type { Market } from '../../src/engine/market.js'
import type { ExchangeContext, WsConnection, WsProtocol, WsSocket } from '../../src/exchange/types.js'
import { klineEvent, MILLISECONDS, timeUnitOf, type Numbers, type TimeUnit } from './format.js'
import { spanOf } from './intervals.js'
import { errorFrame, isStreamError, parseStreamRequest, resultFrame, type StreamRequest } from './stream-request.js'
import { firstTradeId } from './trade-ids.js'

/** What differs between spot's and USDⓈ-M's market streams (§1.7, §2.7). */
export interface StreamRules {
  /** Path prefixes before /ws and /stream: '' on spot; '/market' and the legacy '' on fapi. */
  readonly prefixes: readonly string[]
  readonly intervals: ReadonlySet<string>
  /** Push cadence of the candle in progress. */
  cadenceMs(interval: string): number
  /** fapi pushes "when something changed" (§2.7): an unchanged update is not sent again. */
  readonly onlyChanges: boolean
  readonly pingEveryMs: number
  readonly pongTimeoutMs: number
  readonly messagesPerSecond: number
  readonly maxStreams: number
  /** Spot: the `timeUnit` URL parameter and the `@+08:00` kline variant. */
  readonly spotExtras: boolean
  numbers(market: Market): Numbers
}

const LIFETIME_MS = 24 * 3_600_000
const UTC8_MS = 8 * 3_600_000
const TIME_UNITS = new Set(['MILLISECOND', 'millisecond', 'MICROSECOND', 'microsecond'])
const KLINE = /^([a-z0-9]+)@kline_(\d+[smhdwM])(@\+08:00)?$/

interface Endpoint {
  readonly combined: boolean
  readonly streams: readonly string[]
  readonly unit: TimeUnit
}

/**
 * `<prefix>/ws`, `<prefix>/ws/<anything>` (raw; each path segment that looks like a stream
 * name subscribes it, so `/ws/btcusdt@kline_1m` streams and ccxt's `/ws/0` is just a
 * connection index) and `<prefix>/stream?streams=a/b` (combined).
 */
export function streamEndpoint(url: URL, rules: StreamRules): Endpoint | undefined {
  const unitText = url.searchParams.get('timeUnit')
  if (unitText !== null && (!rules.spotExtras || !TIME_UNITS.has(unitText))) return undefined
  const unit = rules.spotExtras ? timeUnitOf(unitText) : MILLISECONDS
  for (const prefix of rules.prefixes) {
    const path = url.pathname
    if (path === `${prefix}/stream` || path === `${prefix}/stream/`) {
      const streams = (url.searchParams.get('streams') ?? '').split('/').filter((name) => name !== '')
      return { combined: true, streams, unit }
    }
    if (path === `${prefix}/ws` || path.startsWith(`${prefix}/ws/`)) {
      const segments = path.slice(prefix.length + 4).split('/').map(safeDecode)
      return { combined: false, streams: segments.filter((s) => s.includes('@') || s.startsWith('!')), unit }
    }
  }
  return undefined
}

export function binanceStreams(rules: StreamRules): WsProtocol {
  return {
    accepts: (url) => streamEndpoint(url, rules) !== undefined,
    connect: (socket, context) => new StreamSession(socket, context, rules, streamEndpoint(socket.url, rules) ?? { combined: false, streams: [], unit: MILLISECONDS }),
  }
}

/**
 * One connection: its subscriptions (in the order made, as LIST_SUBSCRIPTIONS shows
 * them), the `combined` property, keepalive and limits.
 * Choices where Binance's behaviour is unverified: a missed pong and the 24 h limit close
 * with 1001 and a reason (Binance drops the connection; 1006 cannot be sent in a close frame);
 * the stream limit answers error 4 without an id, then closes 1008 "Invalid request"
 * (as measured on fapi); the server's ping payload is its clock in ms on both APIs.
 */
class StreamSession implements WsConnection {
  private readonly subscriptions = new Map<string, () => void>()
  private combined: boolean
  private open = true
  private received: number[] = []
  private pings: string[] = []

  constructor(
    private readonly socket: WsSocket,
    private readonly context: ExchangeContext,
    private readonly rules: StreamRules,
    private readonly endpoint: Endpoint,
  ) {
    this.combined = endpoint.combined
    if (socket.supportsPing) socket.every(rules.pingEveryMs, () => this.ping())
    socket.after(LIFETIME_MS, () => this.shut(1001, 'Connection lifetime exceeded'))
    // Over the limit in the URL: refused once the connection is open (a close from inside connect() would come too early).
    if (new Set(endpoint.streams).size > rules.maxStreams) socket.after(0, () => this.subscribe(endpoint.streams))
    else this.subscribe(endpoint.streams)
  }

  message(data: string | Uint8Array): void {
    if (!this.open || !this.withinRate()) return
    const parsed = parseStreamRequest(typeof data === 'string' ? data : new TextDecoder().decode(data))
    if (isStreamError(parsed)) return this.socket.send(errorFrame(parsed, parsed.id))
    this.handle(parsed)
  }

  pong(payload: Uint8Array): void {
    if (!this.open || !this.withinRate()) return
    const answered = this.pings.indexOf(new TextDecoder().decode(payload))
    // Unsolicited pongs are allowed but keep nothing alive (§1.7).
    if (answered >= 0) this.pings.splice(0, answered + 1)
  }

  closed(): void {
    this.open = false
    this.stopAll()
  }

  private handle(request: StreamRequest): void {
    switch (request.method) {
      case 'SUBSCRIBE': {
        // A rejectSubscription fault: Binance's answer to a stream it will not serve.
        if (request.streams.some((name) => this.socket.rejects(name))) return this.socket.send(errorFrame({ code: 2, msg: 'Invalid request: invalid stream' }, request.id))
        if (this.subscribe(request.streams)) this.socket.send(resultFrame(null, request.id))
        return
      }
      case 'UNSUBSCRIBE':
        for (const name of request.streams) {
          this.subscriptions.get(name)?.()
          this.subscriptions.delete(name)
        }
        return this.socket.send(resultFrame(null, request.id))
      case 'LIST_SUBSCRIPTIONS':
        return this.socket.send(resultFrame([...this.subscriptions.keys()], request.id))
      case 'SET_PROPERTY':
        this.combined = request.value
        return this.socket.send(resultFrame(null, request.id))
      case 'GET_PROPERTY':
        return this.socket.send(resultFrame(this.combined, request.id))
    }
  }

  /** Subscribes the names not yet subscribed; false (and the connection closed) over the stream limit. */
  private subscribe(names: readonly string[]): boolean {
    const fresh = [...new Set(names)].filter((name) => !this.subscriptions.has(name))
    if (this.subscriptions.size + fresh.length > this.rules.maxStreams) {
      this.socket.send(errorFrame({ code: 4, msg: 'Too many subscriptions' }, undefined))
      this.shut(1008, 'Invalid request')
      return false
    }
    for (const name of fresh) this.subscriptions.set(name, this.start(name))
    return true
  }

  /**
   * Starts pushing a kline stream. Every other well-formed name (another stream type, an
   * unknown or uppercase symbol, an interval the API lacks) is acknowledged and stays
   * silent, as measured on fapi (§1.7, §2.7). A monthly kline on UTC+8 stays silent too:
   * the core's `follow` takes one interval, and months in a time zone are not one.
   */
  private start(name: string): () => void {
    const match = KLINE.exec(name)
    const listed = match ? this.context.marketById(match[1].toUpperCase()) : undefined
    if (!match || !listed || !this.rules.intervals.has(match[2])) return () => {}
    const [, , interval, utc8] = match
    if (utc8 && (!this.rules.spotExtras || interval.endsWith('M'))) return () => {}
    const span = spanOf(interval, utc8 ? UTC8_MS : 0)
    const numbers = this.rules.numbers(listed.market)
    const { engine } = this.context
    let trades = { open: Number.NaN, first: 0 }
    let last = ''
    return this.socket.follow(listed, span.engineInterval(0), this.rules.cadenceMs(interval), (candle, closed) => {
      if (candle.trades > 0 && candle.openTime !== trades.open) trades = { open: candle.openTime, first: firstTradeId(engine, listed.market.symbol, candle.openTime) }
      const event = klineEvent(candle, closed, listed.id, interval, this.context.now(), trades.first, numbers, this.endpoint.unit)
      if (this.rules.onlyChanges) {
        const content = JSON.stringify(event.k)
        if (!closed && content === last) return
        last = content
      }
      const data = JSON.stringify(event)
      this.socket.send(this.combined ? `{"stream":${JSON.stringify(name)},"data":${data}}` : data)
    })
  }

  /** Every incoming message counts, pongs included; one over the limit within a second closes (§1.7). */
  private withinRate(): boolean {
    const now = this.context.now()
    this.received = this.received.filter((time) => now - time < 1000)
    this.received.push(now)
    if (this.received.length <= this.rules.messagesPerSecond) return true
    this.shut(1008, 'Too many requests')
    return false
  }

  private ping(): void {
    const payload = String(this.context.now())
    this.pings.push(payload)
    this.socket.ping(new TextEncoder().encode(payload))
    this.socket.after(this.rules.pongTimeoutMs, () => {
      if (this.pings.includes(payload)) this.shut(1001, 'Pong timeout')
    })
  }

  private shut(code: number, reason: string): void {
    if (!this.open) return
    this.open = false
    this.stopAll()
    this.socket.close(code, reason)
  }

  private stopAll(): void {
    for (const stop of this.subscriptions.values()) stop()
    this.subscriptions.clear()
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
