/**
 * Fuzzing Hyperliquid perps and spot with fast-check: malformed `POST /info` bodies, content
 * types and query strings, and malformed WebSocket frames. Whatever comes in, the mock
 * answers the way Hyperliquid does (wire-formats §3.5, §3.7) — 200 JSON, or 400/415/422
 * with its text/plain message (500 `null` only for an unknown dex, as probed); one
 * answer per frame on the stream — never a rejection escaping fetch, never a hang, and it
 * keeps serving afterwards.
 *
 * No real time passes: a manual clock, and "settles" means within a bounded number of
 * event-loop turns. FUZZ_SEED=<n> replays or explores another seed; FUZZ_RUNS scales runs.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hyperliquidPerpetual, hyperliquidSpot } from '../handlers/hyperliquid/index.js'
import { setupMockExchange, type ExchangePlugin, type MockExchangeController } from '../src/index.js'
import { fetchAnswer, turnUntil, WsClient, type Answer } from './conformance/harness.js'

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_124)
const SCALE = Number(process.env.FUZZ_RUNS ?? 1)
const runs = (n: number) => Math.max(1, Math.round(n * SCALE))
const TIMEOUT = 30_000 * Math.max(1, SCALE)
const T0 = Date.UTC(2026, 2, 10, 12)
const DAY = 86_400_000
const MINUTE = 60_000

const ORIGINS = ['https://api.hyperliquid.xyz', 'https://api.hyperliquid-testnet.xyz']
const INTERVALS = ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '8h', '12h', '1d', '3d', '1w', '1M']
const TYPES = ['candleSnapshot', 'meta', 'metaAndAssetCtxs', 'spotMeta', 'spotMetaAndAssetCtxs', 'perpDexs', 'exchangeStatus', 'allMids']
/** Coins the fuzz markets list (BTC/USDC and ETH/USDC: perps BTC, ETH; spot @0, @1). */
const KNOWN_COINS = ['BTC', 'ETH', '@0', '@1']
const UNKNOWN_COINS = ['NOPE', 'btc', 'BTC/USDC', '@2', 'xyz:BTC', '', ' BTC', 'PURR/USDC']

const TEXT_ERRORS: Record<number, string> = {
  400: 'Failed to parse the request body as JSON',
  415: 'Expected request with `Content-Type: application/json`',
  422: 'Failed to deserialize the JSON body into the target type',
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
const DECIMAL = /^\d+\.\d+$/

/** Why an answer is not one Hyperliquid gives for this body, or undefined. */
function answerProblem(answer: Answer, body: unknown): string | undefined {
  if (answer.status in TEXT_ERRORS) {
    if (answer.text !== TEXT_ERRORS[answer.status]) return `HTTP ${answer.status} with ${answer.text.slice(0, 100)}`
    if (!answer.headers.get('content-type')?.startsWith('text/plain')) return `HTTP ${answer.status} as ${answer.headers.get('content-type')}`
    return undefined
  }
  if (answer.status === 500) {
    const unknownDex = isObject(body) && ['meta', 'metaAndAssetCtxs', 'allMids'].includes(body.type as string) && typeof body.dex === 'string' && body.dex !== ''
    return unknownDex && answer.text === 'null' ? undefined : `HTTP 500: ${answer.text.slice(0, 100)}`
  }
  if (answer.status !== 200) return `HTTP ${answer.status}`
  if (!answer.json) return 'a 200 that is not JSON'
  if (isObject(body) && body.type === 'candleSnapshot') {
    if (answer.body === null) return undefined
    if (!Array.isArray(answer.body) || answer.body.length > 5000) return 'not an array of at most 5000 candles'
    for (const [i, row] of (answer.body as unknown[]).entries()) {
      if (!isObject(row) || Object.keys(row).join() !== 't,T,s,i,o,c,h,l,v,n') return `row ${i} keys`
      const { t, T, o, c, h, l, v, n } = row as Record<string, unknown>
      if (!Number.isSafeInteger(t) || !Number.isSafeInteger(T) || !Number.isSafeInteger(n) || !(Number(T) > Number(t))) return `row ${i} times`
      if (![o, c, h, l, v].every((x) => typeof x === 'string' && DECIMAL.test(x))) return `row ${i} decimals`
      if (!(Number(l) <= Math.min(Number(o), Number(c)) && Math.max(Number(o), Number(c)) <= Number(h))) return `row ${i} OHLC out of order`
      const previous = (answer.body as Array<Record<string, unknown>>)[i - 1]
      if (previous && !(Number(t) > Number(previous.t))) return `row ${i} not ascending`
    }
  }
  return undefined
}

// ─────────────────────────────── REST arbitraries ───────────────────────────────

const time = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: T0 - 3 * DAY, max: T0 + DAY }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: Date.UTC(2200, 0, 1) }) },
  { weight: 1, arbitrary: fc.constantFrom(-1, 1.5, 2 ** 53, 1e300) },
)
const junkValue = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('', ' ', 'null', '0', 'NaN', '1e3', '١', 'é'))
const field = <T>(arbitrary: fc.Arbitrary<T>, freq = 6) => fc.option(fc.oneof({ weight: 8, arbitrary }, { weight: 1, arbitrary: junkValue }), { freq, nil: undefined })
const req = fc.record(
  {
    coin: field(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...KNOWN_COINS) }, { weight: 1, arbitrary: fc.constantFrom(...UNKNOWN_COINS) })),
    interval: field(fc.constantFrom(...INTERVALS, ...INTERVALS, '2m', '1s', '1H', '60', '1W', '')),
    startTime: field(time),
    endTime: field(time, 3),
  },
  { requiredKeys: ['coin', 'interval', 'startTime', 'endTime'] },
)
const infoBody = fc.record(
  {
    type: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...TYPES, ...TYPES.map(() => 'candleSnapshot')) }, { weight: 1, arbitrary: fc.constantFrom('candles', 'CandleSnapshot', 'l2Book', '', '__proto__', 'toString') }, { weight: 1, arbitrary: junkValue }),
    req: fc.oneof({ weight: 8, arbitrary: req }, { weight: 1, arbitrary: junkValue }),
    dex: fc.constantFrom('', 'xyz', null, 1),
    extra: junkValue,
  },
  { requiredKeys: ['type', 'req'] },
)
/** A body as sent: JSON of a (mostly) well-shaped request, any JSON, or text that may not parse. */
const bodyText = fc.oneof(
  { weight: 10, arbitrary: infoBody.map((b) => JSON.stringify(b)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((b) => JSON.stringify(b)) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constantFrom('', '{', '{"type":"meta"', '{"type":"meta"}{}', '\uFEFF{"type":"meta"}', '[]', 'null', '{"type":"candleSnapshot","req":' + '['.repeat(3000)) },
)
const contentType = fc.oneof({ weight: 12, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/json; charset=utf-8', 'APPLICATION/JSON', '', 'application/x-www-form-urlencoded') })
const queryText = fc.oneof({ weight: 6, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('?type=meta', '?', '?%zz', '?coin=BTC&interval=1m', '#x') })

// ─────────────────────────────── WebSocket oracle ───────────────────────────────

type Expected = 'parse' | 'pong' | 'ack' | 'already' | 'none'
const OTHER_TYPES = ['allMids', 'l2Book', 'trades', 'bbo', 'activeAssetCtx']

/** What Hyperliquid answers a frame with (§3.7), tracking the candle subscriptions; `doomed` when an unknown coin will drop the socket. */
function expectFor(text: string, state: { subscribed: Set<string>; doomed: boolean }): Expected {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return 'parse'
  }
  if (!isObject(value)) return 'parse'
  if (value.method === 'ping') return 'pong'
  if (value.method !== 'subscribe' && value.method !== 'unsubscribe') return 'parse'
  const sub = value.subscription
  if (!isObject(sub) || typeof sub.type !== 'string') return 'parse'
  if (sub.type !== 'candle') return OTHER_TYPES.includes(sub.type) ? 'ack' : 'parse'
  if (typeof sub.coin !== 'string' || !INTERVALS.includes(sub.interval as string)) return 'parse'
  const key = `${sub.coin} ${sub.interval}`
  if (value.method === 'unsubscribe') return state.subscribed.delete(key) ? 'ack' : 'already'
  if (state.subscribed.has(key)) return 'already'
  if (!KNOWN_COINS.includes(sub.coin)) {
    state.doomed = true
    return 'none'
  }
  state.subscribed.add(key)
  return 'ack'
}

function replyProblem(replies: string[], expected: Expected): string | undefined {
  if (expected === 'none') return replies.length === 0 ? undefined : 'a reply to an unknown coin'
  if (replies.length !== 1) return `${replies.length} replies`
  let value: { channel?: unknown; data?: unknown }
  try {
    value = JSON.parse(replies[0])
  } catch {
    return 'a reply that is not JSON'
  }
  if (expected === 'pong') return value.channel === 'pong' && Object.keys(value).length === 1 ? undefined : 'not a pong'
  if (expected === 'ack') return value.channel === 'subscriptionResponse' && isObject(value.data) ? undefined : 'not a subscriptionResponse'
  if (value.channel !== 'error' || typeof value.data !== 'string') return 'not an error frame'
  const prefix = expected === 'parse' ? 'Error parsing JSON into valid websocket request: ' : /^Already (un)?subscribed: \{/
  return (typeof prefix === 'string' ? value.data.startsWith(prefix) : prefix.test(value.data)) ? undefined : `error ${value.data.slice(0, 80)}`
}

const isPush = (frame: string) => frame.startsWith('{"channel":"candle"')

// ─────────────────────────────── WebSocket arbitraries ───────────────────────────────

const subscription = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record(
      {
        type: fc.oneof({ weight: 8, arbitrary: fc.constant('candle') }, { weight: 2, arbitrary: fc.constantFrom(...OTHER_TYPES, 'candles', 'Candle', 'nope') }, { weight: 1, arbitrary: junkValue }),
        coin: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...KNOWN_COINS) }, { weight: 1, arbitrary: fc.constantFrom(...UNKNOWN_COINS) }, { weight: 1, arbitrary: junkValue }),
        interval: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...INTERVALS) }, { weight: 1, arbitrary: fc.constantFrom('2m', '1H', '') }, { weight: 1, arbitrary: junkValue }),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: junkValue },
)
const objectFrame = fc
  .record(
    {
      method: fc.oneof({ weight: 8, arbitrary: fc.constantFrom('subscribe', 'unsubscribe', 'ping') }, { weight: 1, arbitrary: fc.constantFrom('Subscribe', 'post', 'pong', '') }, { weight: 1, arbitrary: junkValue }),
      subscription,
      id: junkValue,
    },
    { requiredKeys: [] },
  )
  .map((frame) => JSON.stringify(frame))
const validSubscribe = '{"method":"subscribe","subscription":{"type":"candle","coin":"BTC","interval":"1m"}}'
const frame: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  { weight: 10, arbitrary: objectFrame },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
  { weight: 2, arbitrary: fc.tuple(fc.nat(validSubscribe.length), fc.string({ unit: 'grapheme-ascii', maxLength: 2 })).map(([at, put]) => validSubscribe.slice(0, at) + put + validSubscribe.slice(at + (put ? 1 : 0))) },
  { weight: 1, arbitrary: fc.constant(new TextEncoder().encode('{"method":"ping"}')) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\u0000', '\uFEFF{"method":"ping"}', '['.repeat(10_000) + ']'.repeat(10_000), '{"method":"ping"}{"method":"ping"}', `{"method":"ping","pad":"${'x'.repeat(100_000)}"}`) },
)

// ─────────────────────────────── the properties ───────────────────────────────

describe.each([
  { name: 'perpetual', plugin: hyperliquidPerpetual as ExchangePlugin },
  { name: 'spot', plugin: hyperliquidSpot as ExchangePlugin },
])('fuzz: Hyperliquid $name', ({ plugin }) => {
  let exchange: MockExchangeController
  beforeAll(() => {
    exchange = setupMockExchange(plugin, { seed: 7, clock: { mode: 'manual', start: T0 }, markets: [{ symbol: 'BTC/USDC', price: 50_000 }, { symbol: 'ETH/USDC' }] })
    exchange.listen()
  })
  afterAll(() => exchange.close())

  const post = (body: string, options: { origin?: string; query?: string; type?: string } = {}) =>
    fetchAnswer(`${options.origin ?? ORIGINS[0]}/info${options.query ?? ''}`, { method: 'POST', body, headers: { 'content-type': options.type ?? 'application/json' } })
  /** The mock still serves: a valid snapshot equals the engine's candles. */
  const stillServes = async () => {
    const start = exchange.clock.now() - 10 * MINUTE
    const answer = await post(JSON.stringify({ type: 'candleSnapshot', req: { coin: 'BTC', interval: '1m', startTime: start, endTime: start + 2 * MINUTE } }))
    expect(answer.status, answer.text).toBe(200)
    const candles = exchange.engine.candles('BTC/USDC', '1m', { start, end: start + 2 * MINUTE + 1 })
    expect((answer.body as Array<{ t: number; c: string }>).map((row) => [row.t, Number(row.c)])).toEqual(candles.map((c) => [c.openTime, c.close]))
  }

  it('REST: every malformed body, content type or query gets 200 JSON or the native text error; never a rejection or a hang', async () => {
    const seen = { rows: 0, statuses: new Set<number>() }
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ORIGINS), bodyText, contentType, queryText, async (origin, body, type, query) => {
        exchange.reset() // a fresh weight window: the answers under test are the route's, not the limiter's
        const answer = await post(body, { origin, query, type })
        let parsed: unknown
        try {
          parsed = JSON.parse(body)
        } catch {
          parsed = undefined
        }
        const problem = answerProblem(answer, parsed)
        if (problem) throw new Error(`${type} ${JSON.stringify(body.slice(0, 200))} → ${problem}`)
        seen.statuses.add(answer.status)
        if (Array.isArray(answer.body) && answer.body.length > 0 && isObject(parsed) && parsed.type === 'candleSnapshot') seen.rows++
      }),
      { seed: SEED, numRuns: runs(300) },
    )
    expect(seen.rows).toBeGreaterThan(runs(300) / 60)
    expect([...seen.statuses].sort()).toEqual([200, 400, 415, 422, 500])
    await stillServes()
  }, TIMEOUT)

  it('REST: GET and other paths get the native empty 405 / 404', async () => {
    expect(await fetchAnswer('https://api.hyperliquid.xyz/info')).toMatchObject({ status: 405, text: '' })
    expect(await fetchAnswer('https://api.hyperliquid.xyz/exchange', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).toMatchObject({ status: 404, text: '' })
    await stillServes()
  })

  it('WebSocket: every frame gets the one answer §3.7 gives (none for an unknown coin, which drops the socket); a healthy connection keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 4 }), async (frames) => {
        exchange.reset()
        const client = await new WsClient(exchange, 'wss://api.hyperliquid.xyz/ws').open()
        const state = { subscribed: new Set<string>(), doomed: false }
        try {
          for (const data of frames) {
            const text = typeof data === 'string' ? data : new TextDecoder().decode(data)
            const replies = (await client.send(data)).filter((reply) => !isPush(reply))
            const shown = `${JSON.stringify(text.slice(0, 200))} → ${JSON.stringify(replies).slice(0, 300)}`
            if (client.closed) throw new Error(`the server closed ${JSON.stringify(client.closed)}: ${shown}`)
            const problem = replyProblem(replies, expectFor(text, state))
            if (problem) throw new Error(`${problem}: ${shown}`)
          }
          if (state.doomed) {
            await client.advance(100)
            await turnUntil(() => client.closed !== undefined)
            if (client.closed?.code !== 1006) throw new Error(`an unknown coin did not drop the socket: ${JSON.stringify(client.closed)}`)
            return
          }
          // The connection still works: a subscribe (unless the frames made it already) is acked and the candle's close is pushed.
          const ack = state.subscribed.has('ETH 3m') ? ['{"channel":"subscriptionResponse"'] : await client.send('{"method":"subscribe","subscription":{"type":"candle","coin":"ETH","interval":"3m"}}')
          if (!ack.some((reply) => reply.startsWith('{"channel":"subscriptionResponse"'))) throw new Error(`no ack after ${JSON.stringify(frames.map((f) => String(f).slice(0, 100)))}: ${JSON.stringify(ack)}`)
          const now = exchange.clock.now()
          const boundary = now - (now % (3 * MINUTE)) + 3 * MINUTE
          const pushes = (await client.advance(boundary - now)).filter(isPush)
          if (!pushes.some((push) => push.includes(`"t":${boundary - 3 * MINUTE},`) && push.includes('"s":"ETH","i":"3m"'))) throw new Error(`no closing push after the subscribe: ${JSON.stringify(pushes.slice(-2))}`)
        } finally {
          await client.close()
        }
      }),
      { seed: SEED, numRuns: runs(60) },
    )
    exchange.reset()
    await stillServes()
  }, TIMEOUT)
})
