import type { RequestHandler, WebSocketHandler } from 'msw'
import { createClock } from '../clock/clock.js'
import type { Clock } from '../clock/types.js'
import { CandleEngine } from '../engine/engine.js'
import type { Market } from '../engine/market.js'
import { MockExchangeError } from '../errors.js'
import type { ExchangePlugin } from '../exchange/types.js'
import type { FaultRule } from '../faults/catalog.js'
import { FaultInjector, type FaultEvent, type FaultHandle } from '../faults/injector.js'
import { pluginFor } from '../registry.js'
import { Journal } from '../runtime/journal.js'
import { SimulatedExchange } from '../runtime/simulated.js'
import { serveMockSocket, type MockSocketServerClass } from '../transports/mock-socket.js'
import { restHandlers, wsHandlers } from '../transports/msw.js'
import { DEFAULT_MARKETS, type ExchangeSelection, type MockExchangeOptions } from './options.js'

/** The faults of a mock: add rules (see the catalog), read what fired. */
export interface Faults {
  add(rule: FaultRule): FaultHandle
  clear(): void
  readonly log: readonly FaultEvent[]
}

/**
 * One or more simulated exchanges sharing an engine, a clock, faults and a journal,
 * with their MSW handlers. Nothing is intercepted until something uses the handlers
 * (`setupMockExchange` does, or your own `setupServer(...mock.handlers)`).
 */
export class MockExchange {
  readonly engine: CandleEngine
  readonly clock: Clock
  readonly journal = new Journal()
  readonly exchanges: readonly SimulatedExchange[]
  readonly handlers: Array<RequestHandler | WebSocketHandler>
  private readonly injector: FaultInjector

  constructor(selection: ExchangeSelection, options: MockExchangeOptions = {}) {
    const plugins = (Array.isArray(selection) ? selection : [selection]).map((s) => pluginFor(s as ExchangePlugin))
    if (plugins.length === 0) throw new MockExchangeError('BAD_OPTIONS', 'Failed to create the mock: name at least one exchange, e.g. setupMockExchange(ExchangeType.BINANCE_SPOT).')
    checkOptions(options)
    this.clock = createClock({ mode: options.clock?.mode ?? 'system', start: options.clock?.start, speed: options.clock?.speed })
    const clock = this.clock
    this.engine = new CandleEngine({ seed: options.seed ?? 1, markets: options.markets ?? DEFAULT_MARKETS, anchor: clock.start, now: () => clock.now() })
    this.injector = new FaultInjector(this.engine.seed, () => clock.now())
    const limits = options.limits === false ? { enabled: false } : { scale: options.limits?.scale }
    this.exchanges = plugins.map((plugin) => new SimulatedExchange(plugin, this.engine, clock, this.injector, this.journal, limits))
    this.handlers = [...restHandlers(this.exchanges), ...this.exchanges.flatMap((exchange) => wsHandlers(exchange, this.exchanges))]
  }

  get faults(): Faults {
    const injector = this.injector
    return { add: (rule) => injector.add(rule), clear: () => injector.clear(), get log() { return injector.log } }
  }

  get markets(): Market[] {
    return this.engine.markets
  }

  /** The exchange of this type in the mock (the first one when only one). */
  exchange(type?: string): SimulatedExchange {
    const found = type === undefined ? this.exchanges[0] : this.exchanges.find((e) => e.type === type)
    if (!found) throw new MockExchangeError('UNKNOWN_EXCHANGE', `Failed to find "${type}" in this mock: it has ${this.exchanges.map((e) => e.type).join(', ')}.`)
    return found
  }

  /**
   * Serves these exact WebSocket URLs through mock-socket, for suites built on it:
   * `mock.serveMockSocket(Server, ['wss://stream.binance.com:9443/ws/btcusdt@kline_1m'])`, then
   * connect with mock-socket's own `WebSocket`. Returns the stop function.
   */
  serveMockSocket(Server: MockSocketServerClass, urls: readonly string[]): () => void {
    return serveMockSocket(this.exchanges, Server, urls)
  }

  /** Faults, limits, journal and clock back to the start. Sockets are closed by whoever holds them (setupMockExchange does). */
  resetState(): void {
    this.injector.clear()
    this.journal.clear()
    for (const exchange of this.exchanges) exchange.reset()
    this.clock.reset()
  }
}

function checkOptions(options: MockExchangeOptions): void {
  const policy = options.onUnhandledFrame
  if (policy !== undefined && !['error', 'warn', 'bypass'].includes(policy)) {
    throw new MockExchangeError('BAD_OPTIONS', `Failed to create the mock: onUnhandledFrame is ${JSON.stringify(policy)}; use 'error', 'warn' or 'bypass'.`)
  }
  const known = new Set(['seed', 'clock', 'markets', 'limits', 'onUnhandledFrame'])
  for (const key of Object.keys(options)) {
    if (!known.has(key)) throw new MockExchangeError('BAD_OPTIONS', `Failed to create the mock: unknown option "${key}". Options are ${[...known].join(', ')}.`)
  }
}

/** A mock without interception: use `mock.handlers` in your own MSW setup (setupServer, setupWorker, Storybook's parameters.msw). */
export function createMockExchange(selection: ExchangeSelection, options?: MockExchangeOptions): MockExchange {
  return new MockExchange(selection, options)
}
