import type { ExchangeContext, WsConnection, WsProtocol, WsSocket } from '../../src/exchange/types.js'
import { contracts, number } from './format.js'
import { CONTRACT_INTERVALS } from './intervals.js'

/** §2.7: no client frame closes the connection after ≈60 s (probed at 65–68 s; 66 s is our choice); pushes about once a second (cadence unverified). */
const IDLE_MS = 66_000
const CADENCE_MS = 1_000

/** `wss://contract.mexc.com/edge` (§2.7): all JSON text. */
export function contractStreams(): WsProtocol {
  return {
    accepts: (url) => url.pathname === '/edge',
    connect: (socket, context) => new ContractSession(socket, context),
  }
}

class ContractSession implements WsConnection {
  /** key `symbol` → interval name → stop. */
  private readonly subscriptions = new Map<string, Map<string, () => void>>()
  private lastMessage: number

  constructor(
    private readonly socket: WsSocket,
    private readonly context: ExchangeContext,
  ) {
    this.lastMessage = context.now()
    socket.every(1_000, () => {
      if (context.now() - this.lastMessage > IDLE_MS) socket.close(1000, 'Idle')
    })
  }

  message(data: string | Uint8Array): void {
    this.lastMessage = this.context.now()
    let value: unknown
    try {
      value = JSON.parse(typeof data === 'string' ? data : new TextDecoder().decode(data))
    } catch {
      return
    }
    if (typeof value !== 'object' || value === null) return
    const { method, param } = value as Record<string, unknown>
    const params = typeof param === 'object' && param !== null ? (param as Record<string, unknown>) : {}
    if (method === 'ping') {
      const now = this.context.now()
      return this.socket.send(JSON.stringify({ channel: 'pong', data: now, ts: now }))
    }
    if (method === 'sub.kline') return this.subscribe(params)
    if (method === 'unsub.kline') {
      const symbol = typeof params.symbol === 'string' ? params.symbol : ''
      for (const stop of this.subscriptions.get(symbol)?.values() ?? []) stop()
      this.subscriptions.delete(symbol)
      return this.reply('rs.unsub.kline', 'success')
    }
    // Unknown methods get no reply (§2.7).
  }

  closed(): void {
    for (const byInterval of this.subscriptions.values()) for (const stop of byInterval.values()) stop()
    this.subscriptions.clear()
  }

  private reply(channel: string, data: string): void {
    this.socket.send(JSON.stringify({ channel, data, ts: this.context.now() }))
  }

  private subscribe(params: Record<string, unknown>): void {
    const symbol = typeof params.symbol === 'string' ? params.symbol : ''
    const listed = this.context.marketById(symbol)
    if (!listed) return this.reply('rs.error', `Contract [${symbol}] not exists`)
    const name = params.interval === undefined ? 'Min1' : params.interval
    const interval = typeof name === 'string' ? CONTRACT_INTERVALS.get(name) : undefined
    // Unverified: the wording for a bad interval; "Param error!" is the REST text.
    if (interval === undefined || typeof name !== 'string') return this.reply('rs.error', 'Param error!')
    if (this.socket.rejects(`${symbol}@${name}`)) return this.reply('rs.error', 'Param error!')
    const byInterval = this.subscriptions.get(symbol) ?? new Map<string, () => void>()
    this.subscriptions.set(symbol, byInterval)
    // A repeat subscription is re-acked, the stream not doubled (§2.7).
    if (!byInterval.has(name)) {
      const { market } = listed
      const p = (v: number) => number(v, market.tick.decimals)
      byInterval.set(
        name,
        this.socket.follow(listed, interval, CADENCE_MS, (c) => {
          const data = {
            a: number(c.quoteVolume, market.quoteDecimals),
            c: p(c.close),
            h: p(c.high),
            interval: name,
            l: p(c.low),
            o: p(c.open),
            q: contracts(market, c.volume),
            rc: p(c.close),
            rh: p(c.high),
            rl: p(c.low),
            ro: p(c.open),
            symbol,
            t: c.openTime / 1000,
          }
          this.socket.send(JSON.stringify({ channel: 'push.kline', data, symbol, ts: this.context.now() }))
        }),
      )
    }
    this.reply('rs.sub.kline', 'success')
  }
}
