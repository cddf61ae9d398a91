import { MockExchange, type Faults } from '../api/mock-exchange.js'
import { DEFAULT_MARKETS } from '../api/options.js'
import type { Clock } from '../clock/types.js'
import type { CandleEngine, EngineMarketConfig } from '../engine/engine.js'
import { parseInterval } from '../engine/interval.js'
import type { Market } from '../engine/market.js'
import { MockExchangeError } from '../errors.js'
import type { ExchangePlugin } from '../exchange/types.js'
import type { FaultHandle } from '../faults/injector.js'
import { pluginFor } from '../registry.js'
import type { Journal } from '../runtime/journal.js'
import { PortListener } from './listener.js'
import { networkFaults, type NetworkConditions } from './network.js'
import { SERVER_OPTIONS, type MockServerOptions, type ServerEndpoint } from './options.js'
import { canonicalPair } from './pairs.js'
import { withLocalOrigins, type Mount } from './routing.js'

const DEFAULT_GRACE_MS = 1_000

/** A pair added with `addTradingPair`: a market of the engine, and the interval it was added with (informational). */
export interface TradingPair extends EngineMarketConfig {
  readonly interval: string
}

interface Running {
  readonly mock: MockExchange
  readonly listeners: readonly PortListener[]
  readonly endpoints: readonly ServerEndpoint[]
}

/**
 * The seed's server API: the same plugins, engine, clock, faults and limits as in
 * process, served on real loopback ports for clients in other processes and languages.
 *
 * ```ts
 * const server = createMockServer({ exchangeType: ExchangeType.BINANCE_SPOT, port: 0 })
 * server.addTradingPair('BTCUSDT', '1m', 50_000)
 * const url = await server.start()        // 'http://127.0.0.1:54321': GET `${url}/api/v3/klines?...`
 * await server.stop()
 * ```
 */
export function createMockServer(options: MockServerOptions): MockServer {
  return new MockServer(options)
}

export class MockServer {
  private readonly pairs = new Map<string, TradingPair>()
  private readonly plugins: readonly ExchangePlugin[]
  private network: NetworkConditions | undefined
  private networkHandles: FaultHandle[] = []
  private running: Running | undefined
  private state: 'stopped' | 'starting' | 'running' | 'stopping' = 'stopped'
  private starting: Promise<unknown> | undefined

  constructor(private readonly options: MockServerOptions) {
    checkOptions(options)
    const selection = options.exchangeType
    this.plugins = (Array.isArray(selection) ? selection : [selection]).map((s) => checkPlugin(pluginFor(s as ExchangePlugin)))
    const types = this.plugins.map((p) => p.type)
    const twice = types.find((type, i) => types.indexOf(type) !== i)
    if (twice) throw new MockExchangeError('BAD_OPTIONS', `Failed to create the server: "${twice}" is listed twice. Serve each exchange once.`)
    if (options.network) networkFaults(options.network) // validates now rather than at start()
    this.network = options.network
  }

  /**
   * Adds a market before `start()`: 'BTCUSDT' or 'BTC/USDT' (any separator), its price at
   * the clock's start, and more market options if wanted. The interval is checked and kept
   * in `tradingPairs` but does not restrict anything: every interval the exchange has is
   * served, and no candles need preloading (the engine draws any range on demand).
   */
  addTradingPair(pair: string, interval = '1m', initialPrice?: number, market: Omit<EngineMarketConfig, 'symbol' | 'price'> = {}): this {
    const symbol = canonicalPair(pair)
    if (this.state !== 'stopped') {
      throw new MockExchangeError(
        'SERVER_STARTED',
        `Failed to add the pair ${symbol}: the server is running and its markets are fixed when it starts. Add pairs before start(), or stop(), add them, and start() again.`,
      )
    }
    parseInterval(interval)
    if (initialPrice !== undefined && !(Number.isFinite(initialPrice) && initialPrice > 0)) {
      throw new MockExchangeError('BAD_MARKET', `Failed to add the pair ${symbol}: the initial price must be a number > 0 (got ${initialPrice}).`)
    }
    this.pairs.set(symbol, { ...market, symbol, interval, ...(initialPrice !== undefined ? { price: initialPrice } : {}) })
    return this
  }

  get tradingPairs(): readonly TradingPair[] {
    return [...this.pairs.values()]
  }

  /**
   * Latency, packet loss and server errors for every exchange of this server, as fault
   * rules (see `networkFaults`); replaces the previous conditions. Before or after start.
   * `setNetworkConditions(undefined)` or `{}` is a perfect network again.
   */
  setNetworkConditions(conditions: NetworkConditions | undefined): void {
    const rules = networkFaults(conditions ?? {}, this.clockSpeed)
    this.network = conditions
    if (!this.running) return
    for (const handle of this.networkHandles) handle.remove()
    this.networkHandles = rules.map((rule) => this.running!.mock.faults.add(rule))
  }

  /** Binds the port(s), builds the mock, and resolves with the first exchange's REST base URL. */
  async start(): Promise<string> {
    if (this.state !== 'stopped') {
      throw new MockExchangeError('ALREADY_STARTED', `Failed to start: the server is already ${this.state}. Call start() once, and stop() before starting again.`)
    }
    this.state = 'starting'
    const opening = this.open()
    this.starting = opening.catch(() => {})
    try {
      this.running = await opening
    } catch (error) {
      this.state = 'stopped'
      throw error
    } finally {
      this.starting = undefined
    }
    this.state = 'running'
    return this.running.endpoints[0].rest
  }

  /**
   * Closes every connection (WebSocket clients get 1001 "server stopping"; whatever is
   * left after `graceMs`, default 1000, is cut) and frees the ports. Safe to call twice.
   */
  async stop(options: { graceMs?: number } = {}): Promise<void> {
    if (this.starting) await this.starting // a stop during start stops what started
    const running = this.running
    if (!running || this.state !== 'running') return
    this.state = 'stopping'
    try {
      await Promise.all(running.listeners.map((listener) => listener.close(options.graceMs ?? DEFAULT_GRACE_MS)))
    } finally {
      running.mock.clock.dispose()
      this.running = undefined
      this.networkHandles = []
      this.state = 'stopped'
    }
  }

  get started(): boolean {
    return this.state === 'running'
  }

  /** The first exchange's REST base URL. */
  get url(): string {
    return this.live('read the URL').endpoints[0].rest
  }

  /** Where each exchange is served. */
  get endpoints(): readonly ServerEndpoint[] {
    return this.live('read the endpoints').endpoints
  }

  /** The running mock: engine, clock, faults, journal, exactly as in process. */
  get mock(): MockExchange {
    return this.live('reach the mock').mock
  }
  get clock(): Clock {
    return this.mock.clock
  }
  get engine(): CandleEngine {
    return this.mock.engine
  }
  get faults(): Faults {
    return this.mock.faults
  }
  get journal(): Journal {
    return this.mock.journal
  }
  get markets(): Market[] {
    return this.mock.markets
  }

  /** Open WebSocket connections, across ports. */
  get connections(): number {
    return this.running?.listeners.reduce((sum, listener) => sum + listener.connections, 0) ?? 0
  }

  private get clockSpeed(): number {
    return this.options.clock?.mode === 'accelerated' ? (this.options.clock.speed ?? 60) : 1
  }

  private live(what: string): Running {
    if (!this.running) throw new MockExchangeError('NOT_STARTED', `Failed to ${what}: the server is not running. await server.start() first.`)
    return this.running
  }

  private async open(): Promise<Running> {
    const { host = '127.0.0.1', port = 0, layout = 'port-per-exchange' } = this.options
    if (layout !== 'port-per-exchange' && layout !== 'one-port') {
      throw new MockExchangeError('BAD_OPTIONS', `Failed to start: layout is ${JSON.stringify(layout)}; use 'port-per-exchange' or 'one-port'.`)
    }
    if (!(Number.isInteger(port) && port >= 0 && port + (layout === 'one-port' ? 0 : this.plugins.length - 1) <= 65535)) {
      throw new MockExchangeError('BAD_OPTIONS', `Failed to start: port must be a whole number from 0 to 65535 (0 picks a free one); got ${port}.`)
    }
    let mock: MockExchange | undefined
    const journalLimit = this.options.journalLimit ?? 10_000
    const onTraffic = () => mock && trim(mock, journalLimit)
    const listenerOptions = { host, maxBufferedBytes: this.options.maxBufferedBytes ?? 4 << 20, onTraffic }
    const ports = layout === 'one-port' ? [port] : this.plugins.map((_, i) => (port === 0 ? 0 : port + i))
    const listeners: PortListener[] = []
    try {
      for (const p of ports) listeners.push(await PortListener.open({ ...listenerOptions, port: p }))
      const listenerOf = (i: number) => listeners[layout === 'one-port' ? 0 : i]
      const prefixOf = (plugin: ExchangePlugin) => (layout === 'one-port' ? `/${encodeURIComponent(plugin.type)}` : '')
      const served = this.plugins.map((plugin, i) => withLocalOrigins(plugin, [listenerOf(i).router.origins.http], [listenerOf(i).router.origins.ws]))
      mock = new MockExchange(served, {
        seed: this.options.seed,
        clock: this.options.clock ?? { mode: 'system' },
        markets: this.marketList(),
        limits: this.options.limits,
      })
      const running = mock
      const mounts: Mount[] = running.exchanges.map((exchange, i) => ({ exchange, prefix: prefixOf(this.plugins[i]) }))
      listeners.forEach((listener) => listener.router.mount(mounts.filter((_, i) => listenerOf(i) === listener)))
      const endpoints = this.plugins.map((plugin, i) => ({
        exchange: plugin.type,
        name: plugin.name,
        rest: `${listenerOf(i).router.origins.http}${prefixOf(plugin)}`,
        ws: `${listenerOf(i).router.origins.ws}${prefixOf(plugin)}`,
      }))
      this.networkHandles = networkFaults(this.network ?? {}, this.clockSpeed).map((rule) => running.faults.add(rule))
      for (const rule of this.options.faults ?? []) running.faults.add(rule)
      return { mock: running, listeners, endpoints }
    } catch (error) {
      await Promise.all(listeners.map((listener) => listener.close(0)))
      mock?.clock.dispose()
      throw error
    }
  }

  private marketList(): EngineMarketConfig[] {
    const markets = new Map<string, EngineMarketConfig>((this.options.markets ?? []).map((m) => [m.symbol, m]))
    for (const { interval: _interval, ...pair } of this.pairs.values()) markets.set(pair.symbol, pair)
    return markets.size > 0 ? [...markets.values()] : DEFAULT_MARKETS
  }
}

/** Keeps the most recent `limit` journal entries and fault events (amortized: trims at twice the limit). */
function trim(mock: MockExchange, limit: number): void {
  const journal = mock.journal.entries
  if (journal.length > 2 * limit) journal.splice(0, journal.length - limit)
  const log = mock.faults.log as unknown[]
  if (log.length > 2 * limit) log.splice(0, log.length - limit)
}

function checkOptions(options: MockServerOptions): void {
  if (!options || typeof options !== 'object') {
    throw new MockExchangeError('BAD_OPTIONS', 'Failed to create the server: pass options, e.g. createMockServer({ exchangeType: ExchangeType.BINANCE_SPOT }).')
  }
  for (const key of Object.keys(options)) {
    if (!SERVER_OPTIONS.has(key)) throw new MockExchangeError('BAD_OPTIONS', `Failed to create the server: unknown option "${key}". Options are ${[...SERVER_OPTIONS].join(', ')}.`)
  }
  if (options.exchangeType === undefined) {
    throw new MockExchangeError('BAD_OPTIONS', 'Failed to create the server: name the exchange(s), e.g. createMockServer({ exchangeType: ExchangeType.BINANCE_SPOT }).')
  }
  const limit = options.journalLimit
  if (limit !== undefined && !(limit === Infinity || (Number.isInteger(limit) && limit >= 0))) {
    throw new MockExchangeError('BAD_OPTIONS', `Failed to create the server: journalLimit must be a whole number ≥ 0 or Infinity (got ${limit}).`)
  }
}

/** A user's plugin gets a clear error for a missing part rather than a crash on the first request. */
function checkPlugin(plugin: ExchangePlugin): ExchangePlugin {
  const missing = [
    typeof plugin.type === 'string' && (plugin.type as string) !== '' ? undefined : 'type (a non-empty string)',
    Array.isArray(plugin.restOrigins) ? undefined : 'restOrigins (an array of origins)',
    Array.isArray(plugin.wsOrigins) ? undefined : 'wsOrigins (an array of origins)',
    Array.isArray(plugin.routes) ? undefined : 'routes (an array)',
    typeof plugin.marketId === 'function' ? undefined : 'marketId()',
    plugin.errors && typeof plugin.errors.notFound === 'function' ? undefined : 'errors (notFound, status, rateLimited)',
    plugin.limits && plugin.limits.windowMs > 0 ? undefined : 'limits (windowMs, limit, usageHeaders)',
    plugin.ws && typeof plugin.ws.accepts === 'function' && typeof plugin.ws.connect === 'function' ? undefined : 'ws (accepts, connect)',
  ].filter((part) => part !== undefined)
  if (missing.length > 0) {
    throw new MockExchangeError('BAD_PLUGIN', `Failed to serve the plugin ${JSON.stringify(plugin.type ?? plugin.name)}: it lacks ${missing.join(', ')}. See ExchangePlugin (src/exchange/types.ts) and examples/custom-exchange/.`)
  }
  return plugin
}
