import type { ExchangeContext, ExchangePlugin, ExchangeType, ListedMarket, RestReply, RestRequest, RestRoute, WsSocket } from '../../src/index.js'

/**
 * "Acme", a made-up exchange, as a mock-exchange plugin: everything the core needs to serve
 * it in process (fetch, WebSocket, ws-package clients, MSW) and on real ports.
 *
 * REST (https://api.acme.example):
 *   GET /v1/time                                  → { "time": 1767268800000 }
 *   GET /v1/markets                               → { "markets": [{ "id": "BTC_USDT", "base": "BTC", "quote": "USDT", "tick": "0.01" }] }
 *   GET /v1/candles?market=BTC_USDT&resolution=60&from=<s>&to=<s>
 *                                                 → { "candles": [[openTimeSeconds, "open", "high", "low", "close", "volume"], …] }
 *     resolution in seconds (60, 300, 3600, 86400); at most 500 candles, oldest first; errors are 400 { "error": { "code", "message" } }.
 * WebSocket (wss://stream.acme.example/v1/stream):
 *   → { "op": "subscribe", "market": "BTC_USDT", "resolution": 60 }
 *   ← { "type": "subscribed", "market": "BTC_USDT", "resolution": 60 }
 *   ← { "type": "candle", "market": "BTC_USDT", "resolution": 60, "candle": [...], "final": false }  every second, and final: true at each close
 *   → { "op": "ping" }  ← { "type": "pong" }
 */
const RESOLUTIONS = new Set([60, 300, 3_600, 86_400])
const MAX_CANDLES = 500
const LIMIT_PER_SECOND = 20

const error = (status: number, code: string, message: string): RestReply => ({ status, body: { error: { code, message } } })

/** A candle on the wire: times in seconds, prices and volume as strings with the market's decimals. */
function wireCandle(listed: ListedMarket, candle: { openTime: number; open: number; high: number; low: number; close: number; volume: number }) {
  const price = (n: number) => n.toFixed(listed.market.tick.decimals)
  return [candle.openTime / 1000, price(candle.open), price(candle.high), price(candle.low), price(candle.close), candle.volume.toFixed(listed.market.lot.decimals)]
}

function candles(request: RestRequest, context: ExchangeContext): RestReply {
  const listed = context.marketById(request.query.get('market') ?? '')
  if (!listed) return error(400, 'BAD_MARKET', `Unknown market ${request.query.get('market')}; see /v1/markets.`)
  const resolution = Number(request.query.get('resolution'))
  if (!RESOLUTIONS.has(resolution)) return error(400, 'BAD_RESOLUTION', `resolution must be one of ${[...RESOLUTIONS].join(', ')} (seconds).`)
  const span = resolution * 1000
  const to = request.query.has('to') ? Number(request.query.get('to')) * 1000 : context.now()
  const from = request.query.has('from') ? Number(request.query.get('from')) * 1000 : to - MAX_CANDLES * span
  if (!Number.isFinite(from) || !Number.isFinite(to) || from > to) return error(400, 'BAD_RANGE', 'from and to are seconds since the epoch, from ≤ to.')
  // The newest 500 of the range, like most exchanges' history endpoints.
  const rows = context.candles(listed, span, Math.max(from, to - MAX_CANDLES * span), to)
  return { status: 200, body: { candles: rows.map((c) => wireCandle(listed, c)) } }
}

const routes: RestRoute[] = [
  { method: 'GET', path: '/v1/time', name: 'time', handle: (_, context) => ({ status: 200, body: { time: context.now() } }) },
  {
    method: 'GET',
    path: '/v1/markets',
    name: 'markets',
    handle: (_, context) => ({
      status: 200,
      body: { markets: context.markets.map(({ id, market }) => ({ id, base: market.base, quote: market.quote, tick: String(market.tickSize) })) },
    }),
  },
  { method: 'GET', path: '/v1/candles', name: 'candles', weight: () => 2, handle: candles },
]

/** One connection: its subscriptions, each a `follow` of the engine on the exchange's clock. */
function session(socket: WsSocket, context: ExchangeContext) {
  const send = (frame: unknown) => socket.send(JSON.stringify(frame))
  return {
    message(data: string | Uint8Array) {
      let request: { op?: unknown; market?: unknown; resolution?: unknown }
      try {
        request = JSON.parse(typeof data === 'string' ? data : new TextDecoder().decode(data))
      } catch {
        return send({ type: 'error', message: 'frames are JSON' })
      }
      if (request.op === 'ping') return send({ type: 'pong' })
      if (request.op !== 'subscribe') return send({ type: 'error', message: `unknown op ${JSON.stringify(request.op)}` })
      const listed = context.marketById(String(request.market))
      const resolution = Number(request.resolution)
      if (!listed || !RESOLUTIONS.has(resolution)) return send({ type: 'error', message: 'subscribe needs a known market and resolution' })
      const topic = { market: listed.id, resolution }
      if (socket.rejects(`candles:${listed.id}:${resolution}`)) return send({ type: 'error', message: 'subscription refused', ...topic })
      send({ type: 'subscribed', ...topic })
      socket.follow(listed, resolution * 1000, 1_000, (candle, final) => send({ type: 'candle', ...topic, candle: wireCandle(listed, candle), final }))
    },
  }
}

export const acme: ExchangePlugin = {
  // ExchangeType names the built-in exchanges; a plugin of your own brings its own name.
  type: 'acme' as ExchangeType,
  name: 'Acme Exchange',
  kind: 'spot',
  restOrigins: ['https://api.acme.example'],
  wsOrigins: ['wss://stream.acme.example'],
  marketId: (market) => `${market.base}_${market.quote}`,
  routes,
  errors: {
    notFound: (request, nearest) => error(404, 'NOT_FOUND', `No route ${request.method} ${request.url.pathname}.${nearest ? ` Did you mean ${nearest}?` : ''}`),
    status: (status) => error(status, `HTTP_${status}`, 'Something went wrong on our side.'),
    rateLimited: ({ retryAfter }) => ({ ...error(429, 'RATE_LIMITED', 'Too many requests.'), headers: { 'Retry-After': String(retryAfter) } }),
  },
  limits: {
    windowMs: 1_000,
    limit: LIMIT_PER_SECOND,
    usageHeaders: (used) => ({ 'X-RateLimit-Remaining': String(Math.max(0, LIMIT_PER_SECOND - used)) }),
  },
  ws: {
    accepts: (url) => url.pathname === '/v1/stream',
    connect: session,
  },
}

export default acme
