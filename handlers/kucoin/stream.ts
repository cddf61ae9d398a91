import type { Candle } from '../../src/engine/candle.js'
import type { IntervalInput } from '../../src/engine/interval.js'
import type { ExchangeContext, ListedMarket, WsConnection, WsProtocol, WsSocket } from '../../src/exchange/types.js'
import { PING_INTERVAL_MS, PING_TIMEOUT_MS } from './bullet.js'
import { contractsOf } from './candles.js'
import { priceText, quoteText, volumeText } from './format.js'

/** What differs between the spot and futures candle streams (§3.5, §4.4). */
export interface StreamRules {
  /** Topic prefix: '/market/candles:' or '/contractMarket/limitCandle:'. */
  readonly prefix: string
  readonly subject: string
  readonly types: ReadonlyMap<string, IntervalInput>
  readonly cadenceMs: number
  /** Spot pushes on trades: nothing when the candle did not change. Futures push every second. */
  readonly onlyChanges: boolean
  /** The 7 strings of `data.candles`. */
  candles(listed: ListedMarket, candle: Candle): string[]
  /** `data.time`, as raw JSON (spot: 19-digit ns, beyond a JS number; futures: ms). */
  time(now: number): string
  /** How long a silent client is kept (default pingInterval + pingTimeout); null: forever, for harnesses that cannot ping. */
  readonly idleTimeoutMs?: number | null
}

export const spotCandles = ({ market }: ListedMarket, c: Candle): string[] => [
  String(c.openTime / 1000),
  priceText(market, c.open),
  priceText(market, c.close),
  priceText(market, c.high),
  priceText(market, c.low),
  volumeText(market, c.volume),
  quoteText(market, c.quoteVolume),
]

/** §4.4: element 5 is documented as wrong; ccxt reads element 6 as the volume, here in contracts as on REST. */
export const futuresCandles = (listed: ListedMarket, c: Candle): string[] => {
  const contracts = contractsOf(listed, c.volume)
  return [...spotCandles(listed, c).slice(0, 5), `${contracts}.0`, String(contracts)]
}

const frame = (value: Record<string, unknown>) => JSON.stringify(value)

/** The KuCoin stream protocol: welcome, subscribe/unsubscribe with acks, JSON ping/pong, idle close. */
export function kucoinStream(rules: StreamRules): WsProtocol {
  return {
    accepts: (url) => url.pathname === '/' || url.pathname === '',
    connect: (socket, context) => new KucoinSession(socket, context, rules),
  }
}

class KucoinSession implements WsConnection {
  private readonly topics = new Map<string, () => void>()
  private stopIdle: () => void = () => {}
  private readonly connectId: string

  constructor(
    private readonly socket: WsSocket,
    private readonly context: ExchangeContext,
    private readonly rules: StreamRules,
  ) {
    this.connectId = socket.url.searchParams.get('connectId') || String(context.now())
    const token = socket.url.searchParams.get('token')
    // After connect() returns: a frame sent from inside it would precede the open.
    socket.after(0, () => {
      if (!token) {
        // (unverified) code and text for a missing token.
        this.send({ id: this.connectId, type: 'error', code: 401, data: 'token is required' })
        return socket.close(1000, 'token is required')
      }
      this.send({ id: this.connectId, type: 'welcome' })
    })
    this.armIdle()
  }

  message(data: string | Uint8Array): void {
    this.armIdle()
    const text = typeof data === 'string' ? data : new TextDecoder().decode(data)
    let request: unknown
    try {
      request = JSON.parse(text)
    } catch {
      return this.error(undefined, 400, 'Invalid message format')
    }
    if (typeof request !== 'object' || request === null || Array.isArray(request)) return this.error(undefined, 400, 'Invalid message format')
    const { id, type, topic, response } = request as Record<string, unknown>
    // Answers echo the request's id; without one (KuCoin requires it; the answer is unverified), the connect id.
    const requestId = typeof id === 'string' || typeof id === 'number' ? String(id) : this.connectId
    if (type === 'ping') return this.send({ id: requestId, type: 'pong' })
    if (type !== 'subscribe' && type !== 'unsubscribe') return this.error(requestId, 415, 'type is not supported')
    if (typeof topic !== 'string') return this.error(requestId, 404, 'topic does not exist')
    const targets = this.parseTopic(topic)
    if (!targets) return this.error(requestId, 404, 'topic does not exist')
    if (type === 'subscribe') {
      if (this.socket.rejects(topic)) return this.error(requestId, 500, 'Internal Server Error')
      for (const target of targets) this.subscribe(target)
    } else {
      for (const target of targets) this.unsubscribe(target.key)
    }
    if (response === true || response === 'true') this.send({ id: requestId, type: 'ack' })
  }

  closed(): void {
    this.stopIdle()
    for (const stop of this.topics.values()) stop()
    this.topics.clear()
  }

  /** `/market/candles:BTC-USDT_1min` (several `symbol_type` joined by commas); undefined when any part is unknown. */
  private parseTopic(topic: string): Array<{ key: string; listed: ListedMarket; type: string; interval: IntervalInput }> | undefined {
    if (!topic.startsWith(this.rules.prefix)) return undefined
    const parts = topic.slice(this.rules.prefix.length).split(',')
    const targets = []
    for (const part of parts) {
      const cut = part.lastIndexOf('_')
      if (cut < 0) return undefined
      const listed = this.context.marketById(part.slice(0, cut))
      const type = part.slice(cut + 1)
      const interval = this.rules.types.get(type)
      if (!listed || interval === undefined) return undefined
      targets.push({ key: `${this.rules.prefix}${listed.id}_${type}`, listed, type, interval })
    }
    return targets.length > 0 ? targets : undefined
  }

  private subscribe(target: { key: string; listed: ListedMarket; interval: IntervalInput }): void {
    if (this.topics.has(target.key)) return
    let last = ''
    const stop = this.socket.follow(target.listed, target.interval, this.rules.cadenceMs, (candle) => {
      const candles = this.rules.candles(target.listed, candle)
      const key = candles.join(',')
      if (this.rules.onlyChanges && key === last) return
      last = key
      const data = `{"symbol":${JSON.stringify(target.listed.id)},"candles":${JSON.stringify(candles)},"time":${this.rules.time(this.context.now())}}`
      this.socket.send(`{"topic":${JSON.stringify(target.key)},"type":"message","subject":${JSON.stringify(this.rules.subject)},"data":${data}}`)
    })
    this.topics.set(target.key, stop)
  }

  private unsubscribe(key: string): void {
    this.topics.get(key)?.()
    this.topics.delete(key)
  }

  /** §3.5: a client silent for pingInterval + pingTimeout is disconnected (the exact rule is unverified). */
  private armIdle(): void {
    this.stopIdle()
    const timeout = this.rules.idleTimeoutMs === undefined ? PING_INTERVAL_MS + PING_TIMEOUT_MS : this.rules.idleTimeoutMs
    if (timeout !== null) this.stopIdle = this.socket.after(timeout, () => this.socket.close(1000, 'Ping timeout'))
  }

  /** A frame that is no request has no id to echo: the connect id then, as for connection-level errors. */
  private error(id: string | undefined, code: number, data: string): void {
    this.send({ id: id ?? this.connectId, type: 'error', code, data })
  }

  private send(value: Record<string, unknown>): void {
    this.socket.send(frame(value))
  }
}
