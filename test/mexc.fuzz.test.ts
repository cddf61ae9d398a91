/**
 * Fuzzing MEXC Spot and the contract API with fast-check: malformed query strings and path
 * symbols on every route, malformed WebSocket frames. Whatever comes in, the mock answers
 * as MEXC does (wire-formats §1.5, §1.7, §2.5, §2.7) — spot: 200 or a 4xx
 * `{msg,code,_extend}`; contract: HTTP 200 with `success` (false → `{success,code,message}`);
 * WS: its JSON control frames or nothing — never a 5xx, never a rejected fetch, never a
 * hang, and it keeps serving afterwards. No real time passes (manual clock).
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mexcPerpetual, mexcSpot } from '../handlers/mexc/index.js'
import type { ExchangePlugin } from '../src/exchange/types.js'
import { setupMockExchange, type MockExchangeController } from '../src/index.js'
import { fetchAnswer, WsClient, type Answer } from './conformance/harness.js'

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_124)
const T0 = Date.UTC(2026, 2, 10, 12)

const keys = ['symbol', 'symbols', 'interval', 'limit', 'startTime', 'endTime', 'start', 'end', 'timeZone', '', 'Symbol']
const values = fc.oneof(
  fc.constantFrom('BTCUSDT', 'BTC_USDT', 'btc_usdt', '1m', '60m', '1h', 'Min1', 'Min60', '1W', '1M', '0', '-1', '1000', '1001', '2001', '1e3', 'NaN', '', ' '),
  fc.integer({ min: -1e15, max: 1e16 }).map(String),
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
)
const query = fc.array(fc.tuple(fc.constantFrom(...keys), values), { maxLength: 6 }).map((pairs) => new URLSearchParams(pairs).toString())

interface Venue {
  plugin: ExchangePlugin
  paths: fc.Arbitrary<string>
  native(answer: Answer): boolean
  ws: string
  isControl(frame: unknown): boolean
  subscribe: string
  normal: string
}

const keysOf = (body: unknown) => (typeof body === 'object' && body !== null ? Object.keys(body).join() : '')

const VENUES: Venue[] = [
  {
    plugin: mexcSpot,
    paths: fc.constantFrom('/api/v3/klines', '/api/v3/time', '/api/v3/ping', '/api/v3/exchangeInfo', '/api/v3/defaultSymbols', '/api/v1/contract/detail', '/api/v1/contract/ping', '/api/v1/contract/kline/BTC_USDT'),
    native: (a) => a.json && (a.status === 200 || ((a.status === 400 || a.status === 429) && keysOf(a.body) === 'msg,code,_extend')),
    ws: 'wss://wbs-api.mexc.com/ws',
    isControl: (f) => keysOf(f) === 'id,code,msg',
    subscribe: JSON.stringify({ method: 'SUBSCRIPTION', params: ['spot@public.kline.v3.api.pb@BTCUSDT@Min1'] }),
    normal: 'https://api.mexc.com/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=3',
  },
  {
    plugin: mexcPerpetual,
    paths: fc.oneof(
      fc.constantFrom('/api/v1/contract/kline/BTC_USDT', '/api/v1/contract/detail', '/api/v1/contract/ping', '/api/v3/exchangeInfo', '/api/v3/klines', '/api/v3/time'),
      fc.string({ maxLength: 12 }).map((symbol) => `/api/v1/contract/kline/${encodeURIComponent(symbol) || 'X'}`),
      fc.constantFrom('%E0%A4%A', '%', 'btc_usdt', 'BTC_USDT%00').map((symbol) => `/api/v1/contract/kline/${symbol}`),
    ),
    // Spot stand-in routes (exchangeInfo, klines, time) answer in the spot v3 envelope; the contract API with HTTP 200 + success.
    native: (a) => {
      if (!a.json) return false
      if (a.status === 400) return keysOf(a.body) === 'msg,code,_extend'
      if (a.status !== 200) return false
      const keys = keysOf(a.body)
      if (keys === 'success,code,message') return (a.body as { success: boolean }).success === false
      return Array.isArray(a.body) || keys.startsWith('success,code,data') || ['serverTime', '', 'code,data,msg'].includes(keys) || keys.startsWith('timezone')
    },
    ws: 'wss://contract.mexc.com/edge',
    isControl: (f) => ['rs.error', 'rs.sub.kline', 'rs.unsub.kline', 'pong'].includes((f as { channel?: string }).channel ?? ''),
    subscribe: JSON.stringify({ method: 'sub.kline', param: { symbol: 'BTC_USDT', interval: 'Min1' } }),
    normal: 'https://contract.mexc.com/api/v1/contract/kline/BTC_USDT?interval=Min1&start=1773140000',
  },
]

const frames = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.json({ maxDepth: 2 }),
  fc
    .record({
      method: fc.constantFrom('SUBSCRIPTION', 'UNSUBSCRIPTION', 'PING', 'ping', 'sub.kline', 'unsub.kline', 'subscription', '', 'x'),
      params: fc.oneof(fc.array(fc.oneof(fc.string({ maxLength: 50 }), fc.constantFrom('spot@public.kline.v3.api.pb@BTCUSDT@Min1', 'spot@public.kline.v3.api.pb@BTCUSDT@Hour8'), fc.integer())), fc.anything()),
      param: fc.oneof(fc.record({ symbol: fc.oneof(fc.constantFrom('BTC_USDT', 'NOPE'), fc.string(), fc.integer()), interval: fc.oneof(fc.constantFrom('Min1', 'Day1', 'Hour8'), fc.anything()) }), fc.anything()),
      id: fc.oneof(fc.integer(), fc.string(), fc.constant(null)),
    }, { requiredKeys: ['method'] })
    .map((v) => JSON.stringify(v)),
)

describe.each(VENUES)('fuzz: $plugin.name', (venue) => {
  let exchange: MockExchangeController
  beforeAll(() => {
    exchange = setupMockExchange(venue.plugin, { seed: 1, clock: { mode: 'manual', start: T0 }, markets: [{ symbol: 'BTC/USDT', price: 50_000 }] })
    exchange.listen()
  })
  afterAll(() => exchange.close())

  it('malformed queries on every route: a native answer, never a 5xx or a hang; then it keeps serving', async () => {
    const origin = venue.plugin.restOrigins
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...origin), venue.paths, query, async (host, path, search) => {
        const answer = await fetchAnswer(`${host}${path}?${search}`)
        expect(venue.native(answer), `${path}?${search} → ${answer.status} ${answer.text.slice(0, 200)}`).toBe(true)
        // Step past the rate-limit window now and then, so most requests reach the route.
        await exchange.clock.advance(1_000)
      }),
      { seed: SEED, numRuns: 150 },
    )
    await exchange.clock.advance(20_000)
    const answer = await fetchAnswer(venue.normal)
    expect(answer.status, answer.text).toBe(200)
  }, 30_000)

  it('malformed frames: only JSON control frames or nothing; the connection stays open and then subscribes', async () => {
    const client = await new WsClient(exchange, venue.ws).open()
    await fc.assert(
      fc.asyncProperty(fc.array(frames, { maxLength: 5 }), async (batch) => {
        for (const frame of batch) {
          const answers = await client.send(frame)
          for (const text of answers) {
            let parsed: unknown
            try {
              parsed = JSON.parse(text)
            } catch {
              parsed = undefined
            }
            // Binary protobuf pushes (spot) and push.kline (futures) may follow a valid subscription.
            const push = parsed === undefined || (parsed as { channel?: string }).channel === 'push.kline'
            expect(push || venue.isControl(parsed), `${frame} → ${text}`).toBe(true)
          }
          expect(client.isOpen).toBe(true)
        }
      }),
      { seed: SEED, numRuns: 60 },
    )
    const acks = await client.send(venue.subscribe)
    expect(acks.length).toBeGreaterThan(0)
    expect(client.isOpen).toBe(true)
    await client.close()
  }, 30_000)
})
