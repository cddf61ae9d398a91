import { nextOpenTime, parseInterval } from '../../src/engine/interval.js'
import type { ExchangeContext, WsConnection, WsProtocol, WsSocket } from '../../src/exchange/types.js'
import { price, quantity, quote } from './format.js'
import { CONTRACT_INTERVALS } from './intervals.js'
import { encodePushWrapper } from './protobuf.js'

const CHANNEL = /^spot@public\.kline\.v3\.api\.pb@([A-Z0-9]+)@([A-Za-z0-9]+)$/
/** §1.7: ≤ 30 subscriptions; no subscription for 30 s, or no client frame for 60 s, closes; 24 h lifetime. */
const MAX_STREAMS = 30
const IDLE_UNSUBSCRIBED_MS = 30_000
const IDLE_MS = 60_000
const LIFETIME_MS = 24 * 3_600_000
/** Docs: the candle in progress is pushed every second. */
const CADENCE_MS = 1_000

/** `wss://wbs-api.mexc.com/ws` (§1.7): JSON control frames, protobuf kline pushes. */
export function spotStreams(): WsProtocol {
  return {
    accepts: (url) => url.pathname === '/ws' || url.pathname === '/ws/',
    connect: (socket, context) => new SpotSession(socket, context),
  }
}

interface Request {
  readonly method: string
  readonly params: readonly unknown[]
  readonly id: unknown
}

class SpotSession implements WsConnection {
  private readonly subscriptions = new Map<string, () => void>()
  private lastMessage: number

  constructor(
    private readonly socket: WsSocket,
    private readonly context: ExchangeContext,
  ) {
    this.lastMessage = context.now()
    socket.after(IDLE_UNSUBSCRIBED_MS, () => {
      if (this.subscriptions.size === 0) socket.close(1000, 'No valid subscription')
    })
    socket.every(1_000, () => {
      if (context.now() - this.lastMessage > IDLE_MS) socket.close(1000, 'Idle')
    })
    socket.after(LIFETIME_MS, () => socket.close(1000, 'Connection lifetime exceeded'))
  }

  message(data: string | Uint8Array): void {
    this.lastMessage = this.context.now()
    const request = parse(data)
    // Unreadable frames get no answer (our choice; MEXC's reply is not documented).
    if (!request) return
    const method = request.method.toUpperCase()
    if (method === 'PING') return this.socket.send(JSON.stringify({ id: 0, code: 0, msg: 'PONG' }))
    const id = typeof request.id === 'number' && Number.isSafeInteger(request.id) ? request.id : 0
    const channels = request.params.map((p) => (typeof p === 'string' ? p : JSON.stringify(p)))
    if (method === 'SUBSCRIPTION') return this.subscribe(channels, id)
    if (method === 'UNSUBSCRIPTION') {
      for (const channel of channels) {
        this.subscriptions.get(channel)?.()
        this.subscriptions.delete(channel)
      }
      return this.socket.send(JSON.stringify({ id, code: 0, msg: channels.join(',') }))
    }
  }

  closed(): void {
    for (const stop of this.subscriptions.values()) stop()
    this.subscriptions.clear()
  }

  private subscribe(channels: readonly string[], id: number): void {
    const accepted: string[] = []
    const refused: string[] = []
    for (const channel of channels) {
      if (this.subscriptions.has(channel)) accepted.push(channel)
      else if (this.subscriptions.size < MAX_STREAMS && !this.socket.rejects(channel) && this.start(channel)) accepted.push(channel)
      else refused.push(channel)
    }
    // §1.7: a refusal is still code 0; only msg tells (two spaces, full-width colon, trailing space).
    if (refused.length > 0) this.socket.send(JSON.stringify({ id, code: 0, msg: `Not Subscribed successfully! [${refused.join(',')}].  Reason： Blocked! ` }))
    if (accepted.length > 0) this.socket.send(JSON.stringify({ id, code: 0, msg: accepted.join(',') }))
  }

  private start(channel: string): boolean {
    const match = CHANNEL.exec(channel)
    if (!match) return false
    const listed = this.context.marketById(match[1])
    const interval = CONTRACT_INTERVALS.get(match[2])
    if (!listed || listed.market.kind !== 'spot' || interval === undefined) return false
    const span = parseInterval(interval)
    const { market } = listed
    const stop = this.socket.follow(listed, interval, CADENCE_MS, (candle) => {
      const now = this.context.now()
      this.socket.send(
        encodePushWrapper({
          channel,
          symbol: listed.id,
          symbolId: symbolIdOf(listed.id),
          createTime: now,
          sendTime: now,
          publicSpotKline: {
            interval: match[2],
            windowStart: candle.openTime / 1000,
            openingPrice: price(market, candle.open),
            closingPrice: price(market, candle.close),
            highestPrice: price(market, candle.high),
            lowestPrice: price(market, candle.low),
            volume: quantity(market, candle.volume),
            amount: quote(market, candle.quoteVolume),
            windowEnd: nextOpenTime(span, candle.openTime) / 1000,
          },
        }),
      )
    })
    this.subscriptions.set(channel, stop)
    return true
  }
}

function parse(data: string | Uint8Array): Request | undefined {
  try {
    const value: unknown = JSON.parse(typeof data === 'string' ? data : new TextDecoder().decode(data))
    if (typeof value !== 'object' || value === null) return undefined
    const { method, params, id } = value as Record<string, unknown>
    if (typeof method !== 'string') return undefined
    return { method, params: Array.isArray(params) ? params : [], id }
  } catch {
    return undefined
  }
}

/** A stable 32-hex id per symbol (MEXC's are opaque hex; ours is a hash of the symbol). */
function symbolIdOf(symbol: string): string {
  let out = ''
  let hash = 2166136261
  for (let round = 0; round < 4; round++) {
    for (const char of `${round}:${symbol}`) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0
    out += hash.toString(16).padStart(8, '0')
  }
  return out
}
