import type { IncomingMessage } from 'node:http'
import type { ExchangePlugin } from '../exchange/types.js'
import { exchangeFor } from '../runtime/rest.js'
import type { SimulatedExchange } from '../runtime/simulated.js'

/**
 * - `port-per-exchange`: each exchange on its own port, every path as on the exchange's real
 *   host (`http://127.0.0.1:PORT/api/v3/klines`), WebSocket on the same port.
 * - `one-port`: all exchanges on one port, each under its type as a path prefix
 *   (`http://127.0.0.1:PORT/binance_spot/api/v3/klines`, `ws://…/binance_spot/ws/…`).
 */
export type Layout = 'port-per-exchange' | 'one-port'

/** One exchange as a port serves it: under `prefix` ('' or '/binance_spot'). */
export interface Mount {
  readonly exchange: SimulatedExchange
  readonly prefix: string
}

/** Where a request goes: the exchange, and the URL its pipeline sees. */
export interface Target {
  readonly exchange: SimulatedExchange
  readonly url: URL
}

export type Routed = Target | { readonly miss: string }

/**
 * The same plugin, answering on the server's local origins too: everything else (routes,
 * protocol, errors, limits) is read through from the plugin itself.
 */
export function withLocalOrigins(plugin: ExchangePlugin, rest: readonly string[], ws: readonly string[]): ExchangePlugin {
  return Object.create(plugin, {
    restOrigins: { value: [...plugin.restOrigins, ...rest], enumerable: true },
    wsOrigins: { value: [...plugin.wsOrigins, ...ws], enumerable: true },
  }) as ExchangePlugin
}

/**
 * Maps what arrives on one port to an exchange and a URL.
 *
 * A request whose Host (or absolute request target, as a proxy sends) names one of the
 * mounted exchanges' real hosts is that host's request exactly: `Host: fapi.binance.com`
 * reaches fapi's routes, with the real host's rules (no prefix, even on one port). Any
 * other request is local: the pipeline sees the server's own origin
 * (`http://127.0.0.1:PORT/...`), where a plugin serves every route by path — Binance spot
 * answers `/api/v3/klines` and the `/fapi/v1/exchangeInfo` ccxt loads on one base URL.
 */
export class PortRouter {
  private mounts: readonly Mount[] = []
  private readonly realHosts = { rest: new Map<string, string>(), ws: new Map<string, string>() }

  constructor(readonly origins: { readonly http: string; readonly ws: string }) {}

  mount(mounts: readonly Mount[]): void {
    this.mounts = mounts
    const local = new URL(this.origins.http).hostname
    for (const { exchange } of mounts) {
      for (const origin of exchange.plugin.restOrigins) addHost(this.realHosts.rest, origin, local)
      for (const origin of exchange.plugin.wsOrigins) addHost(this.realHosts.ws, origin, local)
    }
  }

  get mounted(): readonly Mount[] {
    return this.mounts
  }

  rest(request: IncomingMessage): Routed {
    return this.route(request, 'rest')
  }

  ws(request: IncomingMessage): Routed {
    return this.route(request, 'ws')
  }

  private route(request: IncomingMessage, kind: 'rest' | 'ws'): Routed {
    if (this.mounts.length === 0) return { miss: 'the server is not started yet' }
    let target: URL
    try {
      // An absolute request target (a proxy's) carries its host; otherwise the Host header does.
      target = new URL(request.url ?? '/', `http://${request.headers.host ?? 'localhost'}`)
    } catch {
      return { miss: `the request target ${JSON.stringify(request.url)} is not a URL path` }
    }
    const real = this.realHosts[kind].get(target.hostname.toLowerCase())
    if (real) {
      const url = new URL(`${target.pathname}${target.search}`, real)
      const exchanges = this.mounts.map((m) => m.exchange)
      const exchange = kind === 'rest' ? restExchange(exchanges, url, request.method) : exchanges.find((e) => e.answersWs(url))
      if (exchange) return { exchange, url }
    }
    const mount = this.mounts.find((m) => m.prefix === '' || target.pathname === m.prefix || target.pathname.startsWith(`${m.prefix}/`))
    if (!mount) {
      const example = `${this.mounts[0].prefix}${kind === 'rest' ? '/<the exchange’s REST path>' : '/<its stream path>'}`
      return {
        miss: `no exchange is mounted at ${target.pathname}. This port serves ${this.mounts.map((m) => m.prefix).join(', ')}: put an exchange's prefix before its real path, e.g. ${example}.`,
      }
    }
    const path = target.pathname.slice(mount.prefix.length) || '/'
    return { exchange: mount.exchange, url: new URL(`${path}${target.search}`, kind === 'rest' ? this.origins.http : this.origins.ws) }
  }
}

/** Which exchange answers a real host's request (exchangeFor, as in process); none for a method fetch cannot carry. */
function restExchange(exchanges: SimulatedExchange[], url: URL, method = 'GET'): SimulatedExchange | undefined {
  try {
    return exchangeFor(exchanges, new Request(url, { method }))
  } catch {
    return undefined
  }
}

function addHost(hosts: Map<string, string>, origin: string, local: string): void {
  const hostname = new URL(origin).hostname.toLowerCase()
  if (hostname !== local && !hosts.has(hostname)) hosts.set(hostname, origin)
}
