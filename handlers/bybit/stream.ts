import type { CandleEngine } from '../../src/engine/engine.js'
import type { Interval } from '../../src/engine/interval.js'
import type { ExchangeContext, ListedMarket, WsConnection, WsProtocol, WsSocket } from '../../src/exchange/types.js'
import { listing, type Category } from './categories.js'
import { klinePush, numbersOf } from './format.js'
import { spanOf } from './intervals.js'
import { ackFrame, errorFrame, isRefusal, LINEAR_WORDING, parseClientFrame, pongFrame, SPOT_WORDING, type ClientRequest, type Wording } from './stream-frames.js'

/** §3.7, §4.7: one endpoint per category. */
const ENDPOINTS: ReadonlyMap<string, { category: Category; wording: Wording; maxArgs: number }> = new Map([
  ['/v5/public/spot', { category: 'spot' as const, wording: SPOT_WORDING, maxArgs: 10 }],
  ['/v5/public/linear', { category: 'linear' as const, wording: LINEAR_WORDING, maxArgs: Infinity }],
])

/**
 * "Push frequency: 1-60s" (§3.7): the candle in progress is pushed at most every second
 * when it changed, and at least every minute when it did not (our reading of the range);
 * the closing update (confirm:true) always.
 */
export const CADENCE_MS = 1_000
export const HEARTBEAT_MS = 60_000
/**
 * A connection that sends nothing for 10 minutes is closed (unverified for public
 * streams: the 10 minutes are the private streams' documented default). Bybit drops the
 * connection without a close frame: 1006.
 */
export const IDLE_MS = 600_000

const KLINE = /^kline\.([^.]+)\.([^.]+)$/
/** Other public topics Bybit serves (acked, never pushed by the mock). */
const SILENT = [/^orderbook\.(1|50|200|500|1000)\.([^.]+)$/, /^publicTrade\.([^.]+)$/, /^tickers\.([^.]+)$/]

/**
 * Bybit's public streams, whichever plugin gets the connection: the category comes from
 * the path (the core picks the exchange of a stream URL by origin only, and both Bybit
 * plugins share the origin).
 */
export function bybitStreams(): WsProtocol {
  return {
    accepts: (url) => ENDPOINTS.has(url.pathname),
    connect: (socket, context) => new StreamSession(socket, context),
  }
}

/**
 * One connection: its topics (one request frame succeeds or fails as a whole, as on a
 * Bybit-protocol clone, §3.7), JSON ping/pong, and the idle cut.
 */
class StreamSession implements WsConnection {
  private readonly topics = new Map<string, () => void>()
  private readonly category: Category
  private readonly wording: Wording
  private readonly maxArgs: number
  private readonly connId: string
  private stopIdle: () => void = () => {}
  private open = true

  constructor(
    private readonly socket: WsSocket,
    private readonly context: ExchangeContext,
  ) {
    const endpoint = ENDPOINTS.get(socket.url.pathname) ?? ENDPOINTS.get('/v5/public/linear')!
    this.category = endpoint.category
    this.wording = endpoint.wording
    this.maxArgs = endpoint.maxArgs
    this.connId = connectionId(context.engine, socket.url.href, context.now())
    this.armIdle()
  }

  message(data: string | Uint8Array): void {
    if (!this.open) return
    this.armIdle()
    const parsed = parseClientFrame(typeof data === 'string' ? data : new TextDecoder().decode(data))
    if (isRefusal(parsed)) return this.socket.send(errorFrame(this.connId, parsed.reqId, parsed.op, parsed.refused))
    this.handle(parsed)
  }

  closed(): void {
    this.open = false
    this.stopAll()
  }

  private handle(request: ClientRequest): void {
    if (request.op === 'ping') return this.socket.send(pongFrame(this.wording, this.connId, request.reqId))
    if (request.op === 'unsubscribe') {
      for (const topic of request.args) {
        this.topics.get(topic)?.()
        this.topics.delete(topic)
      }
      return this.socket.send(ackFrame(this.wording, this.connId, request.reqId, 'unsubscribe'))
    }
    const refusal = this.refusal(request.args)
    if (refusal) return this.socket.send(errorFrame(this.connId, request.reqId, 'subscribe', refusal))
    this.socket.send(ackFrame(this.wording, this.connId, request.reqId, 'subscribe'))
    for (const topic of request.args) this.topics.set(topic, this.start(topic))
  }

  /** Why a subscribe frame is refused, or undefined when every topic in it can be served. */
  private refusal(args: readonly string[]): string | undefined {
    if (args.length > this.maxArgs) return `args size >${this.maxArgs}`
    const seen = new Set<string>()
    for (const topic of args) {
      // A rejectSubscription fault: Bybit's answer to a topic it will not serve.
      if (this.socket.rejects(topic) || !this.serves(topic)) return `error:handler not found,topic:${topic}`
      if (this.topics.has(topic) || seen.has(topic)) return `error:already subscribed,topic:${topic}`
      seen.add(topic)
    }
    return undefined
  }

  /** Kline topics of a listed symbol and interval; other public topics of a listed symbol. Symbols are case-sensitive. */
  private serves(topic: string): boolean {
    const markets = listing(this.context, this.category)
    const kline = KLINE.exec(topic)
    if (kline) return spanOf(kline[1]) !== undefined && markets.byId(kline[2]) !== undefined
    return SILENT.some((pattern) => {
      const match = pattern.exec(topic)
      return match !== null && markets.byId(match[match.length - 1]) !== undefined
    })
  }

  /** Starts pushing a kline topic (a silent topic pushes nothing); returns its stop. */
  private start(topic: string): () => void {
    const kline = KLINE.exec(topic)
    const listed = kline ? listing(this.context, this.category).byId(kline[2]) : undefined
    const span = kline ? spanOf(kline[1]) : undefined
    if (!kline || !listed || !span) return () => {}
    return this.follow(topic, listed, kline[1], span)
  }

  /**
   * §3.7 push: `{"topic","data":[{start,end,interval,open,close,high,low,volume,turnover,confirm,timestamp}],"ts","type":"snapshot"}`.
   * `timestamp` is the last match time: when the candle changed, now (at most its last
   * millisecond); otherwise what it was.
   */
  private follow(topic: string, listed: ListedMarket, wire: string, span: Interval): () => void {
    const numbers = numbersOf(listed.market)
    let lastContent = ''
    let lastPushAt = -Infinity
    let timestamp = 0
    return this.socket.follow(listed, span, CADENCE_MS, (candle, closed) => {
      const now = this.context.now()
      const content = `${candle.openTime} ${candle.open} ${candle.high} ${candle.low} ${candle.close} ${candle.volume} ${candle.quoteVolume}`
      const changed = content !== lastContent
      if (!closed && !changed && now - lastPushAt < HEARTBEAT_MS) return
      if (changed) timestamp = Math.min(now, candle.closeTime)
      lastContent = content
      lastPushAt = now
      const data = klinePush(candle, wire, closed, timestamp, numbers)
      this.socket.send(`{"topic":${JSON.stringify(topic)},"data":[${JSON.stringify(data)}],"ts":${now},"type":"snapshot"}`)
    })
  }

  /** (Re)starts the idle cut: any frame from the client keeps the connection. */
  private armIdle(): void {
    this.stopIdle()
    this.stopIdle = this.socket.after(IDLE_MS, () => this.shut(1006, 'idle'))
  }

  private shut(code: number, reason: string): void {
    if (!this.open) return
    this.open = false
    this.stopAll()
    this.socket.close(code, reason)
  }

  private stopAll(): void {
    this.stopIdle()
    for (const stop of this.topics.values()) stop()
    this.topics.clear()
  }
}

/**
 * A UUID-shaped conn_id (§3.7) that is the same for the same seed, URL and time, so that
 * runs are byte-for-byte repeatable; connections opened at the same instant are told
 * apart by their order.
 */
const opened = new WeakMap<CandleEngine, { time: number; count: number }>()

export function connectionId(engine: CandleEngine, url: string, now: number): string {
  const last = opened.get(engine)
  const count = last && last.time === now ? last.count + 1 : 0
  opened.set(engine, { time: now, count })
  const text = `${engine.seed}|${url}|${now}|${count}`
  const hex = [0x9e3779b9, 0x85ebca6b, 0xc2b2ae35, 0x27d4eb2f].map((salt) => fnv1a(text, salt).toString(16).padStart(8, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}

function fnv1a(text: string, salt: number): number {
  let hash = (0x811c9dc5 ^ salt) >>> 0
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash
}
