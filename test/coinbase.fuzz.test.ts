/**
 * Fuzzing Coinbase Advanced Trade with fast-check: malformed query strings and paths on
 * every route, malformed WebSocket frames and connection URLs. Whatever comes in, the
 * mock answers the way Coinbase does (wire-formats §1.6, §1.8) — a 4xx in the v3
 * `{"error","message"}` or v2 `{"errors":[…]}` envelope, the authenticated mirrors' 401,
 * or a normal 200; an error frame, or the subscription acknowledgement — never a 5xx,
 * never a rejection escaping fetch, never a hang, and it keeps serving afterwards.
 *
 * No real time passes: a manual clock, and "settles" means within a bounded number of
 * event-loop turns. FUZZ_SEED=<n> replays or explores another seed; FUZZ_RUNS scales runs.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { coinbaseAdvancedTrade } from '../handlers/coinbase/index.js'
import { setupMockExchange, type MockExchangeController } from '../src/index.js'
import { fetchAnswer, turnUntil, WsClient, type Answer } from './conformance/harness.js'

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_124)
const SCALE = Number(process.env.FUZZ_RUNS ?? 1)
const runs = (n: number) => Math.max(1, Math.round(n * SCALE))
const TIMEOUT = 30_000 * Math.max(1, SCALE)
const T0 = Date.UTC(2026, 2, 10, 12, 2)
const T0_S = T0 / 1000
const DAY_S = 86_400
const API = 'https://api.coinbase.com'
const WS = 'wss://advanced-trade-ws.coinbase.com'
const GRANULARITY_SECONDS: Record<string, number> = {
  ONE_MINUTE: 60,
  FIVE_MINUTE: 300,
  FIFTEEN_MINUTE: 900,
  THIRTY_MINUTE: 1800,
  ONE_HOUR: 3600,
  TWO_HOUR: 7200,
  FOUR_HOUR: 14400,
  SIX_HOUR: 21600,
  ONE_DAY: 86400,
}
const JWT = `${btoa('{"alg":"ES256","kid":"k"}')}.${btoa('{"sub":"k"}')}.c2ln`.replace(/=/g, '')

type Shape = 'candles' | 'products' | 'product' | 'time' | 'v2Currencies' | 'v2Crypto' | 'v2Rates' | 'v2Time'
interface Route {
  /** With `{id}` where the product id goes. */
  path: string
  shape: Shape
  authenticated?: boolean
}
const ROUTES: Route[] = [
  { path: '/api/v3/brokerage/market/products/{id}/candles', shape: 'candles' },
  { path: '/api/v3/brokerage/products/{id}/candles', shape: 'candles', authenticated: true },
  { path: '/api/v3/brokerage/market/products/{id}', shape: 'product' },
  { path: '/api/v3/brokerage/products/{id}', shape: 'product', authenticated: true },
  { path: '/api/v3/brokerage/market/products', shape: 'products' },
  { path: '/api/v3/brokerage/products', shape: 'products', authenticated: true },
  { path: '/api/v3/brokerage/time', shape: 'time' },
  { path: '/v2/currencies', shape: 'v2Currencies' },
  { path: '/v2/currencies/crypto', shape: 'v2Crypto' },
  { path: '/v2/exchange-rates', shape: 'v2Rates' },
  { path: '/v2/time', shape: 'v2Time' },
]

// ─────────────────────────────── shapes ───────────────────────────────

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
const DECIMAL = /^\d+(\.\d*[1-9])?$/

/** What kind of native error an answer is, or undefined when it is none. */
function nativeError(url: URL, answer: Answer, authenticated: boolean): string | undefined {
  const body = answer.body
  if (answer.status < 400 || answer.status >= 500) return undefined
  if (authenticated && answer.status === 401) return answer.text === 'Unauthorized\n' ? '401' : undefined
  if (url.pathname.startsWith('/v2/')) {
    const errors = isObject(body) ? body.errors : undefined
    if (!Array.isArray(errors) || errors.length !== 1 || !isObject(errors[0]) || Object.keys(errors[0]).join() !== 'id,message') return undefined
    return typeof errors[0].id === 'string' && typeof errors[0].message === 'string' ? `v2 ${errors[0].id}` : undefined
  }
  if (!isObject(body) || typeof body.error !== 'string' || typeof body.message !== 'string' || body.message === '') return undefined
  const keys = Object.keys(body).join()
  return keys === 'error,error_details,message' || keys === 'error,message' ? body.error : undefined
}

/** Why a 200 body is not the route's normal shape, or undefined when it is. */
function shapeProblem(shape: Shape, url: URL, body: unknown): string | undefined {
  switch (shape) {
    case 'candles': {
      if (!isObject(body) || Object.keys(body).join() !== 'candles' || !Array.isArray(body.candles)) return 'not {"candles":[…]}'
      if (body.candles.length > 350) return `${body.candles.length} rows`
      const step = GRANULARITY_SECONDS[url.searchParams.get('granularity') ?? '']
      if (!step) return 'a 200 without a valid granularity'
      let previous = Infinity
      for (const [i, row] of body.candles.entries()) {
        if (!isObject(row) || Object.keys(row).join() !== 'start,low,high,open,close,volume') return `row ${i}: keys`
        const { start, low, high, open, close, volume } = row as Record<string, string>
        if (![low, high, open, close, volume].every((x) => typeof x === 'string' && DECIMAL.test(x)) || !/^\d+$/.test(start)) return `row ${i}: not decimal strings`
        const s = Number(start)
        if (s % step !== 0 || s >= previous || s > T0_S + 10 * DAY_S) return `row ${i}: start ${start} (step ${step}, after ${previous})`
        previous = s
        if (!(Number(low) <= Math.min(Number(open), Number(close)) && Math.max(Number(open), Number(close)) <= Number(high))) return `row ${i}: OHLC out of order`
      }
      return undefined
    }
    case 'products':
      if (!isObject(body) || Object.keys(body).join() !== 'products,num_products,pagination' || !Array.isArray(body.products)) return 'not {products,num_products,pagination}'
      if (body.num_products !== body.products.length || body.pagination !== null) return 'num_products/pagination'
      return body.products.every((p) => isObject(p) && typeof p.product_id === 'string' && p.product_type === 'SPOT') ? undefined : 'a bad product'
    case 'product':
      return isObject(body) && typeof body.product_id === 'string' && typeof body.price === 'string' ? undefined : 'not a product'
    case 'time':
      return isObject(body) && Object.keys(body).join() === 'iso,epochSeconds,epochMillis' && /^\d+$/.test(String(body.epochSeconds)) ? undefined : 'not {iso,epochSeconds,epochMillis}'
    case 'v2Currencies':
    case 'v2Crypto':
      return isObject(body) && Array.isArray(body.data) && body.data.every((c) => isObject(c) && typeof c.name === 'string') ? undefined : 'not {"data":[{…name}]}'
    case 'v2Rates':
      return isObject(body) && isObject(body.data) && typeof body.data.currency === 'string' && isObject(body.data.rates) && Object.values(body.data.rates).every((r) => typeof r === 'string' && /^\d+(\.\d+)?$/.test(r))
        ? undefined
        : 'not {"data":{currency,rates}}'
    case 'v2Time':
      return isObject(body) && isObject(body.data) && Number.isInteger(body.data.epoch) ? undefined : 'not {"data":{iso,epoch}}'
  }
}

// ─────────────────────────────── REST arbitraries ───────────────────────────────

const PARAM_NAMES = ['granularity', 'start', 'end', 'limit', 'product_type', 'product_ids', 'offset', 'contract_expiry_type', 'currency', 'get_all_products', 'get_tradability_status']
const name = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...PARAM_NAMES) },
  { weight: 2, arbitrary: fc.constantFrom('GRANULARITY', 'Start', 'limit[]', '', 'start ', 'product_id', '__proto__', 'constructor', 'toString', 'a.b', 'é') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
)
const seconds = fc.oneof(fc.integer({ min: T0_S - 400 * DAY_S, max: T0_S + DAY_S }), fc.integer({ min: 0, max: 2 ** 33 }))
const value = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...Object.keys(GRANULARITY_SECONDS), 'UNKNOWN_GRANULARITY', 'ONE_WEEK', 'one_minute', '60', '1m', 'ONE_MINUTE ') },
  { weight: 3, arbitrary: seconds.map(String) },
  { weight: 2, arbitrary: fc.integer({ min: -5, max: 400 }).map(String) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }).map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '+1', '-0', '0x10', '1_000', '1,5', '٣', '１２', 'NaN', 'Infinity', '1e3', '9'.repeat(19), '9'.repeat(20), '2147483648') },
  { weight: 2, arbitrary: fc.constantFrom('SPOT', 'FUTURE', 'UNKNOWN_PRODUCT_TYPE', 'spot', 'PERPETUAL', 'EXPIRING', 'BTC-USD', 'NOPE-USD', 'USD', 'BTC', 'usd', 'true', 'false', 'yes') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 16 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
)
const pairText = fc.tuple(name, value, fc.constantFrom('encoded', 'encoded', 'raw', 'keyOnly', 'emptyValue', 'plus')).map(([k, v, how]) => {
  const enc = encodeURIComponent
  if (how === 'raw') return `${k}=${v}`
  if (how === 'keyOnly') return enc(k)
  if (how === 'emptyValue') return `${enc(k)}=`
  if (how === 'plus') return `${enc(k)}=${enc(v).replace(/%20/g, '+')}`
  return `${enc(k)}=${enc(v)}`
})
const junk = fc.constantFrom('', '&', '&&', '=', '==', '%', '%zz', '%E0%A4%A', '%00', '%ff', '#frag', ';', '?', '&=&', '+')
/** A candles core (granularity, a start…end window mostly within the 350 rule, a limit), then noise, in any order. */
const query = fc
  .tuple(
    fc.option(fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...Object.keys(GRANULARITY_SECONDS)) }, { weight: 1, arbitrary: fc.constantFrom('ONE_WEEK', 'one_hour', '') }), { freq: 10 }),
    fc.option(fc.tuple(seconds, fc.integer({ min: -10, max: 400 })), { freq: 2 }),
    fc.option(fc.integer({ min: -1, max: 360 }), { freq: 3 }),
    fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 3, arbitrary: fc.array(pairText, { minLength: 1, maxLength: 4 }) }),
    fc.oneof({ weight: 6, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(junk, { minLength: 1, maxLength: 2 }) }),
    fc.integer({ min: 0, max: 9 }),
  )
  .chain(([granularity, window, limit, pairs, junks, dice]) => {
    const step = GRANULARITY_SECONDS[granularity ?? ''] ?? 60
    const core = [
      granularity === null ? null : `granularity=${granularity}`,
      window === null ? null : `start=${window[0]}`,
      window === null ? null : `end=${window[0] + window[1] * step}`,
      limit === null ? null : `limit=${limit}`,
    ].filter((part): part is string => part !== null)
    const parts = [...core, ...pairs, ...junks, ...(dice === 0 && core.length > 0 ? [core[0]] : [])]
    return fc.shuffledSubarray([...parts.keys()], { minLength: parts.length, maxLength: parts.length }).map((order) => order.map((i) => parts[i]).join('&'))
  })
const productId = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('BTC-USD', 'ETH-USD') },
  { weight: 2, arbitrary: fc.constantFrom('NOPE-USD', 'btc-usd', 'BTC-USDC', 'BTCUSD', 'BTC%2DUSD', 'BTC-USD%00', '%', '%zz', '..', 'BTC-USD ', encodeURIComponent('💥')) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 }).map((s) => encodeURIComponent(s)) },
)
const request = fc.record({
  route: fc.oneof(...ROUTES.map((route) => ({ weight: route.shape === 'candles' ? 6 : 1, arbitrary: fc.constant(route) }))),
  id: productId,
  query,
  authorization: fc.constantFrom(undefined, undefined, `Bearer ${JWT}`, 'Bearer undefined', 'Bearer ', 'Basic x'),
})

// ─────────────────────────────── WebSocket arbitraries and oracle ───────────────────────────────

const CHANNELS = ['candles', 'heartbeats', 'status', 'ticker', 'ticker_batch', 'level2', 'market_trades', 'user', 'futures_balance_summary']
const PRODUCT_CHANNELS = new Set(['candles', 'ticker', 'ticker_batch', 'level2', 'market_trades'])
const LISTED = new Set(['BTC-USD', 'ETH-USD', 'BTC-USDC', 'ETH-USDC'])

/** Coinbase's answer to one frame (§1.8 and the plugin's documented choices): an error, or the subscriptions message (after any snapshot). */
function expectFor(text: string): 'error' | 'ack' {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return 'error'
  }
  if (!isObject(value)) return 'error'
  const { type, channel, product_ids: ids, jwt } = value
  if ((type !== undefined && typeof type !== 'string') || (channel !== undefined && typeof channel !== 'string') || (jwt !== undefined && typeof jwt !== 'string')) return 'error'
  if (ids !== undefined && ids !== null && !(Array.isArray(ids) && ids.every((id) => typeof id === 'string'))) return 'error'
  if ((type !== 'subscribe' && type !== 'unsubscribe') || typeof channel !== 'string' || !CHANNELS.includes(channel)) return 'error'
  if (type === 'unsubscribe') return 'ack'
  if ((channel === 'user' || channel === 'futures_balance_summary') && !jwt) return 'error'
  if (!PRODUCT_CHANNELS.has(channel)) return 'ack'
  const list = (ids as string[] | null | undefined) ?? []
  return list.length > 0 && list.every((id) => LISTED.has(id)) ? 'ack' : 'error'
}

const jsonText = (v: unknown) => JSON.stringify(v)
const junkJson = fc.jsonValue({ maxDepth: 3 }).map(jsonText)
const fieldValue = {
  type: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('subscribe', 'unsubscribe').map(jsonText) }, { weight: 1, arbitrary: fc.constantFrom('"SUBSCRIBE"', '"sub"', '""', '1', 'null', '[]', '{}') }),
  channel: fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...CHANNELS).map(jsonText) }, { weight: 1, arbitrary: fc.constantFrom('"Candles"', '"l2_data"', '""', '"klines"', '5', 'null', '["candles"]') }),
  product_ids: fc.oneof(
    { weight: 6, arbitrary: fc.array(fc.constantFrom('BTC-USD', 'ETH-USD', 'BTC-USDC', 'NOPE-USD', 'btc-usd', '', 'BTC-USD '), { maxLength: 3 }).map(jsonText) },
    { weight: 1, arbitrary: fc.constantFrom('"BTC-USD"', 'null', '[1]', '{}', '[["BTC-USD"]]', 'true') },
  ),
  jwt: fc.constantFrom('"a.b.c"', '""', '1', 'null'),
}
const objectFrame = fc
  .tuple(fc.option(fieldValue.type, { freq: 8 }), fc.option(fieldValue.channel, { freq: 8 }), fc.option(fieldValue.product_ids, { freq: 4 }), fc.option(fieldValue.jwt, { freq: 1 }), fc.array(fc.tuple(fc.constantFrom('channels', 'x', 'Type', 'sequence'), junkJson), { maxLength: 2 }))
  .chain(([type, channel, ids, jwt, extras]) => {
    const entries: Array<[string, string]> = []
    if (type !== null) entries.push(['type', type])
    if (channel !== null) entries.push(['channel', channel])
    if (ids !== null) entries.push(['product_ids', ids])
    if (jwt !== null) entries.push(['jwt', jwt])
    entries.push(...extras)
    return fc.shuffledSubarray([...entries.keys()], { minLength: entries.length, maxLength: entries.length }).map((order) => `{${order.map((i) => `${jsonText(entries[i][0])}:${entries[i][1]}`).join(',')}}`)
  })
const validSubscribe = '{"type":"subscribe","product_ids":["BTC-USD"],"channel":"candles"}'
const frame: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  { weight: 8, arbitrary: objectFrame },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: junkJson },
  { weight: 2, arbitrary: fc.tuple(fc.nat(validSubscribe.length), fc.string({ unit: 'binary', maxLength: 2 })).map(([at, put]) => validSubscribe.slice(0, at) + put + validSubscribe.slice(at + (put ? 1 : 0))) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 48 }) },
  { weight: 1, arbitrary: fc.constant(new TextEncoder().encode('{"type":"subscribe","channel":"heartbeats"}')) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\u0000', '\uFEFF{}', '['.repeat(5_000) + ']'.repeat(5_000), `{"type":"subscribe","channel":"candles","product_ids":[${Array.from({ length: 200 }, (_, i) => `"P${i}-USD"`).join(',')}]}`, `${validSubscribe}\n`, `${validSubscribe}{}`) },
)

const ENVELOPE = 'channel,client_id,timestamp,sequence_num,events'
/** Checks one connection's frames: errors are {type,message}; channel messages share the envelope and count sequence_num up from 0. */
function framesProblem(frames: string[]): string | undefined {
  let sequence = 0
  for (const text of frames) {
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      return `not JSON: ${text.slice(0, 100)}`
    }
    if (!isObject(value)) return 'not an object'
    if (value.type === 'error') {
      if (Object.keys(value).join() !== 'type,message' || typeof value.message !== 'string' || value.message === '') return `bad error frame ${text}`
      continue
    }
    if (Object.keys(value).join() !== ENVELOPE || value.client_id !== '' || !Array.isArray(value.events)) return `bad envelope ${text.slice(0, 200)}`
    if (value.sequence_num !== sequence++) return `sequence_num ${value.sequence_num}, expected ${sequence - 1}`
  }
  return undefined
}

const channelOf = (text: string): string | undefined => {
  try {
    const value = JSON.parse(text)
    return value.type === 'error' ? 'error' : value.channel
  } catch {
    return undefined
  }
}

// ─────────────────────────────── the properties ───────────────────────────────

describe('fuzz: Coinbase Advanced Trade', () => {
  let exchange: MockExchangeController
  beforeAll(() => {
    exchange = setupMockExchange(coinbaseAdvancedTrade, { seed: 7, clock: { mode: 'manual', start: T0 }, markets: [{ symbol: 'BTC/USD', price: 50_000 }, { symbol: 'ETH/USD' }] })
    exchange.listen()
  })
  afterAll(() => exchange.close())

  /** The mock still serves: a valid candles page equals the engine's candles. */
  const stillServes = async () => {
    const start = T0_S - 600
    const answer = await fetchAnswer(`${API}/api/v3/brokerage/market/products/BTC-USD/candles?granularity=ONE_MINUTE&start=${start}&end=${start + 120}`)
    expect(answer.status, answer.text).toBe(200)
    const candles = exchange.engine.candles('BTC/USD', '1m', { start: start * 1000, end: (start + 121) * 1000 }).reverse()
    expect((answer.body as { candles: Array<{ start: string; close: string }> }).candles.map((row) => [Number(row.start) * 1000, Number(row.close)])).toEqual(candles.map((c) => [c.openTime, c.close]))
  }

  it('REST: every malformed query or path gets a native 4xx (v3, v2 or the mirrors\' 401) or a normal 200; never a 5xx, a rejection or a hang', async () => {
    const seen = { rows: 0, errors: new Set<string>() }
    await fc.assert(
      fc.asyncProperty(request, async ({ route, id, query: q, authorization }) => {
        exchange.reset() // a fresh rate-limit window: the answers under test are the routes', not the limiter's
        const target = `${API}${route.path.replace('{id}', id)}?${q}`
        const answer = await fetchAnswer(target, authorization === undefined ? undefined : { headers: { Authorization: authorization } })
        const url = new URL(target)
        if (answer.status === 200) {
          const problem = answer.json ? shapeProblem(route.shape, url, answer.body) : 'not JSON'
          if (problem) throw new Error(`${target} → 200 with ${problem}: ${answer.text.slice(0, 300)}`)
          if (route.shape === 'candles' && (answer.body as { candles: unknown[] }).candles.length > 0) seen.rows++
          return
        }
        const kind = nativeError(url, answer, route.authenticated === true)
        if (kind === undefined) throw new Error(`${target} → ${answer.status} ${answer.text.slice(0, 300)}`)
        seen.errors.add(`${answer.status} ${kind}`)
      }),
      { seed: SEED, numRuns: runs(300) },
    )
    expect(seen.rows).toBeGreaterThan(runs(300) / 20)
    for (const kind of ['400 INVALID_ARGUMENT', '404 NOT_FOUND', '401 401']) expect([...seen.errors]).toContain(kind)
    await stillServes()
  }, TIMEOUT)

  it('REST: the limiter answers natively too (429 resource_exhausted, no headers), and the next second is served', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...ROUTES.filter((r) => !r.authenticated)), fc.oneof({ weight: 20, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat(1500) })), { minLength: 8, maxLength: 30 }), async (requests) => {
        exchange.reset()
        let inWindow = 0
        let window = Math.floor(exchange.clock.now() / 1000)
        for (const [route, wait] of requests) {
          await exchange.clock.advance(wait)
          const now = Math.floor(exchange.clock.now() / 1000)
          if (now !== window) [window, inWindow] = [now, 0]
          inWindow++
          const answer = await fetchAnswer(`${API}${route.path.replace('{id}', 'BTC-USD')}?granularity=ONE_HOUR&limit=3`)
          if (inWindow > 10) {
            if (answer.status !== 429 || answer.text !== '{"error":"resource_exhausted","error_details":"Too many requests","message":"Too many requests"}') throw new Error(`request ${inWindow} of a second: ${answer.status} ${answer.text}`)
            if (answer.headers.get('retry-after') !== null) throw new Error('a Retry-After header')
          } else if (answer.status !== 200) throw new Error(`request ${inWindow} of a second: ${answer.status} ${answer.text.slice(0, 200)}`)
        }
        await exchange.clock.advance(1_000)
        const answer = await fetchAnswer(`${API}/api/v3/brokerage/time`)
        if (answer.status !== 200) throw new Error(`still ${answer.status} a second later`)
      }),
      { seed: SEED, numRuns: runs(20) },
    )
    exchange.reset()
    await stillServes()
  }, TIMEOUT)

  it('WebSocket: every frame gets one error frame or the subscriptions message (after any snapshot); the connection keeps serving', async () => {
    const seen = new Set<string>()
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 4 }), async (frames) => {
        exchange.reset()
        const client = await new WsClient(exchange, WS).open()
        try {
          for (const data of frames) {
            // Under the 8 messages/second limit; the frames all fit in the first 5 seconds.
            await client.advance(200)
            const text = typeof data === 'string' ? data : new TextDecoder().decode(data)
            const replies = (await client.send(data)).filter((reply) => !['candles', 'heartbeats'].includes(channelOf(reply) ?? '') || reply.includes('"snapshot"'))
            const shown = `${JSON.stringify(text.slice(0, 200))} → ${JSON.stringify(replies).slice(0, 400)}`
            if (client.closed) throw new Error(`the server closed ${JSON.stringify(client.closed)}: ${shown}`)
            const channels = replies.map(channelOf)
            seen.add(expectFor(text))
            if (channels.includes('candles')) seen.add('snapshot')
            if (expectFor(text) === 'error') {
              if (channels.join() !== 'error') throw new Error(`expected one error frame: ${shown}`)
            } else if (channels.at(-1) !== 'subscriptions' || !channels.slice(0, -1).every((c) => c === 'candles')) throw new Error(`expected the subscriptions message: ${shown}`)
          }
          // And the connection still works: a valid subscribe is acknowledged and candles follow the clock.
          await client.advance(200)
          const ack = await client.send(validSubscribe)
          if (ack.map(channelOf).at(-1) !== 'subscriptions') throw new Error(`no ack after ${JSON.stringify(frames.map((f) => String(f).slice(0, 80)))}: ${JSON.stringify(ack)}`)
          const pushes = (await client.advance(5_000)).filter((f) => channelOf(f) === 'candles')
          if (pushes.length === 0) throw new Error('no candle update in 5 seconds')
          const problem = framesProblem(client.frames)
          if (problem) throw new Error(problem)
        } finally {
          await client.close()
        }
      }),
      { seed: SEED, numRuns: runs(100) },
    )
    // The runs reached both sides: refusals, acknowledgements, and snapshots.
    expect([...seen].sort()).toEqual(['ack', 'error', 'snapshot'])
    exchange.reset()
    await stillServes()
  }, TIMEOUT)

  it('WebSocket: bursts over 8 messages a second get an error each beyond the 8th; no connection is closed, the others are served', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 14 }), async (frames) => {
        exchange.reset()
        const client = await new WsClient(exchange, WS).open()
        const other = await new WsClient(exchange, WS).open()
        try {
          for (const data of frames) client.socket.send(data, { binary: typeof data !== 'string' })
          await turnUntil(() => exchange.journal.entries.filter((e) => e.kind === 'ws-in').length >= frames.length || client.closed !== undefined)
          await client.settle()
          if (client.closed) throw new Error(`closed ${JSON.stringify(client.closed)}`)
          const limited = client.frames.filter((f) => f === '{"type":"error","message":"rate limit exceeded"}').length
          if (limited !== Math.max(0, frames.length - 8)) throw new Error(`${limited} rate-limit errors for ${frames.length} frames`)
          const problem = framesProblem(client.frames)
          if (problem) throw new Error(problem)
          // The other connection shares the budget (one IP): a second later it is served.
          await other.advance(1_000)
          const ack = await other.send(validSubscribe)
          if (ack.map(channelOf).at(-1) !== 'subscriptions' || other.closed) throw new Error(`the other connection: ${JSON.stringify(ack)} ${JSON.stringify(other.closed)}`)
        } finally {
          await Promise.all([client.close(), other.close()])
        }
      }),
      { seed: SEED, numRuns: runs(30) },
    )
    exchange.reset()
    await stillServes()
  }, TIMEOUT)

  it('WebSocket: only the host root is an endpoint; other URLs are refused at the upgrade, a served one works', async () => {
    const segment = fc.oneof(fc.constantFrom('ws', 'candles', 'BTC-USD', '..', '%', '%zz', ''), fc.string({ unit: 'grapheme', maxLength: 6 }))
    const path = fc.oneof(
      fc.array(segment, { maxLength: 3 }).map((parts) => `/${parts.map((p) => (p.includes('%') ? p : encodeURIComponent(p))).join('/')}`),
      fc.constantFrom('/', '/?', '/?x=1', '/?product_ids=BTC-USD', '/ws', '/ws-user', '/./', '/candles/'),
    )
    // Paths starting with "//" are left out: the core's ws-node binding throws on them before
    // any plugin is asked (new URL('//', base) is invalid), an unhandled error reported as a core gap.
    const served = path.filter((p) => !p.startsWith('//'))
    await fc.assert(
      fc.asyncProperty(served, async (p) => {
        exchange.reset()
        const url = `${WS}${p}`
        const root = new URL(url).pathname === '/'
        const client = new WsClient(exchange, url)
        const opened = await client.open().then(
          () => true,
          () => false,
        )
        try {
          if (opened !== root) throw new Error(`${url}: ${opened ? 'served' : 'refused'}`)
          if (!opened) return
          const ack = await client.send(validSubscribe)
          if (ack.map(channelOf).at(-1) !== 'subscriptions') throw new Error(`${url}: ${JSON.stringify(ack)}`)
        } finally {
          await client.close()
        }
      }),
      { seed: SEED, numRuns: runs(30) },
    )
    exchange.reset()
    await stillServes()
  }, TIMEOUT)
})
