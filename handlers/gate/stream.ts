import type { Candle } from '../../src/engine/candle.js'
import type { IntervalInput } from '../../src/engine/interval.js'
import type { ExchangeContext, ListedMarket, WsConnection, WsProtocol, WsSocket } from '../../src/exchange/types.js'
import { numbersOf, type Numbers } from './format.js'
import { CHANNEL_INTERVALS, intervalOf } from './intervals.js'

/** What differs between the spot and the USDT-futures WebSocket (facts §5.3, §6.4). */
export interface StreamRules {
  /** `spot` or `futures`: the channel prefix (`spot.candlesticks`, `futures.ping`). */
  readonly prefix: 'spot' | 'futures'
  /** The stream path on the plugin's WebSocket origin. */
  readonly path: string
  /** Push cadence of the candle in progress: spot 2 s (facts §7); futures unverified, the same. */
  readonly cadenceMs: number
}

export const SPOT_STREAM: StreamRules = { prefix: 'spot', path: '/ws/v4/', cadenceMs: 2000 }
export const FUTURES_STREAM: StreamRules = { prefix: 'futures', path: '/v4/ws/usdt', cadenceMs: 2000 }

export function gateStreams(rules: StreamRules): WsProtocol {
  return {
    accepts: (url) => url.pathname === rules.path,
    connect: (socket, context) => new StreamSession(socket, context, rules),
  }
}

interface Request {
  readonly time?: unknown
  readonly id?: unknown
  readonly channel?: unknown
  readonly event?: unknown
  readonly payload?: unknown
}

/**
 * One connection (facts §5.3, §6.4): `{"time","id"?,"channel","event","payload"}` requests,
 * `<prefix>.ping` → `<prefix>.pong`, one `[interval, pair]` per candlesticks subscription.
 * Choices where Gate is unverified: `time` must be an integer but is not checked against
 * the clock (clients send their wall clock, which a manual clock does not follow); a
 * frame that is not a JSON object, or has no string `channel`, is answered with code 1
 * and an empty channel; unsubscribing what is not subscribed is acknowledged; the error
 * messages for a bad interval or channel are ours.
 */
class StreamSession implements WsConnection {
  private readonly subscriptions = new Map<string, () => void>()
  private open = true

  constructor(
    private readonly socket: WsSocket,
    private readonly context: ExchangeContext,
    private readonly rules: StreamRules,
  ) {}

  message(data: string | Uint8Array): void {
    if (!this.open) return
    const text = typeof data === 'string' ? data : new TextDecoder().decode(data)
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      return this.fail({}, 1, 'invalid request body')
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return this.fail({}, 1, 'invalid request body')
    const request = value as Request
    const { prefix } = this.rules
    if (typeof request.channel !== 'string') return this.fail(request, 1, 'invalid request body')
    if (request.channel === `${prefix}.ping`) return this.reply(request, { channel: `${prefix}.pong`, event: '', error: null, result: null })
    if (typeof request.time !== 'number' || !Number.isInteger(request.time)) return this.fail(request, 1, 'invalid request body')
    if (request.id !== undefined && !(typeof request.id === 'number' && Number.isSafeInteger(request.id))) return this.fail(request, 1, 'invalid request body')
    if (request.event !== 'subscribe' && request.event !== 'unsubscribe') return this.fail(request, 1, `invalid event: ${String(request.event)}`)
    if (request.channel !== `${prefix}.candlesticks`) return this.fail(request, 2, `unknown channel: ${request.channel}`)
    const payload = request.payload
    if (!Array.isArray(payload) || payload.length !== 2 || !payload.every((x) => typeof x === 'string')) return this.fail(request, 2, 'invalid argument: payload')
    const [intervalName, id] = payload as [string, string]
    const interval = intervalOf(CHANNEL_INTERVALS, intervalName)
    if (interval === undefined) return this.fail(request, 2, `invalid interval: ${intervalName}`)
    const listed = this.context.marketById(id)
    if (!listed) return this.fail(request, 2, prefix === 'spot' ? `unknown currency pair: ${id}` : `unknown contract ${id}`)
    const key = `${intervalName}_${id}`
    if (request.event === 'unsubscribe') {
      this.subscriptions.get(key)?.()
      this.subscriptions.delete(key)
      return this.ack(request)
    }
    // A rejectSubscription fault: Gate's refusal of a channel it will not serve.
    if (this.socket.rejects(request.channel)) return this.fail(request, 2, `unknown currency pair: ${id}`)
    this.ack(request)
    if (!this.subscriptions.has(key)) this.subscriptions.set(key, this.follow(listed, interval, key))
  }

  closed(): void {
    this.open = false
    for (const stop of this.subscriptions.values()) stop()
    this.subscriptions.clear()
  }

  /** `update` events: the candle in progress every cadence, the closed one once with `w: true`. */
  private follow(listed: ListedMarket, interval: IntervalInput, name: string): () => void {
    const numbers = numbersOf(listed.market)
    const channel = `${this.rules.prefix}.candlesticks`
    return this.socket.follow(listed, interval, this.rules.cadenceMs, (candle, closed) => {
      const result = this.rules.prefix === 'spot' ? spotResult(candle, numbers, name, closed) : [futuresResult(candle, numbers, name, closed)]
      this.send({ ...this.stamp(), channel, event: 'update', result })
    })
  }

  private stamp(): { time: number; time_ms: number } {
    const now = this.context.now()
    return { time: Math.floor(now / 1000), time_ms: now }
  }

  private ack(request: Request): void {
    this.reply(request, { channel: request.channel, event: request.event, error: null, result: { status: 'success' } })
  }

  private fail(request: Request, code: number, message: string): void {
    const channel = typeof request.channel === 'string' ? request.channel : ''
    const event = typeof request.event === 'string' ? request.event : ''
    this.reply(request, { channel, event, ...(request.payload === undefined ? {} : { payload: request.payload }), error: { code, message }, result: { status: 'fail' } })
  }

  /** `{"time","time_ms","id"?, …}`: the id of a request that had one (an integer) is echoed. */
  private reply(request: Request, fields: Record<string, unknown>): void {
    const id = typeof request.id === 'number' && Number.isSafeInteger(request.id) ? { id: request.id } : {}
    this.send({ ...this.stamp(), ...id, ...fields })
  }

  private send(frame: object): void {
    if (this.open) this.socket.send(JSON.stringify(frame))
  }
}

/** facts §5.3: an object of strings, `v` quote volume, `a` base amount, `w` the closed flag. */
function spotResult(candle: Candle, n: Numbers, name: string, closed: boolean): Record<string, string | boolean> {
  return {
    t: String(candle.openTime / 1000),
    v: n.quote(candle.quoteVolume),
    c: n.price(candle.close),
    h: n.price(candle.high),
    l: n.price(candle.low),
    o: n.price(candle.open),
    n: name,
    a: n.base(candle.volume),
    w: closed,
  }
}

/** facts §6.4: `t` and `v` (contracts) integers, `a` base amount; `w` as on spot (its presence on futures is unverified). */
function futuresResult(candle: Candle, n: Numbers, name: string, closed: boolean): Record<string, string | number | boolean> {
  return {
    t: candle.openTime / 1000,
    v: n.contracts(candle.volume),
    c: n.price(candle.close),
    h: n.price(candle.high),
    l: n.price(candle.low),
    o: n.price(candle.open),
    n: name,
    a: n.base(candle.volume),
    w: closed,
  }
}
