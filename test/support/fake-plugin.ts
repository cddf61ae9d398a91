import type { ExchangePlugin, RestReply } from '../../src/index.js'

/**
 * A made-up exchange for testing the core without any real exchange's rules:
 * GET /v1/candles?symbol=BTC-USDT&interval=1m&limit=n, and a WebSocket at /stream
 * taking {"op":"sub","arg":"BTC-USDT:1m"} and pushing {"candle":[...],"final":bool}.
 */
export const fakePlugin: ExchangePlugin = {
  type: 'fake' as ExchangePlugin['type'],
  name: 'Fake',
  kind: 'spot',
  restOrigins: ['https://api.fake.test'],
  wsOrigins: ['wss://ws.fake.test'],
  marketId: (market) => `${market.base}-${market.quote}`,
  routes: [
    {
      method: 'GET',
      path: '/v1/candles',
      name: 'candles',
      weight: (request) => (Number(request.query.get('limit') ?? 10) > 50 ? 5 : 1),
      handle(request, context): RestReply {
        const listed = context.marketById(request.query.get('symbol') ?? '')
        if (!listed) return { status: 400, body: { error: 'unknown symbol' } }
        const limit = Number(request.query.get('limit') ?? 10)
        const end = context.now()
        const rows = context.candles(listed, request.query.get('interval') ?? '1m', end - limit * 60_000, end + 1)
        return { status: 200, body: rows.map((c) => [c.openTime, String(c.open), String(c.close), String(c.volume)]) }
      },
    },
    { method: 'GET', path: '/v1/time', name: 'time', handle: (_, context) => ({ status: 200, body: { time: context.now() } }) },
  ],
  errors: {
    notFound: (_, nearest) => ({ status: 404, body: { error: 'not found', nearest } }),
    status: (status) => ({ status, body: { error: `status ${status}` } }),
    rateLimited: ({ retryAfter, banned }) => ({ status: banned ? 418 : 429, body: { error: banned ? 'banned' : 'slow down' }, headers: { 'retry-after': String(retryAfter) } }),
  },
  limits: { windowMs: 60_000, limit: 10, usageHeaders: (used) => ({ 'x-used': String(used) }), banAfterIgnored: 2 },
  ws: {
    accepts: (url) => url.pathname === '/stream',
    connect(socket, context) {
      return {
        message(data) {
          let request: { op?: string; arg?: string }
          try {
            request = JSON.parse(String(data))
          } catch {
            return socket.send(JSON.stringify({ error: 'bad json' }))
          }
          const [id, interval] = String(request.arg).split(':')
          const listed = context.marketById(id)
          if (request.op !== 'sub' || !listed) return socket.send(JSON.stringify({ error: 'bad request' }))
          socket.send(JSON.stringify({ ok: request.arg }))
          socket.follow(listed, interval, 1_000, (c, final) => socket.send(JSON.stringify({ candle: [c.openTime, c.open, c.close, c.volume], final })))
        },
      }
    },
  },
}
