import type { ExchangeSelection, MockExchangeOptions } from '../api/options.js'
import type { FaultRule } from '../faults/catalog.js'
import type { NetworkConditions } from './network.js'
import type { Layout } from './routing.js'

export interface MockServerOptions extends Omit<MockExchangeOptions, 'onUnhandledFrame'> {
  /** The exchange(s) to serve: an `ExchangeType`, a plugin object (your own exchange), or a list of them. */
  exchangeType: ExchangeSelection
  /** Default '127.0.0.1' (loopback only). */
  host?: string
  /** Default 0: a free port, read it from `start()` or `endpoints`. With `port-per-exchange`, exchange i gets `port + i`. */
  port?: number
  /** Default 'port-per-exchange'. See `Layout`. */
  layout?: Layout
  /** Fault rules in force from the start (see the fault catalog). */
  faults?: FaultRule[]
  /** Network conditions from the start; `setNetworkConditions` changes them. */
  network?: NetworkConditions
  /** The journal and the fault log keep the most recent this many entries (a server runs for long). Default 10,000; Infinity keeps all. */
  journalLimit?: number
  /** A WebSocket client with more than this many bytes waiting for it is cut off (a slow reader). Default 4 MiB. */
  maxBufferedBytes?: number
}

/** Where one exchange is served: append the exchange's real paths to these. */
export interface ServerEndpoint {
  /** Its `ExchangeType` value (a plugin's `type`). */
  readonly exchange: string
  readonly name: string
  /** e.g. 'http://127.0.0.1:8080' (or 'http://127.0.0.1:8080/binance_spot' on one port). */
  readonly rest: string
  /** e.g. 'ws://127.0.0.1:8080'. */
  readonly ws: string
}

export const SERVER_OPTIONS = new Set(['exchangeType', 'host', 'port', 'layout', 'faults', 'network', 'journalLimit', 'maxBufferedBytes', 'seed', 'clock', 'markets', 'limits'])
