/**
 * Fuzzing AscendEX Spot with fast-check: malformed query strings on every route and
 * malformed WebSocket frames. Whatever comes in, the mock answers the way AscendEX does
 * (wire-formats §4.5, §4.7) — `{"code":0,…}`, or `{code,reason,message}` with a non-zero
 * code, or an `m:"error"`/failed-ack frame — never a 5xx, never a rejection escaping fetch,
 * never a hang, and it keeps serving afterwards.
 *
 * No real time passes: a manual clock, and "settles" means within a bounded number of
 * event-loop turns. FUZZ_SEED=<n> replays or explores another seed; FUZZ_RUNS scales runs.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ascendexSpot } from '../handlers/ascendex/index.js'
import { INTERVALS } from '../handlers/ascendex/intervals.js'
import { setupMockExchange, type MockExchangeController } from '../src/index.js'
import { fetchAnswer, WsClient, type Answer } from './conformance/harness.js'

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_124)
const SCALE = Number(process.env.FUZZ_RUNS ?? 1)
const runs = (n: number) => Math.max(1, Math.round(n * SCALE))
const TIMEOUT = 30_000 * Math.max(1, SCALE)
const T0 = Date.UTC(2026, 2, 10, 12)
const DAY = 86_400_000
const ORIGINS = ['https://ascendex.com', 'https://api-test.ascendex-sandbox.com']
const PATHS = ascendexSpot.routes.map((route) => route.path)
const WIRE_INTERVALS = Object.keys(INTERVALS)

const text = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom('', ' ', '%', '%ZZ', '&', '=', '+', 'null', 'undefined', 'NaN', 'Infinity', '-0', '1e3', '0x10', '9'.repeat(40), 'BTC%2FUSDT', 'btc/usdt', 'BTC-PERP'),
)
const number = fc.oneof(
  fc.integer({ min: -1_000, max: 1_000 }),
  fc.integer({ min: T0 - 400 * DAY, max: T0 + 10 * DAY }),
  fc.constantFrom(0, 1, 499, 500, 501, 10_000, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER),
  fc.double({ noNaN: false }),
)
const value = fc.oneof(
  text,
  number.map(String),
  fc.constantFrom('BTC/USDT', 'ETH/USDT', 'NOPE/USDT', 'BTCUSDT', ...WIRE_INTERVALS, '1h', '1M', '1min'),
)
const key = fc.oneof(fc.constantFrom('symbol', 'interval', 'from', 'to', 'n', 'requestTime', 'limit', 'paginate', 'until'), fc.string({ maxLength: 8 }))
/** A raw query string: pairs that may repeat, lack `=`, or carry malformed percent-escapes. */
const query = fc
  .array(
    fc.tuple(key, value, fc.boolean()).map(([k, v, encode]) => (encode ? `${encodeURIComponent(k)}=${encodeURIComponent(v)}` : `${k}=${v}`)),
    { maxLength: 6 },
  )
  .map((pairs) => pairs.join('&'))

function expectNative(answer: Answer, path: string): void {
  expect(answer.status, answer.text.slice(0, 300)).toBeLessThan(500)
  expect(answer.json, answer.text.slice(0, 300)).toBe(true)
  const body = answer.body as Record<string, unknown>
  if (body.code === 0) {
    expect(answer.status).toBe(200)
    expect('message' in body).toBe(false)
    if (path === '/api/pro/v1/barhist') {
      const bars = body.data as Array<{ m: string; data: { ts: number } }>
      expect(bars.length).toBeLessThanOrEqual(500)
      for (let i = 1; i < bars.length; i++) expect(bars[i].data.ts).toBeGreaterThan(bars[i - 1].data.ts)
    }
    return
  }
  expect(Object.keys(body)).toEqual(['code', 'reason', 'message'])
  expect(Number.isInteger(body.code)).toBe(true)
  expect(body.code).not.toBe(0)
}

describe('AscendEX fuzz', () => {
  let exchange: MockExchangeController
  beforeAll(() => {
    exchange = setupMockExchange(ascendexSpot, { seed: 42, clock: { mode: 'manual', start: T0 }, markets: [{ symbol: 'BTC/USDT', price: 50_000 }, { symbol: 'ETH/USDT' }, { symbol: 'SOL/USDT', kind: 'perpetual' }] })
    exchange.listen()
  })
  afterAll(() => exchange.close())

  it(
    'malformed query strings on every route (and unknown paths): a native answer, never a 5xx or a hang',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...ORIGINS), fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...PATHS) }, { weight: 1, arbitrary: fc.constantFrom('/api/pro/v1/barhist/', '/api/pro/v3/barhist', '/nope') }), query, async (origin, path, search) => {
          // Stay under the 100 requests per second the mock allows.
          await exchange.clock.advance(20)
          const answer = await fetchAnswer(`${origin}${path}?${search}`)
          if (PATHS.includes(path)) expectNative(answer, path)
          else {
            expect(answer.status).toBe(404)
            expect((answer.body as { code: number }).code).toBe(100001)
          }
        }),
        { seed: SEED, numRuns: runs(400) },
      )
      const after = await fetchAnswer('https://ascendex.com/api/pro/v1/barhist?symbol=BTC%2FUSDT&interval=1&n=3')
      expect((after.body as { data: unknown[] }).data).toHaveLength(3)
    },
    TIMEOUT,
  )

  it(
    'malformed WebSocket frames: an error frame, a failed ack or nothing; the connection stays open and still serves',
    async () => {
      const client = await new WsClient(exchange, 'wss://ascendex.com/0/api/pro/v1/stream').open()
      const ch = fc.oneof(
        text,
        fc.tuple(fc.constantFrom('bar', 'depth', 'trades', 'kline', '', '*'), fc.oneof(fc.constantFrom(...WIRE_INTERVALS, '*'), text), fc.oneof(fc.constantFrom('BTC/USDT', 'BTC/USDT,ETH/USDT', 'NOPE/USDT'), text)).map((parts) => parts.join(':')),
      )
      const frame = fc.oneof(
        text,
        fc.json(),
        fc.record({ op: fc.oneof(fc.constantFrom('sub', 'unsub', 'ping', 'pong', 'req', 'auth', 'SUB'), text), id: fc.oneof(text, fc.integer(), fc.constant(null)), ch: fc.oneof(ch, fc.integer(), fc.constant(null)) }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
      )
      await fc.assert(
        fc.asyncProperty(frame, async (sent) => {
          const answers = await client.send(sent)
          expect(client.isOpen, sent).toBe(true)
          for (const answer of answers) {
            const parsed = JSON.parse(answer) as Record<string, unknown>
            expect(['error', 'sub', 'unsub', 'pong', 'bar', 'ping'], answer).toContain(parsed.m)
            if (parsed.m === 'error') expect(typeof parsed.reason).toBe('string')
            if ((parsed.m === 'sub' || parsed.m === 'unsub') && parsed.code !== 0) expect(typeof parsed.reason).toBe('string')
          }
        }),
        { seed: SEED, numRuns: runs(300) },
      )
      // Still serving: unsubscribe everything, subscribe, and get pushes.
      await client.send(JSON.stringify({ op: 'unsub', ch: 'bar' }))
      const ack = await client.send(JSON.stringify({ op: 'sub', id: 'ok', ch: 'bar:1:BTC/USDT' }))
      expect(ack.map((a) => JSON.parse(a))).toContainEqual({ m: 'sub', id: 'ok', ch: 'bar:1:BTC/USDT', code: 0 })
      const pushes = (await client.advance(3_000)).filter((f) => f.startsWith('{"m":"bar"'))
      expect(pushes.length).toBeGreaterThan(0)
      await client.close()
    },
    TIMEOUT,
  )
})
