/**
 * Kraken's legacy WebSocket v1 on wss://ws.kraken.com (§2.6): events instead of methods,
 * pairs by their v1 names (XBT/USD; BTC/USD is read too), a channel id per subscription,
 * and candles as arrays of strings:
 * `[channelID,["time","etime","open","high","low","close","vwap","volume",count],"ohlc-5","XBT/USD"]`.
 * Acks and errors have their keys in alphabetical order, as the docs' examples do.
 *
 * Choices where the docs are silent: the error texts beyond those §2.6 lists; acks and
 * candles name the pair as the client did; the snapshot is the newest candle with trades
 * among the last 12 intervals; heartbeats as on v2.
 */
import { openTimeOf, type Interval } from '../../src/engine/interval.js'
import type { Candle } from '../../src/engine/candle.js'
import type { ExchangeContext, WsConnection, WsSocket } from '../../src/exchange/types.js'
import { numbersOf, vwapOf, type Numbers } from './format.js'
import { INTERVALS } from './intervals.js'
import { raw, toJson } from './json.js'
import { indexOf, type Listing } from './markets.js'
import type { V2Rules } from './ws-v2.js'

const HEARTBEAT = '{"event":"heartbeat"}'
const PUBLIC = new Set(['ohlc', 'ticker', 'spread', 'trade', 'book'])
const ISO_PAIR = /^[A-Za-z0-9.]+\/[A-Za-z0-9.]+$/

type ReqId = number | string | undefined

interface Request {
  event: string
  reqid: ReqId
  pairs?: string[]
  subscription?: Record<string, unknown>
  channelID?: number
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** Seconds with six places, as v1 prints times ("1542057314.748456"). */
const seconds = (ms: number) => (ms / 1000).toFixed(6)

export class V1Session implements WsConnection {
  /** key → [channel id, stop]. */
  private readonly subscriptions = new Map<string, { id: number; pair: string; name: string; interval?: number; stop: () => void }>()
  private nextChannel = 1
  private open = true
  private lastSent = Number.NEGATIVE_INFINITY
  private heartbeats = false

  constructor(
    private readonly socket: WsSocket,
    private readonly context: ExchangeContext,
    private readonly rules: V2Rules,
    connectionId: string,
  ) {
    socket.after(0, () => this.emit(toJson({ connectionID: raw(connectionId), event: 'systemStatus', status: 'online', version: '1.9.5' })))
  }

  message(data: string | Uint8Array): void {
    if (!this.open) return
    let value: unknown
    try {
      value = JSON.parse(typeof data === 'string' ? data : new TextDecoder().decode(data))
    } catch {
      return this.emit(toJson({ errorMessage: 'Malformed request', event: 'error' }))
    }
    if (!isObject(value) || typeof value.event !== 'string') return this.emit(toJson({ errorMessage: 'Malformed request', event: 'error' }))
    const reqid = typeof value.reqid === 'number' || typeof value.reqid === 'string' ? value.reqid : undefined
    if ('reqid' in value && reqid === undefined) return this.emit(toJson({ errorMessage: 'Reqid field must be an integer', event: 'error' }))
    const request: Request = { event: value.event, reqid, subscription: isObject(value.subscription) ? value.subscription : undefined }
    switch (value.event) {
      case 'ping':
        return this.emit(toJson({ event: 'pong', reqid }))
      case 'subscribe':
      case 'unsubscribe':
        return this.subscription(request, value)
      default:
        return this.emit(toJson({ errorMessage: 'Event(s) not found', event: 'error', reqid }))
    }
  }

  closed(): void {
    this.open = false
    for (const { stop } of this.subscriptions.values()) stop()
    this.subscriptions.clear()
  }

  private subscription(request: Request, value: Record<string, unknown>): void {
    const { event, reqid } = request
    const subscribe = event === 'subscribe'
    const status = (fields: Record<string, unknown>) => this.emit(toJson({ ...fields }))
    const fail = (errorMessage: string, pair?: string, subscription: unknown = value.subscription) =>
      status({ errorMessage, event: 'subscriptionStatus', pair, reqid, status: 'error', subscription: isObject(subscription) ? subscription : undefined })
    // Unsubscribing by channel id.
    if (!subscribe && typeof value.channelID === 'number') {
      const found = [...this.subscriptions.entries()].find(([, s]) => s.id === value.channelID)
      if (!found) return fail('Subscription Not Found')
      return this.drop(found[0], reqid)
    }
    if (!isObject(value.subscription)) return fail('Subscription field must be an object')
    const subscription = value.subscription
    const name = subscription.name
    if (typeof name !== 'string' || !PUBLIC.has(name)) return fail('Subscription name invalid')
    let interval: number | undefined
    if (name === 'ohlc') {
      const given = subscription.interval ?? 1
      if (typeof given !== 'number' || !Number.isInteger(given)) return fail('Subscription ohlc interval must be an integer')
      if (!INTERVALS.has(given)) return fail('Subscription ohlc interval not supported')
      interval = given
    }
    if (!Array.isArray(value.pair) || value.pair.length === 0) return fail('Pair field must be an array')
    const echo = name === 'ohlc' ? { interval, name } : { ...subscription }
    for (const pair of value.pair) {
      if (typeof pair !== 'string' || !ISO_PAIR.test(pair)) {
        fail(`Currency pair not in ISO 4217-A3 format ${String(pair)}`, typeof pair === 'string' ? pair : undefined, echo)
        continue
      }
      const listing = indexOf(this.context).byWsname.get(pair) ?? indexOf(this.context).bySymbol.get(pair)
      const key = `${name}|${listing?.pair.wsname ?? pair}|${interval ?? ''}`
      if (!subscribe) {
        if (!this.subscriptions.has(key)) fail('Subscription Not Found', pair, echo)
        else this.drop(key, reqid)
        continue
      }
      if (!listing) {
        fail(`Currency pair not supported ${pair}`, pair, echo)
        continue
      }
      if (this.subscriptions.has(key)) {
        fail('Already subscribed', pair, echo)
        continue
      }
      if (this.socket.rejects(name)) {
        fail('EGeneral:Internal error', pair, echo)
        continue
      }
      const id = this.nextChannel++
      const channelName = name === 'ohlc' ? `ohlc-${interval}` : name === 'book' ? `book-${subscription.depth ?? 10}` : name
      status({ channelID: id, channelName, event: 'subscriptionStatus', pair, reqid, status: 'subscribed', subscription: echo })
      const stop = name === 'ohlc' && interval !== undefined ? this.follow(listing, interval, id, channelName, pair) : () => {}
      this.subscriptions.set(key, { id, pair, name: channelName, interval, stop })
      this.startHeartbeats()
    }
  }

  private drop(key: string, reqid: ReqId): void {
    const entry = this.subscriptions.get(key)!
    entry.stop()
    this.subscriptions.delete(key)
    const subscription = entry.interval === undefined ? { name: entry.name } : { interval: entry.interval, name: 'ohlc' }
    this.emit(toJson({ channelID: entry.id, channelName: entry.name, event: 'subscriptionStatus', pair: entry.pair, reqid, status: 'unsubscribed', subscription }))
  }

  /** The last valid candle first (§2.6), then every change of the candle in progress, and its final state at its close. */
  private follow(listing: Listing, minutes: number, id: number, channelName: string, pair: string): () => void {
    const interval = INTERVALS.get(minutes)!
    const numbers = numbersOf(listing.listed.market)
    const now = this.context.now()
    const latest = this.lastValid(listing, interval, now)
    let last = latest ? row(latest, numbers) : ''
    if (latest) this.emit(frame(id, latest, Math.min(now, latest.closeTime + 1), last, channelName, pair))
    return this.socket.follow(listing.listed, interval, this.rules.cadenceMs, (candle, closed) => {
      if (candle.trades === 0) return
      const content = row(candle, numbers)
      if (!closed && content === last) return
      last = content
      this.emit(frame(id, candle, this.context.now(), content, channelName, pair))
    })
  }

  private lastValid(listing: Listing, interval: Interval, now: number): Candle | undefined {
    const span = interval.kind === 'fixed' ? interval.ms : 0
    const current = openTimeOf(interval, now)
    return this.context
      .candles(listing.listed, interval, Math.max(0, current - this.rules.snapshotIntervals * span), current + 1)
      .filter((c) => c.trades > 0)
      .at(-1)
  }

  private startHeartbeats(): void {
    if (this.heartbeats) return
    this.heartbeats = true
    this.socket.after(this.rules.heartbeatMs / 2, () =>
      this.socket.every(this.rules.heartbeatMs, () => {
        if (this.context.now() - this.lastSent >= this.rules.heartbeatMs) this.emit(HEARTBEAT)
      }),
    )
  }

  private emit(text: string): void {
    if (!this.open) return
    this.lastSent = this.context.now()
    this.socket.send(text)
  }
}

/** "open","high","low","close","vwap","volume",count: what changes within a candle. */
function row(candle: Candle, n: Numbers): string {
  const prices = [candle.open, candle.high, candle.low, candle.close, vwapOf(candle, n.priceDecimals)].map((p) => JSON.stringify(n.price(p)))
  return `${prices.join(',')},"${n.volume(candle.volume)}",${candle.trades}`
}

function frame(id: number, candle: Candle, time: number, content: string, channelName: string, pair: string): string {
  return `[${id},["${seconds(time)}","${seconds(candle.closeTime + 1)}",${content}],${JSON.stringify(channelName)},${JSON.stringify(pair)}]`
}
