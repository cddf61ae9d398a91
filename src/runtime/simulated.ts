import type { Clock } from '../clock/types.js'
import type { CandleEngine } from '../engine/engine.js'
import { createContext } from '../exchange/context.js'
import type { ExchangeContext, ExchangePlugin, ListedMarket } from '../exchange/types.js'
import type { FaultInjector, FaultSubject } from '../faults/injector.js'
import { RateLimiter, type RateLimitOptions } from '../limits/limiter.js'
import type { Journal } from './journal.js'

/** One exchange of a mock: its plugin with the shared engine, clock, faults and journal, and its own limits. */
export class SimulatedExchange {
  readonly context: ExchangeContext
  readonly limiter: RateLimiter
  private readonly restOrigins: Set<string>
  private readonly wsOrigins: Set<string>
  private connections = 0

  constructor(
    readonly plugin: ExchangePlugin,
    readonly engine: CandleEngine,
    readonly clock: Clock,
    readonly faults: FaultInjector,
    readonly journal: Journal,
    limits: RateLimitOptions,
  ) {
    this.context = createContext(plugin, engine, () => clock.now())
    this.limiter = new RateLimiter(plugin.limits, limits)
    this.restOrigins = new Set(plugin.restOrigins.map(originOf))
    this.wsOrigins = new Set(plugin.wsOrigins.map(originOf))
  }

  get type(): string {
    return this.plugin.type
  }

  answersRest(url: URL): boolean {
    return this.restOrigins.has(url.origin)
  }

  answersWs(url: URL): boolean {
    return this.wsOrigins.has(wsOrigin(url))
  }

  nextConnectionId(): number {
    return ++this.connections
  }

  /** A context whose clock reads `lag` ms behind: for stale answers. */
  staleContext(lag: number): ExchangeContext {
    return createContext(this.plugin, this.engine, () => this.clock.now() - lag)
  }

  /** What faults match on for a request or stream: the exchange, a route, and a market and interval if named. */
  subject(route: string | undefined, symbolId?: string | null, interval?: string | null): FaultSubject {
    const listed: ListedMarket | undefined = symbolId ? this.context.marketById(symbolId) ?? this.context.marketById(symbolId.toUpperCase()) : undefined
    return { exchange: this.plugin.type, route, symbol: listed?.market.symbol, symbolId: symbolId ?? undefined, interval: interval ?? undefined }
  }

  reset(): void {
    this.limiter.reset()
    this.connections = 0
  }
}

/** 'https://api.binance.com:443' and 'https://api.binance.com' are one origin. */
function originOf(text: string): string {
  const url = new URL(text)
  return url.protocol.startsWith('ws') ? wsOrigin(url) : url.origin
}

function wsOrigin(url: URL): string {
  const secure = url.protocol === 'wss:' || url.protocol === 'https:'
  const port = url.port || (secure ? '443' : '80')
  return `${secure ? 'wss' : 'ws'}://${url.hostname}:${port}`
}
