import type { RequestHandler, WebSocketHandler } from 'msw'
import { setupServer, type SetupServer } from 'msw/node'
import { MockExchangeError } from '../errors.js'
import { interceptFetch } from '../transports/fetch.js'
import type { MockSocketServerClass } from '../transports/mock-socket.js'
import { InProcessWebSockets } from '../transports/ws-node.js'
import type { Clock } from '../clock/types.js'
import type { CandleEngine } from '../engine/engine.js'
import type { Market } from '../engine/market.js'
import type { Journal } from '../runtime/journal.js'
import { MockExchange, type Faults } from './mock-exchange.js'
import type { ExchangeSelection, MockExchangeOptions } from './options.js'

/**
 * Mocked exchanges for a Node test suite: `fetch` through the fast path, `http.request`
 * and XHR clients (axios) and the global `WebSocket` through MSW, and clients built on
 * the `ws` package through `wsClientOptions()`.
 *
 * ```ts
 * const exchange = setupMockExchange(ExchangeType.BINANCE_SPOT, { clock: { mode: 'manual', start } })
 * beforeAll(() => exchange.listen()); afterEach(() => exchange.reset()); afterAll(() => exchange.close())
 * ```
 */
export function setupMockExchange(selection: ExchangeSelection, options: MockExchangeOptions = {}): MockExchangeController {
  return new MockExchangeController(new MockExchange(selection, options), options)
}

export class MockExchangeController {
  private server: SetupServer | undefined
  private stopFetch: (() => void) | undefined
  private readonly sockets: InProcessWebSockets

  constructor(
    readonly mock: MockExchange,
    private readonly options: MockExchangeOptions,
  ) {
    this.sockets = new InProcessWebSockets(mock.exchanges)
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
  get handlers(): Array<RequestHandler | WebSocketHandler> {
    return this.mock.handlers
  }

  /** See MockExchange.serveMockSocket: exact URLs served to mock-socket's WebSocket class. */
  serveMockSocket(Server: MockSocketServerClass, urls: readonly string[]): () => void {
    return this.mock.serveMockSocket(Server, urls)
  }

  get listening(): boolean {
    return this.server !== undefined
  }

  listen(): void {
    if (this.server) {
      throw new MockExchangeError('ALREADY_LISTENING', 'Failed to listen: this mock exchange is already listening. Call listen() once (beforeAll), reset() between tests and close() at the end.')
    }
    const policy = this.options.onUnhandledFrame ?? 'error'
    this.stopFetch = interceptFetch(this.mock.exchanges, policy)
    this.server = setupServer(...this.mock.handlers)
    this.server.listen({ onUnhandledFrame: policy })
  }

  /** Between tests: faults, limits, journal, open sockets and the clock back to the start. */
  reset(): void {
    this.sockets.closeAll()
    this.mock.resetState()
  }

  close(): void {
    this.sockets.closeAll()
    this.stopFetch?.()
    this.server?.close()
    this.server = undefined
    this.stopFetch = undefined
  }

  /**
   * Options for clients built on the `ws` package, so they connect in process:
   * `new WebSocket(url, exchange.wsClientOptions())`, or for ccxt
   * `new ccxt.pro.binance({ options: { ws: { options: exchange.wsClientOptions() } } })`.
   */
  wsClientOptions(): { createConnection: () => import('node:stream').Duplex } {
    return { createConnection: this.sockets.createConnection }
  }
}
