import type { Candle } from '../engine/candle.js'
import type { CandleEngine } from '../engine/engine.js'
import type { Market } from '../engine/market.js'
import type { IntervalInput } from '../engine/interval.js'

/** The exchanges mock-exchange knows by name (the seed's names); values are stable strings. */
export const ExchangeType = {
  BINANCE_SPOT: 'binance_spot',
  BINANCE_PERPETUAL: 'binance_perpetual',
  BYBIT_SPOT: 'bybit_spot',
  BYBIT_PERPETUAL: 'bybit_perpetual',
  OKX_SPOT: 'okx_spot',
  OKX_PERPETUAL: 'okx_perpetual',
  COINBASE_ADVANCED_TRADE: 'coinbase_advanced_trade',
  KRAKEN_SPOT: 'kraken_spot',
  KUCOIN_SPOT: 'kucoin_spot',
  KUCOIN_PERPETUAL: 'kucoin_perpetual',
  GATE_IO_SPOT: 'gate_io_spot',
  GATE_IO_PERPETUAL: 'gate_io_perpetual',
  MEXC_SPOT: 'mexc_spot',
  MEXC_PERPETUAL: 'mexc_perpetual',
  HYPERLIQUID_SPOT: 'hyperliquid_spot',
  HYPERLIQUID_PERPETUAL: 'hyperliquid_perpetual',
  ASCEND_EX_SPOT: 'ascend_ex_spot',
} as const
export type ExchangeType = (typeof ExchangeType)[keyof typeof ExchangeType]

/** A market as one exchange sees it: the engine's market plus its wire symbol. */
export interface ListedMarket {
  readonly market: Market
  /** The exchange's own id, e.g. 'BTCUSDT', 'BTC-USDT-SWAP'. */
  readonly id: string
}

/** What a plugin's handlers may use: the state of one simulated exchange. */
export interface ExchangeContext {
  readonly engine: CandleEngine
  readonly markets: readonly ListedMarket[]
  /** Now, on the exchange's clock (ms). */
  now(): number
  /** The listed market with this wire id (exact match), if any. */
  marketById(id: string): ListedMarket | undefined
  /** Candles, with the exchange's notion of now (the last one may be in progress). */
  candles(market: ListedMarket, interval: IntervalInput, start: number, end: number): Candle[]
}

/** A request as a route sees it. */
export interface RestRequest {
  readonly method: string
  readonly url: URL
  readonly query: URLSearchParams
  readonly headers: Headers
  /** Parsed JSON body for POST routes (undefined when absent or not JSON). */
  readonly body?: unknown
}

/** What a route answers: the pipeline serializes it. A string body is sent as is. */
export interface RestReply {
  readonly status: number
  readonly body: unknown
  readonly headers?: Readonly<Record<string, string>>
}

export interface RestRoute {
  readonly method: 'GET' | 'POST'
  /** Exact pathname, e.g. '/api/v3/klines'; for paths with parameters, a template shown in hints. */
  readonly path: string
  /** For paths with parameters (e.g. Coinbase's /products/{id}/candles): whether a pathname is this route. */
  match?(pathname: string): boolean
  /** Stable name used by faults, limits and the journal, e.g. 'klines'. */
  readonly name: string
  /**
   * A stand-in for a sibling market's route (Binance spot answering fapi's exchangeInfo,
   * which ccxt loads): used only when no other exchange in the mock has the real one.
   */
  readonly fallback?: boolean
  /** Request weight for the rate limiter (default 1). */
  weight?(request: RestRequest): number
  handle(request: RestRequest, context: ExchangeContext): RestReply
}

/** Native answers for conditions the core creates (faults, limits, unknown routes). */
export interface NativeErrors {
  /** A request to this exchange's host that no route matches. */
  notFound(request: RestRequest, nearest: string | undefined): RestReply
  /** Any HTTP status injected by a fault, with the exchange's body for it. */
  status(status: number): RestReply
  /** Over the rate limit: `retryAfter` in seconds; `banned` when the exchange bans (Binance's 418). */
  rateLimited(info: { retryAfter: number; banned: boolean; until: number; limit: number }): RestReply
}

/** Rate-limit rules: a budget of weight per window, and the headers that report it. */
export interface RateLimitRules {
  readonly windowMs: number
  readonly limit: number
  /** Headers on every answer, given the weight used in the current window. */
  usageHeaders(used: number): Record<string, string>
  /** Escalation for clients that ignore 429s (Binance: 418 with a growing ban). */
  readonly banAfterIgnored?: number
  /** WebSocket: incoming messages per second before the server closes, and streams per connection. */
  readonly wsMessagesPerSecond?: number
  readonly wsStreamsPerConnection?: number
}

/** One WebSocket connection as a protocol sees it; bindings move the frames. */
export interface WsSocket {
  readonly url: URL
  /** Sends a frame (through the fault rules). */
  send(frame: string | Uint8Array): void
  /** Closes from the server side. */
  close(code: number, reason?: string): void
  /** A protocol-level ping, when the transport has one (ws package; not browser WebSocket). */
  ping(payload?: Uint8Array): void
  readonly supportsPing: boolean
  /**
   * Candle updates for a market and interval on the exchange's clock: `tick` every
   * `cadenceMs` with the candle in progress, and `closed` once at each candle's end.
   * Returns the function that stops them.
   */
  follow(market: ListedMarket, interval: IntervalInput, cadenceMs: number, onUpdate: (candle: Candle, closed: boolean) => void): () => void
  /** Whether a rejectSubscription fault refuses this subscription (the protocol answers with its native error). */
  rejects(channel: string): boolean
  /** Repeats `fn` every `ms` of the exchange's clock until the socket closes; returns a stop function. */
  every(ms: number, fn: () => void): () => void
  /** Runs `fn` once after `ms` of the exchange's clock unless the socket closed first. */
  after(ms: number, fn: () => void): () => void
}

/** What a protocol does with one connection. */
export interface WsConnection {
  message(data: string | Uint8Array): void
  /** A protocol pong from the client (to a server ping). */
  pong?(payload: Uint8Array): void
  closed?(): void
}

export interface WsProtocol {
  /** Whether this URL (on one of the plugin's WebSocket origins) is a stream endpoint. */
  accepts(url: URL): boolean
  connect(socket: WsSocket, context: ExchangeContext): WsConnection
}

/** Everything that differs per exchange. The core runs every plugin through one pipeline. */
export interface ExchangePlugin {
  readonly type: ExchangeType
  /** Human name, e.g. 'Binance Spot'. */
  readonly name: string
  readonly kind: 'spot' | 'perpetual'
  /** Origins answered over HTTP, e.g. 'https://api.binance.com'. */
  readonly restOrigins: readonly string[]
  /** Origins answered over WebSocket, e.g. 'wss://stream.binance.com:9443'. */
  readonly wsOrigins: readonly string[]
  /** The exchange's id for a market, e.g. 'BTCUSDT'. */
  marketId(market: Market): string
  readonly routes: readonly RestRoute[]
  readonly errors: NativeErrors
  readonly limits: RateLimitRules
  readonly ws: WsProtocol
}
