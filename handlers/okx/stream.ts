import type { Candle } from '../../src/engine/candle.js'
import type { ExchangeContext, WsConnection, WsProtocol, WsSocket } from '../../src/exchange/types.js'
import { barOf, CHANNEL_BARS, type Bar } from './bars.js'
import { candleRow, numbersOf } from './format.js'
import { wsServiceOf, type WsService } from './hosts.js'
import { instrumentById, type Instrument } from './listings.js'
import { ackFrame, channelArg, errorFrame, invalidRequest, parseWsRequest, type ChannelArg, type WsRequestError } from './ws-request.js'

/** Keepalive and limits of OKX's WebSocket (§5.7). */
export interface StreamRules {
  /** Push cadence of the candle in progress; an unchanged candle is not pushed again. */
  readonly cadenceMs: number
  /** The server closes a connection that has had nothing pushed for this long. */
  readonly idleMs: number
  /** subscribe/unsubscribe/login requests per connection per hour. */
  readonly opsPerHour: number
}

export const STREAM_RULES: StreamRules = { cadenceMs: 1000, idleMs: 30_000, opsPerHour: 480 }

const HOUR_MS = 3_600_000
const IDLE_CLOSE = { code: 4004, reason: 'No data received in 30s.' }
const MIGRATED =
  "This channel has been migrated to the '/business' URL. Please subscribe using the new URL. More details can refer to: https://www.okx.com/help-center/changes-to-v5-api-websocket-subscription-parameter-and-url"

export function okxStreams(rules: StreamRules = STREAM_RULES): WsProtocol {
  return {
    accepts: (url) => wsServiceOf(url) !== undefined,
    connect: (socket, context) => new StreamSession(socket, context, wsServiceOf(socket.url) ?? 'business', rules),
  }
}

/** Connection ids: 8 hex digits, a hash of the connection's number within its mock (one engine each) and the time it opened. */
const connections = new WeakMap<object, number>()
function connectionId(context: ExchangeContext): string {
  const count = (connections.get(context.engine) ?? 0) + 1
  connections.set(context.engine, count)
  let hash = 0x811c9dc5
  for (const char of `${count}:${context.now()}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0
  return hash.toString(16).padStart(8, '0')
}

/**
 * One connection: its subscriptions (channel + instId), text ping/pong, the idle close
 * and the request budget. Choices where OKX's behaviour is unverified: a request with
 * one bad arg subscribes none of them (one error frame, for the first bad arg);
 * unsubscribing what is not subscribed is acknowledged; a client `ping` answered with
 * `pong` counts as data pushed; a connection whose channels were all unsubscribed is
 * not closed for idleness (the docs' "subscription not established" is read as "never
 * subscribed"); the request budget answers 60014 and keeps the connection.
 */
class StreamSession implements WsConnection {
  private readonly subscriptions = new Map<string, () => void>()
  private readonly connId: string
  private open = true
  private everSubscribed = false
  private lastSent: number
  private ops: number[] = []

  constructor(
    private readonly socket: WsSocket,
    private readonly context: ExchangeContext,
    private readonly service: WsService,
    private readonly rules: StreamRules,
  ) {
    this.connId = connectionId(context)
    this.lastSent = context.now()
    this.watchIdle(rules.idleMs)
  }

  message(data: string | Uint8Array): void {
    if (!this.open) return
    const text = typeof data === 'string' ? data : new TextDecoder().decode(data)
    const request = parseWsRequest(text)
    switch (request.kind) {
      case 'ping':
        // A noPong fault silences the text pong too (the core exposes it as answersPings, see the plugin's notes).
        if ((this.socket as { answersPings?(): boolean }).answersPings?.() !== false) this.send('pong')
        return
      case 'error':
        return this.send(errorFrame(request, this.connId))
      case 'login':
        if (!this.withinBudget(request.id)) return
        // No private or business-private channels are simulated: a login never succeeds.
        return this.send(errorFrame({ code: '60009', msg: 'Login failed.', id: request.id }, this.connId))
      case 'op': {
        if (!this.withinBudget(request.id)) return
        const args: Array<{ arg: ChannelArg; instrument: Instrument; bar: Bar }> = []
        for (const raw of request.args) {
          const checked = this.check(raw, request.op, text, request.id)
          if ('code' in checked) return this.send(errorFrame(checked, this.connId))
          args.push(checked)
        }
        for (const { arg, instrument, bar } of args) {
          const key = `${arg.channel}:${arg.instId}`
          if (request.op === 'subscribe') {
            if (!this.subscriptions.has(key)) this.subscriptions.set(key, this.start(arg, instrument, bar))
            this.everSubscribed = true
          } else {
            this.subscriptions.get(key)?.()
            this.subscriptions.delete(key)
          }
          this.send(ackFrame(request.op, arg, this.connId, request.id))
        }
      }
    }
  }

  closed(): void {
    this.open = false
    this.stopAll()
  }

  /** An arg as a candle subscription, or the error OKX answers it with. */
  private check(raw: unknown, op: 'subscribe' | 'unsubscribe', text: string, id: string | undefined): { arg: ChannelArg; instrument: Instrument; bar: Bar } | WsRequestError {
    const arg = channelArg(raw)
    if (!arg) return invalidRequest(text, id)
    const wrong: WsRequestError = {
      kind: 'error',
      code: '60018',
      msg: `Wrong URL or channel:${arg.channel},instId:${arg.instId} doesn't exist. Please use the correct URL, channel and parameters referring to API document.`,
      ...(id === undefined ? {} : { id }),
    }
    if (!arg.channel.startsWith('candle')) return wrong
    if (this.service !== 'business') return { kind: 'error', code: '64001', msg: MIGRATED, ...(id === undefined ? {} : { id }) }
    const barName = arg.channel.slice('candle'.length)
    const instrument = instrumentById(this.context, arg.instId)
    if (!CHANNEL_BARS.has(barName) || !instrument) return wrong
    // A rejectSubscription fault (targeted by channel, e.g. 'candle1m'): OKX's refusal of a channel it will not serve.
    if (op === 'subscribe' && this.socket.rejects(arg.channel)) return wrong
    return { arg: { channel: arg.channel, instId: arg.instId }, instrument, bar: barOf(barName) }
  }

  /** Starts pushing a candle channel: `{"arg":{…},"data":[[9 strings]]}`, the closing push with confirm "1". */
  private start(arg: ChannelArg, instrument: Instrument, bar: Bar): () => void {
    const { listed, instType } = instrument
    const numbers = numbersOf(listed.market)
    const head = `{"arg":${JSON.stringify({ channel: arg.channel, instId: arg.instId })},"data":[`
    let last = ''
    const push = (candle: Candle, closed: boolean) => {
      const row = JSON.stringify(candleRow(candle, instType, numbers, closed))
      if (!closed && row === last) return
      last = row
      this.send(`${head}${row}]}`)
    }
    if (bar.uniform) return this.socket.follow(listed, bar.engineInterval(0), this.rules.cadenceMs, push)
    // A month in UTC+8 is no single engine interval: follow each month as its own span, the next one from its open.
    let stop = () => {}
    const followMonth = (open: number) => {
      stop = this.socket.follow(listed, bar.engineInterval(open), this.rules.cadenceMs, (candle, closed) => {
        push(candle, closed)
        if (!closed) return
        stop()
        followMonth(bar.shift(candle.openTime, 1))
      })
    }
    followMonth(bar.openOf(this.context.now()))
    return () => stop()
  }

  private send(frame: string): void {
    this.lastSent = this.context.now()
    this.socket.send(frame)
  }

  /** 480 subscribe/unsubscribe/login requests per connection per hour (§5.7); beyond, 60014. */
  private withinBudget(id: string | undefined): boolean {
    const now = this.context.now()
    this.ops = this.ops.filter((time) => now - time < HOUR_MS)
    if (this.ops.length >= this.rules.opsPerHour) {
      this.send(errorFrame({ code: '60014', msg: 'Requests too frequent.', id }, this.connId))
      return false
    }
    this.ops.push(now)
    return true
  }

  /** The 30 s rule (§5.7): closed when nothing was pushed for 30 s, unless every channel was unsubscribed. */
  private watchIdle(inMs: number): void {
    this.socket.after(inMs, () => {
      if (!this.open) return
      const idle = this.context.now() - this.lastSent
      const watched = !this.everSubscribed || this.subscriptions.size > 0
      if (watched && idle >= this.rules.idleMs) return this.shut(IDLE_CLOSE.code, IDLE_CLOSE.reason)
      this.watchIdle(watched ? this.rules.idleMs - idle : this.rules.idleMs)
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
