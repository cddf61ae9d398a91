import type { RequestHandler, WebSocketHandler } from 'msw'
import { setupWorker, type SetupWorker, type StartOptions } from 'msw/browser'
import type { Clock } from '../clock/types.js'
import type { CandleEngine } from '../engine/engine.js'
import type { Market } from '../engine/market.js'
import { MockExchangeError } from '../errors.js'
import type { Journal } from '../runtime/journal.js'
import { MockExchange, type Faults } from './mock-exchange.js'
import type { ExchangeSelection, MockExchangeOptions } from './options.js'

/** The browser's options: the mock's own, plus where the page serves MSW's worker script. */
export interface BrowserMockExchangeOptions extends MockExchangeOptions {
  /**
   * MSW's Service Worker, which `npx msw init public --save` writes as `public/mockServiceWorker.js`.
   * Default url '/mockServiceWorker.js' (the page's origin root).
   */
  serviceWorker?: { url?: string; options?: RegistrationOptions }
}

/**
 * Mocked exchanges in a browser page (browser tests, demos, Storybook): MSW's `setupWorker`
 * with the same handlers as in Node, so `fetch`/XHR to the exchanges' hosts and the global
 * `WebSocket` (through `ws.link`) are answered in the page, with the same clock, faults and journal.
 *
 * ```ts
 * const exchange = setupMockExchange(ExchangeType.BINANCE_SPOT, { clock: { mode: 'accelerated', speed: 60 } })
 * await exchange.listen()   // registers public/mockServiceWorker.js
 * ```
 *
 * Unlike Node, requests to hosts no mocked exchange serves pass through by default
 * (`onUnhandledFrame: 'bypass'`): a page loads its own scripts and assets through the worker.
 */
export function setupMockExchange(selection: ExchangeSelection, options: BrowserMockExchangeOptions = {}): BrowserMockExchangeController {
  const { serviceWorker, ...mockOptions } = options
  return new BrowserMockExchangeController(new MockExchange(selection, mockOptions), mockOptions.onUnhandledFrame ?? 'bypass', serviceWorker)
}

export class BrowserMockExchangeController {
  private worker: SetupWorker | undefined
  private starting: Promise<void> | undefined

  constructor(
    readonly mock: MockExchange,
    private readonly onUnhandledFrame: NonNullable<StartOptions['onUnhandledFrame']>,
    private readonly serviceWorker: BrowserMockExchangeOptions['serviceWorker'],
  ) {}

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

  get listening(): boolean {
    return this.worker !== undefined
  }

  /** Registers MSW's Service Worker and starts answering. Await it before the page's first request. */
  listen(): Promise<void> {
    if (this.worker) {
      return Promise.reject(new MockExchangeError('ALREADY_LISTENING', 'Failed to listen: this mock exchange is already listening. Call listen() once (beforeAll), reset() between tests and close() at the end.'))
    }
    const worker = setupWorker(...this.mock.handlers)
    this.worker = worker
    const url = this.serviceWorker?.url ?? '/mockServiceWorker.js'
    this.starting = worker.start({ quiet: true, onUnhandledFrame: this.onUnhandledFrame, serviceWorker: { url, options: this.serviceWorker?.options } }).then(
      () => undefined,
      (error: unknown) => {
        // A failed start may have patched the page's WebSocket already: undo it, so another listen() can
        // work. (Not awaited: after a failed registration, msw 3.0.5's stop() undoes the patch but never settles.)
        void Promise.resolve()
          .then(() => worker.stop())
          .catch(() => {})
        this.worker = undefined
        const cause = error instanceof Error ? error.message : String(error)
        const hint = /already replaced/.test(cause)
          ? 'Another MSW worker is intercepting this page: close it first, or pass every exchange to one setupMockExchange([...]).'
          : 'Run `npx msw init public --save` so the page serves mockServiceWorker.js, or pass serviceWorker: { url } where it is served.'
        throw new MockExchangeError('WORKER_START', `Failed to listen: MSW's Service Worker did not start from "${url}" (${cause}). ${hint}`)
      },
    )
    return this.starting
  }

  /** Between tests: faults, limits, journal and the clock back to the start. Close your own sockets (e.g. the chart's). */
  reset(): void {
    this.mock.resetState()
  }

  /** Stops answering: the page's requests go to the network again. */
  async close(): Promise<void> {
    const worker = this.worker
    this.worker = undefined
    if (!worker) return
    await this.starting?.catch(() => {})
    await worker.stop()
  }
}
