/**
 * Fuzzing Gate spot and USDT perpetuals with fast-check: malformed query strings on every
 * route, and malformed WebSocket frames. Whatever comes in, the mock answers the way Gate
 * does (facts §5.1, §5.3, §6.4) — a bare JSON success body, or a 4xx `{"label","message"}`;
 * on WebSocket one reply per frame: an ack, a pong, or `{error:{code,message}, result:
 * {status:"fail"}}` — never a 5xx, never a rejection escaping fetch, never a hang, never a
 * closed connection, and it keeps serving.
 *
 * No real time passes: a manual clock, and "settles" means within a bounded number of
 * event-loop turns. FUZZ_SEED=<n> replays or explores another seed; FUZZ_RUNS scales runs.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gatePerpetual, gateSpot } from '../handlers/gate/index.js'
import { setupMockExchange, type ExchangePlugin, type MockExchangeController } from '../src/index.js'
import { fetchAnswer, WsClient, type Answer } from './conformance/harness.js'

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_124)
const SCALE = Number(process.env.FUZZ_RUNS ?? 1)
const runs = (n: number) => Math.max(1, Math.round(n * SCALE))
const TIMEOUT = 30_000 * Math.max(1, SCALE)
const T0 = Date.UTC(2026, 2, 10, 12)
const T0_S = T0 / 1000
const DAY_S = 86_400
const MARKETS = [{ symbol: 'BTC/USDT', price: 50_000 }, { symbol: 'ETH/USDT' }]

type Shape = 'spotRows' | 'futuresRows' | 'time' | 'list'
interface Venue {
  name: string
  plugin: ExchangePlugin
  candles: string
  symbolParam: string
  prefix: 'spot' | 'futures'
  wsUrl: string
  routes: Array<{ path: string; shape: Shape }>
}
const LISTS = ['/api/v4/spot/currencies', '/api/v4/spot/currency_pairs', '/api/v4/margin/currency_pairs', '/api/v4/futures/usdt/contracts', '/api/v4/futures/btc/contracts', '/api/v4/delivery/usdt/contracts', '/api/v4/options/underlyings'].map((path) => ({ path, shape: 'list' as const }))
const VENUES: Venue[] = [
  {
    name: 'spot',
    plugin: gateSpot,
    candles: '/api/v4/spot/candlesticks',
    symbolParam: 'currency_pair',
    prefix: 'spot',
    wsUrl: 'wss://api.gateio.ws/ws/v4/',
    routes: [{ path: '/api/v4/spot/candlesticks', shape: 'spotRows' }, { path: '/api/v4/spot/time', shape: 'time' }, ...LISTS],
  },
  {
    name: 'USDT perpetual',
    plugin: gatePerpetual,
    candles: '/api/v4/futures/usdt/candlesticks',
    symbolParam: 'contract',
    prefix: 'futures',
    wsUrl: 'wss://fx-ws.gateio.ws/v4/ws/usdt',
    routes: [{ path: '/api/v4/futures/usdt/candlesticks', shape: 'futuresRows' }, { path: '/api/v4/spot/time', shape: 'time' }, ...LISTS],
  },
]
const INTERVALS = ['1s', '10s', '1m', '5m', '15m', '30m', '1h', '2h', '4h', '8h', '1d', '7d', '1w', '30d']

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
const DECIMAL = /^\d+(\.\d*[1-9])?$/

/** §5.1: a 4xx and exactly `{label, message}`. */
function nativeError(answer: Answer): string | undefined {
  if (answer.status < 400 || answer.status >= 500) return `status ${answer.status}`
  const body = answer.body
  if (!isObject(body) || Object.keys(body).join() !== 'label,message' || typeof body.label !== 'string' || !/^[A-Z_]+$/.test(body.label) || typeof body.message !== 'string') return 'not {label,message}'
  return undefined
}

function shapeProblem(shape: Shape, body: unknown): string | undefined {
  switch (shape) {
    case 'time':
      return isObject(body) && Object.keys(body).join() === 'server_time' && Number.isInteger(body.server_time) ? undefined : 'not {server_time}'
    case 'list':
      return Array.isArray(body) ? undefined : 'not a list'
    case 'spotRows': {
      if (!Array.isArray(body) || body.length > 1000) return 'not a list of at most 1000'
      for (const [i, row] of body.entries()) {
        if (!Array.isArray(row) || row.length !== 8 || !row.every((x) => typeof x === 'string')) return `row ${i} is not 8 strings`
        const [t, quote, c, h, l, o, base, closed] = row as string[]
        if (!/^\d+$/.test(t) || ![quote, c, h, l, o, base].every((x) => DECIMAL.test(x))) return `row ${i}: bad numbers`
        if (closed !== (i === body.length - 1 ? closed : 'true') || (closed !== 'true' && closed !== 'false')) return `row ${i}: closed ${closed}`
        if (!(Number(l) <= Math.min(Number(o), Number(c)) && Math.max(Number(o), Number(c)) <= Number(h))) return `row ${i}: OHLC out of order`
        if (i > 0 && !(Number(t) > Number((body[i - 1] as string[])[0]))) return `row ${i}: not oldest first`
        if (i > 0 && o !== (body[i - 1] as string[])[2]) return `row ${i}: does not open at the previous close`
      }
      return undefined
    }
    case 'futuresRows': {
      if (!Array.isArray(body) || body.length > 2000) return 'not a list of at most 2000'
      for (const [i, row] of body.entries()) {
        if (!isObject(row) || !Number.isInteger(row.t)) return `row ${i} is not an object with integer t`
        const priceOnly = Object.keys(row).join() === 't,c,h,l,o'
        if (!priceOnly && (Object.keys(row).join() !== 't,v,c,h,l,o,sum' || !Number.isInteger(row.v) || !DECIMAL.test(String(row.sum)))) return `row ${i}: bad keys`
        if (![row.c, row.h, row.l, row.o].every((x) => typeof x === 'string' && DECIMAL.test(x))) return `row ${i}: bad prices`
        if (i > 0 && !((row.t as number) > ((body[i - 1] as { t: number }).t as number))) return `row ${i}: not oldest first`
      }
      return undefined
    }
  }
}

// ─────────────────────────────── REST arbitraries ───────────────────────────────

const PARAM_NAMES = ['currency_pair', 'contract', 'interval', 'from', 'to', 'limit', 'timezone', 'settle']
const name = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...PARAM_NAMES) },
  { weight: 2, arbitrary: fc.constantFrom('CURRENCY_PAIR', 'Interval', 'limit[]', '', 'from ', '__proto__', 'constructor', 'toString', 'a.b', 'é') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
)
const seconds = fc.oneof(fc.integer({ min: T0_S - 30 * DAY_S, max: T0_S + DAY_S }), fc.integer({ min: 0, max: 7_258_118_400 }), fc.integer({ min: T0_S - DAY_S, max: T0_S + 60 }))
const value = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('BTC_USDT', 'ETH_USDT', 'btc_usdt', 'BTC_USDT ', 'NOPE_USDT', 'BTC/USDT', 'BTCUSDT', 'mark_BTC_USDT', 'index_ETH_USDT', 'mark_', 'BTC_USDT\u0000') },
  { weight: 3, arbitrary: fc.constantFrom(...INTERVALS, '1M', '1H', '60', '1min', '-1m', '3m', '') },
  { weight: 3, arbitrary: seconds.map(String) },
  { weight: 2, arbitrary: fc.integer({ min: -5, max: 2500 }).map(String) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.constantFrom(' ', '+1', '-0', '0x10', '1_000', '1,5', '٣', '１２', 'NaN', 'Infinity', '1e3', '9'.repeat(20), 'utc0', 'utc8', 'all', 'usdt') },
  { weight: 1, arbitrary: fc.nat(2000).map((n) => '9'.repeat(n)) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 16 }) },
)
const pairText = fc.tuple(name, value, fc.constantFrom('encoded', 'encoded', 'raw', 'keyOnly', 'emptyValue', 'plus')).map(([k, v, how]) => {
  const enc = (text: string) => encodeURIComponent(text)
  if (how === 'raw') return `${k}=${v}`
  if (how === 'keyOnly') return enc(k)
  if (how === 'emptyValue') return `${enc(k)}=`
  if (how === 'plus') return `${enc(k)}=${enc(v).replace(/%20/g, '+')}`
  return `${enc(k)}=${enc(v)}`
})
const junk = fc.constantFrom('', '&', '&&', '=', '%', '%zz', '%E0%A4%A', '%00', '%ff', '#frag', ';', '?', '+')

/** A query biased to near-valid: a candlesticks core, then sometimes random pairs, junk and a repeated part, in any order. */
const query = (venue: Venue) =>
  fc
    .tuple(
      fc.option(fc.constantFrom('BTC_USDT', 'ETH_USDT', 'NOPE_USDT').map((s) => `${venue.symbolParam}=${s}`), { freq: 10 }),
      fc.option(fc.constantFrom(...INTERVALS).map((i) => `interval=${i}`), { freq: 4 }),
      fc.option(seconds.map((t) => `from=${t}`), { freq: 3 }),
      fc.option(seconds.map((t) => `to=${t}`), { freq: 3 }),
      fc.option(fc.integer({ min: 0, max: 2100 }).map((n) => `limit=${n}`), { freq: 3 }),
      fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 3, arbitrary: fc.array(pairText, { minLength: 1, maxLength: 4 }) }),
      fc.oneof({ weight: 6, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(junk, { minLength: 1, maxLength: 2 }) }),
      fc.integer({ min: 0, max: 9 }),
    )
    .chain(([symbol, interval, from, to, limit, pairs, junks, dice]) => {
      const core = [symbol, interval, from, to, limit].filter((part): part is string => part !== null)
      const parts = [...core, ...pairs, ...junks, ...(dice === 0 && core.length > 0 ? [core[0]] : [])]
      return fc.shuffledSubarray([...parts.keys()], { minLength: parts.length, maxLength: parts.length }).map((order) => order.map((i) => parts[i]).join('&'))
    })

const request = (venue: Venue) =>
  fc.record({
    route: fc.oneof({ weight: 6, arbitrary: fc.constant(venue.routes[0]) }, { weight: 2, arbitrary: fc.constantFrom(...venue.routes) }),
    query: query(venue),
  })

// ─────────────────────────────── WebSocket arbitraries ───────────────────────────────

const jsonText = (value: unknown) => JSON.stringify(value)
const junkJson = fc.jsonValue({ maxDepth: 3 }).map(jsonText)
const frame = (venue: Venue): fc.Arbitrary<string | Uint8Array> => {
  const channel = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(`${venue.prefix}.candlesticks`, `${venue.prefix}.ping`) },
    { weight: 2, arbitrary: fc.constantFrom('spot.candlesticks', 'futures.candlesticks', 'spot.ping', 'futures.ping', `${venue.prefix}.trades`, '', 'candlesticks').map(jsonText) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 12 }) },
  )
  const payload = fc.oneof(
    { weight: 6, arbitrary: fc.tuple(fc.constantFrom(...INTERVALS, '1M', ''), fc.constantFrom('BTC_USDT', 'ETH_USDT', 'NOPE_USDT', 'btc_usdt', '')).map((p) => [...p]) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  )
  const objectFrame = fc
    .record(
      {
        time: fc.oneof(fc.constant(T0_S), fc.constantFrom<unknown>('1', 1.5, null, -1, 1e20)),
        id: fc.oneof(fc.nat(), fc.constantFrom<unknown>('1', 1.5, null, -1, [])),
        channel: fc.oneof(channel, fc.constantFrom<unknown>(1, null, [])),
        event: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('subscribe', 'unsubscribe') }, { weight: 1, arbitrary: fc.constantFrom<unknown>('Subscribe', '', 'update', 1, null) }),
        payload,
        extra: fc.jsonValue({ maxDepth: 1 }),
      },
      { requiredKeys: [] },
    )
    .map(jsonText)
  const valid = `{"time":${T0_S},"id":1,"channel":"${venue.prefix}.candlesticks","event":"subscribe","payload":["1m","BTC_USDT"]}`
  return fc.oneof(
    { weight: 8, arbitrary: objectFrame },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 2, arbitrary: junkJson },
    { weight: 2, arbitrary: fc.tuple(fc.nat(valid.length), fc.string({ unit: 'binary', maxLength: 2 })).map(([at, put]) => valid.slice(0, at) + put + valid.slice(at + (put ? 1 : 0))) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
    { weight: 1, arbitrary: fc.constantFrom<string | Uint8Array>('ping', '', ' ', '\u0000', '['.repeat(10_000) + ']'.repeat(10_000), `${valid}${valid}`, `{"pad":"${'x'.repeat(200_000)}"}`) },
  )
}

/** Why a frame's replies are not Gate's one native answer, or undefined. */
function repliesProblem(replies: string[]): string | undefined {
  const answers = replies.map((reply) => JSON.parse(reply) as Record<string, any>).filter((value) => !(value.event === 'update' && !('error' in value)))
  if (answers.length !== 1) return `${answers.length} answers`
  const [answer] = answers
  if (!Number.isInteger(answer.time) || !Number.isInteger(answer.time_ms)) return 'no time/time_ms'
  if (answer.channel?.endsWith?.('.pong')) return answer.result === null && answer.error === null ? undefined : 'a bad pong'
  if (answer.error === null) return answer.result?.status === 'success' ? undefined : 'an ack without success'
  if (!Number.isInteger(answer.error?.code) || typeof answer.error.message !== 'string' || answer.result?.status !== 'fail') return 'not a native error'
  return undefined
}

describe.each(VENUES)('fuzz: Gate $name', (venue) => {
  let exchange: MockExchangeController
  beforeAll(() => {
    exchange = setupMockExchange(venue.plugin, { seed: 7, clock: { mode: 'manual', start: T0 }, markets: MARKETS })
    exchange.listen()
  })
  afterAll(() => exchange.close())

  const stillServes = async () => {
    const from = T0_S - 600
    const answer = await fetchAnswer(`https://api.gateio.ws${venue.candles}?${venue.symbolParam}=BTC_USDT&interval=1m&from=${from}&to=${from + 120}`)
    expect(answer.status, answer.text).toBe(200)
    const closes = (answer.body as Array<string[] | { c: string }>).map((row) => Number(Array.isArray(row) ? row[2] : row.c))
    expect(closes).toEqual(exchange.engine.candles('BTC/USDT', '1m', { start: from * 1000, end: (from + 121) * 1000 }).map((c) => c.close))
  }

  it('REST: every malformed query gets a bare success body or a 4xx {label,message}; never a 5xx, a rejection or a hang', async () => {
    const seen = { rows: 0, labels: new Set<string>() }
    await fc.assert(
      fc.asyncProperty(request(venue), async ({ route, query }) => {
        exchange.reset()
        const url = `https://api.gateio.ws${route.path}?${query}`
        const answer = await fetchAnswer(url)
        if (!answer.json) throw new Error(`${url} → ${answer.status} not JSON: ${answer.text.slice(0, 300)}`)
        if (answer.status === 200) {
          const problem = shapeProblem(route.shape, answer.body)
          if (problem) throw new Error(`${url} → 200 with ${problem}: ${answer.text.slice(0, 300)}`)
          if (route.path === venue.candles && (answer.body as unknown[]).length > 0) seen.rows++
          return
        }
        const problem = nativeError(answer)
        if (problem) throw new Error(`${url} → ${problem}: ${answer.status} ${answer.text.slice(0, 300)}`)
        seen.labels.add((answer.body as { label: string }).label)
      }),
      { seed: SEED, numRuns: runs(400) },
    )
    expect(seen.rows).toBeGreaterThan(runs(400) / 20)
    for (const label of ['MISSING_REQUIRED_PARAM', 'INVALID_PARAM_VALUE', venue.prefix === 'spot' ? 'INVALID_CURRENCY_PAIR' : 'CONTRACT_NOT_FOUND']) expect([...seen.labels]).toContain(label)
    exchange.reset()
    await stillServes()
  }, TIMEOUT)

  it('REST: over the limit, 429 TOO_MANY_REQUESTS with the limit headers; served again a window later', async () => {
    exchange.reset()
    const url = `https://api.gateio.ws${venue.candles}?${venue.symbolParam}=BTC_USDT&limit=1`
    let answer = await fetchAnswer(url)
    expect(answer.headers.get('x-gate-ratelimit-limit')).toBe('200')
    for (let i = 0; i < 200 && answer.status === 200; i++) answer = await fetchAnswer(url)
    expect(answer.status).toBe(429)
    expect(answer.body).toEqual({ label: 'TOO_MANY_REQUESTS', message: 'Request Rate limit Exceeded' })
    await exchange.clock.advance(10_000)
    expect((await fetchAnswer(url)).status).toBe(200)
    exchange.reset()
  }, TIMEOUT)

  it('WebSocket: every frame gets its one native answer (ack, pong or error frame); the connection keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(frame(venue), { minLength: 1, maxLength: 4 }), async (frames) => {
        exchange.reset()
        const client = await new WsClient(exchange, venue.wsUrl).open()
        try {
          for (const data of frames) {
            const replies = await client.send(data)
            if (!client.isOpen) throw new Error(`closed after ${String(data).slice(0, 200)}: ${JSON.stringify(client.closed)}`)
            const problem = repliesProblem(replies)
            if (problem) throw new Error(`${String(data).slice(0, 200)} → ${problem}: ${JSON.stringify(replies).slice(0, 400)}`)
          }
          const subscribed = await client.send(`{"time":${T0_S},"id":99,"channel":"${venue.prefix}.candlesticks","event":"subscribe","payload":["1m","ETH_USDT"]}`)
          if (!subscribed.some((reply) => reply.includes('"id":99') && reply.includes('"success"'))) throw new Error(`no ack: ${JSON.stringify(subscribed)}`)
          const pushes = await client.advance(2_000)
          if (!pushes.some((push) => push.includes('"n":"1m_ETH_USDT"'))) throw new Error(`no push after the fuzzed frames: ${JSON.stringify(pushes).slice(0, 300)}`)
        } finally {
          await client.close()
        }
      }),
      { seed: SEED, numRuns: runs(120) },
    )
    exchange.reset()
    await stillServes()
  }, TIMEOUT)
})
