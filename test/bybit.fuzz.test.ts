/**
 * Fuzzing Bybit spot and linear with fast-check: malformed query strings on every route,
 * malformed WebSocket frames and connection URLs. Whatever comes in, the mock answers the
 * way Bybit does (wire-formats §3.5, §3.6, §3.7, §4.7) — HTTP 200 with the envelope
 * (retCode 0 and the route's shape, or a non-zero retCode and a message), a 403 from the
 * IP limit, one `success` frame per client frame — never a 5xx, never a rejection
 * escaping fetch, never a hang, and it keeps serving afterwards.
 *
 * No real time passes: a manual clock, and "settles" means within a bounded number of
 * event-loop turns. FUZZ_SEED=<n> replays or explores another seed; FUZZ_RUNS scales runs.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bybitPerpetual, bybitSpot } from '../handlers/bybit/index.js'
import { setupMockExchange, type ExchangePlugin, type MockExchangeController } from '../src/index.js'
import { fetchAnswer, turnUntil, WsClient, type Answer } from './conformance/harness.js'

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_124)
const SCALE = Number(process.env.FUZZ_RUNS ?? 1)
const runs = (n: number) => Math.max(1, Math.round(n * SCALE))
const TIMEOUT = 30_000 * Math.max(1, SCALE)
const T0 = Date.UTC(2026, 2, 10, 12)
const DAY = 86_400_000

const ORIGINS = ['https://api.bybit.com', 'https://api.bytick.com', 'https://api-testnet.bybit.com', 'https://api-demo.bybit.com']
const INTERVALS = ['1', '3', '5', '15', '30', '60', '120', '240', '360', '720', 'D', 'W', 'M']
type Shape = 'klines' | 'time' | 'instruments'
const ROUTES: Array<{ path: string; shape: Shape }> = [
  { path: '/v5/market/kline', shape: 'klines' },
  { path: '/v5/market/time', shape: 'time' },
  { path: '/v5/market/instruments-info', shape: 'instruments' },
]

interface Venue {
  name: string
  plugin: ExchangePlugin
  category: 'spot' | 'linear'
  wsUrl: string
  maxArgs: number
}

const VENUES: Venue[] = [
  { name: 'spot', plugin: bybitSpot, category: 'spot', wsUrl: 'wss://stream.bybit.com/v5/public/spot', maxArgs: 10 },
  { name: 'linear', plugin: bybitPerpetual, category: 'linear', wsUrl: 'wss://stream.bybit.com/v5/public/linear', maxArgs: Infinity },
]

// ─────────────────────────────── shapes ───────────────────────────────

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
const DECIMAL = /^\d+(\.\d*[1-9])?$/
const DIGITS = /^\d+$/

/** §3.5: HTTP 200 and exactly {retCode, retMsg, result, retExtInfo, time}. */
function envelopeProblem(answer: Answer): string | undefined {
  if (answer.status !== 200) return `HTTP ${answer.status}`
  const body = answer.body
  if (!isObject(body) || Object.keys(body).join() !== 'retCode,retMsg,result,retExtInfo,time') return 'not the envelope'
  if (!Number.isInteger(body.retCode) || typeof body.retMsg !== 'string' || !isObject(body.result) || !isObject(body.retExtInfo) || !Number.isSafeInteger(body.time)) return 'envelope field types'
  if (body.retCode !== 0 && body.retMsg === '') return 'an error without a message'
  if (body.retCode !== 0 && Object.keys(body.result).length > 0) return 'an error with a result'
  return undefined
}

/** Why a retCode-0 result is not the route's normal shape, or undefined when it is. */
function resultProblem(shape: Shape, result: Record<string, unknown>): string | undefined {
  switch (shape) {
    case 'klines': {
      const keys = Object.keys(result).sort().join()
      if (keys !== 'category,list,symbol') return `result keys ${keys}`
      const list = result.list
      if (!Array.isArray(list) || list.length > 1000) return 'no list, or too long'
      for (const [i, row] of list.entries()) {
        if (!Array.isArray(row) || row.length !== 7 || !row.every((field) => typeof field === 'string')) return `row ${i} is not 7 strings`
        const [open, o, h, l, c, v, q] = row as string[]
        if (!DIGITS.test(open) || ![o, h, l, c, v, q].every((x) => DECIMAL.test(x))) return `row ${i}: bad numbers`
        if (!(Number(l) <= Math.min(Number(o), Number(c)) && Math.max(Number(o), Number(c)) <= Number(h))) return `row ${i}: OHLC out of order`
        if (i > 0 && !(Number(open) < Number(list[i - 1][0]))) return `row ${i}: not newest first`
        if (i > 0 && row[4] !== list[i - 1][1]) return `row ${i}: does not close where row ${i - 1} opened`
      }
      return undefined
    }
    case 'time':
      return Object.keys(result).join() === 'timeSecond,timeNano' && DIGITS.test(String(result.timeSecond)) && DIGITS.test(String(result.timeNano)) ? undefined : 'not {timeSecond,timeNano}'
    case 'instruments': {
      if (!['spot', 'linear', 'inverse', 'option'].includes(result.category as string) || !Array.isArray(result.list)) return 'no category/list'
      if (result.category !== 'spot' && typeof result.nextPageCursor !== 'string') return 'no nextPageCursor'
      if (!result.list.every((row: unknown) => isObject(row) && typeof row.symbol === 'string' && row.status === 'Trading')) return 'a bad instrument row'
      return undefined
    }
  }
}

// ─────────────────────────────── REST arbitraries ───────────────────────────────

const PARAM_NAMES = ['category', 'symbol', 'interval', 'start', 'end', 'limit', 'status', 'baseCoin', 'cursor']
const name = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...PARAM_NAMES) },
  { weight: 2, arbitrary: fc.constantFrom('Category', 'SYMBOL', 'limit[]', '', 'start ', 'req_id', 'callerMethodName', '__proto__', 'constructor', 'toString', 'a.b', 'é') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
)
const time = fc.oneof(fc.integer({ min: T0 - 3 * 365 * DAY, max: T0 + DAY }), fc.integer({ min: 0, max: Date.UTC(2200, 0, 1) }))
const value = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('spot', 'linear', 'inverse', 'option', 'Spot', 'LINEAR', 'futures', ' spot') },
  { weight: 3, arbitrary: fc.constantFrom('BTCUSDT', 'ETHUSDT', 'btcusdt', 'BTCUSDT ', 'NOPEUSDT', 'BTC/USDT', 'BTC-USDT', 'BTCPERP', 'A'.repeat(40), 'BTCUSDT\u0000') },
  { weight: 3, arbitrary: fc.constantFrom(...INTERVALS, '1m', '2', '1h', 'd', 'w', '01', '1 ', '60m', 'Y', '-1', '1e1') },
  { weight: 3, arbitrary: time.map(String) },
  { weight: 2, arbitrary: fc.integer({ min: -5, max: 2000 }).map(String) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '+1', '-0', '0x10', '1_000', '1,5', '٣', '１２', 'NaN', 'Infinity', '1e3', '9223372036854775807', '9223372036854775808', '-9223372036854775808') },
  { weight: 1, arbitrary: fc.nat(2000).map((n) => '9'.repeat(n)) },
  { weight: 1, arbitrary: fc.constantFrom('Trading', 'PreLaunch', 'Closed', 'BTC', 'ETH', 'SOL', '0', '1', '2', '999', 'first%3DBTCUSDT') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 16 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
)

/** One `name=value`, encoded or not: raw text may carry &, =, #, %, spaces and unicode into the URL. */
const pairText = fc.tuple(name, value, fc.constantFrom('encoded', 'encoded', 'raw', 'keyOnly', 'emptyValue', 'plus')).map(([k, v, how]) => {
  const enc = (text: string) => encodeURIComponent(text)
  switch (how) {
    case 'encoded':
      return `${enc(k)}=${enc(v)}`
    case 'raw':
      return `${k}=${v}`
    case 'keyOnly':
      return enc(k)
    case 'emptyValue':
      return `${enc(k)}=`
    case 'plus':
      return `${enc(k)}=${enc(v).replace(/%20/g, '+')}`
  }
  throw new Error(how)
})
const junk = fc.constantFrom('', '&', '&&', '=', '==', '%', '%zz', '%E0%A4%A', '%00', '%ff', '%C0%AF', '#frag', ';', '?', '&=&', '+')

/** A query: a valid kline core (each part usually there), then sometimes random pairs, junk and a repeated part, in any order. */
const query = fc
  .tuple(
    fc.option(fc.constantFrom('spot', 'linear', 'inverse', 'option', 'Spot').map((c) => `category=${c}`), { freq: 6 }),
    fc.option(fc.oneof({ weight: 8, arbitrary: fc.constantFrom('BTCUSDT', 'ETHUSDT') }, { weight: 1, arbitrary: fc.constantFrom('NOPEUSDT', 'btcusdt') }).map((s) => `symbol=${s}`), { freq: 10 }),
    fc.option(fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...INTERVALS) }, { weight: 1, arbitrary: fc.constantFrom('1m', '2', 'd') }).map((i) => `interval=${i}`), { freq: 10 }),
    fc.option(time.map((t) => `start=${t}`), { freq: 2 }),
    fc.option(time.map((t) => `end=${t}`), { freq: 3 }),
    fc.option(fc.integer({ min: -1, max: 1001 }).map((n) => `limit=${n}`), { freq: 2 }),
    fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 3, arbitrary: fc.array(pairText, { minLength: 1, maxLength: 4 }) }),
    fc.oneof({ weight: 6, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(junk, { minLength: 1, maxLength: 2 }) }),
    fc.integer({ min: 0, max: 9 }),
  )
  .chain(([category, symbol, interval, start, end, limit, pairs, junks, dice]) => {
    const core = [category, symbol, interval, start, end, limit].filter((part): part is string => part !== null)
    const parts = [...core, ...pairs, ...junks, ...(dice === 0 && core.length > 0 ? [core[0]] : [])]
    return fc.shuffledSubarray([...parts.keys()], { minLength: parts.length, maxLength: parts.length }).map((order) => order.map((i) => parts[i]).join('&'))
  })

// ─────────────────────────────── WebSocket oracle ───────────────────────────────

/** Topics §3.7 says are served for the fuzz markets (kline.1.ETHUSDT is kept back for the check after each run). */
const SERVED = ['kline.1.BTCUSDT', 'kline.D.ETHUSDT', 'kline.M.BTCUSDT', 'kline.60.ETHUSDT', 'orderbook.50.BTCUSDT', 'publicTrade.ETHUSDT', 'tickers.BTCUSDT']
/** Topics nobody serves: unknown or lowercase symbols, intervals Bybit lacks, other shapes. */
const UNSERVED = ['kline.1.NOPEUSDT', 'kline.1.btcusdt', 'kline.2.BTCUSDT', 'kline.1m.BTCUSDT', 'kline.1', 'kline..BTCUSDT', '', ' ', 'orderbook.7.BTCUSDT', 'kline.1.BTCUSDT.x', 'KLINE.1.BTCUSDT']
const OPS = ['subscribe', 'unsubscribe', 'ping']

type Expected = { kind: 'success'; op: string; reqId: string } | { kind: 'error'; retMsg: string | RegExp; reqId?: string } | { kind: 'either' }

/** What Bybit answers a frame with (§3.7); tracks the topics subscribed; `undefined` topics after a frame whose effect is not known. */
function expectFor(text: string, venue: Venue, topics: { set: Set<string> | undefined }): Expected {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { kind: 'error', retMsg: 'Failed to decode incoming data', reqId: '' }
  }
  if (value === null) return { kind: 'error', retMsg: 'error:invalid op', reqId: '' }
  if (!isObject(value)) return { kind: 'error', retMsg: 'Failed to decode incoming data', reqId: '' }
  const op = value.op ?? ''
  const id = value.req_id ?? ''
  const args = value.args ?? []
  if (typeof op !== 'string' || (typeof id !== 'string' && typeof id !== 'number')) return { kind: 'error', retMsg: 'Failed to decode incoming data', reqId: '' }
  const reqId = String(id)
  if (!Array.isArray(args) || !args.every((a) => typeof a === 'string')) return { kind: 'error', retMsg: 'Failed to decode incoming data', reqId }
  if (!OPS.includes(op)) return { kind: 'error', retMsg: 'error:invalid op', reqId }
  if (op === 'ping') return { kind: 'success', op: 'ping', reqId }
  const list = args as string[]
  if (op === 'unsubscribe') {
    for (const topic of list) topics.set?.delete(topic)
    return { kind: 'success', op, reqId }
  }
  if (list.length > venue.maxArgs) return { kind: 'error', retMsg: `args size >${venue.maxArgs}`, reqId }
  if (!list.every((topic) => SERVED.includes(topic) || UNSERVED.includes(topic))) {
    topics.set = undefined
    return { kind: 'either' }
  }
  const seen = new Set<string>()
  for (const topic of list) {
    if (UNSERVED.includes(topic)) return { kind: 'error', retMsg: `error:handler not found,topic:${topic}`, reqId }
    if (topics.set === undefined) return { kind: 'either' }
    if (topics.set.has(topic) || seen.has(topic)) return { kind: 'error', retMsg: `error:already subscribed,topic:${topic}`, reqId }
    seen.add(topic)
  }
  for (const topic of list) topics.set?.add(topic)
  return { kind: 'success', op, reqId }
}

/** A kline push, which replies are told apart from. */
const isPush = (frame: string) => frame.startsWith('{"topic":')

/** Checks one reply against the oracle; returns why it is wrong, or undefined. */
function replyProblem(reply: string, expected: Expected, venue: Venue): string | undefined {
  let value: unknown
  try {
    value = JSON.parse(reply)
  } catch {
    return 'the reply is not JSON'
  }
  if (!isObject(value) || typeof value.success !== 'boolean' || typeof value.ret_msg !== 'string' || typeof value.conn_id !== 'string') return 'not {success,ret_msg,conn_id,…}'
  if (expected.kind === 'either') return undefined
  if (expected.kind === 'error') {
    if (value.success !== false) return `expected an error ${expected.retMsg}, got success`
    const matches = typeof expected.retMsg === 'string' ? value.ret_msg === expected.retMsg : expected.retMsg.test(value.ret_msg)
    if (!matches) return `ret_msg ${JSON.stringify(value.ret_msg)}, expected ${expected.retMsg}`
    return expected.reqId === undefined || value.req_id === expected.reqId ? undefined : `req_id ${JSON.stringify(value.req_id)}, expected ${expected.reqId}`
  }
  if (value.success !== true) return `expected success, got ${value.ret_msg}`
  if (value.op !== expected.op) return `op ${JSON.stringify(value.op)}, expected ${expected.op}`
  const pongWithoutId = expected.op === 'ping' && venue.category === 'spot'
  if (pongWithoutId ? 'req_id' in value : value.req_id !== expected.reqId) return `req_id ${JSON.stringify(value.req_id)}, expected ${pongWithoutId ? 'none' : expected.reqId}`
  const retMsg = expected.op === 'ping' ? 'pong' : venue.category === 'spot' ? expected.op : ''
  return value.ret_msg === retMsg ? undefined : `ret_msg ${JSON.stringify(value.ret_msg)}, expected ${JSON.stringify(retMsg)}`
}

// ─────────────────────────────── WebSocket arbitraries ───────────────────────────────

const jsonText = (v: unknown) => JSON.stringify(v)
const junkJson = fc.jsonValue({ maxDepth: 3 }).map(jsonText)
const opText = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...OPS).map(jsonText) },
  { weight: 2, arbitrary: fc.constantFrom('Subscribe', 'SUBSCRIBE', 'subscribe ', 'pong', 'auth', '', 'unsubscribe_all').map(jsonText) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 10 }).map(jsonText) },
  { weight: 1, arbitrary: fc.constantFrom('1', 'null', 'true', '[]', '{}', '["subscribe"]') },
)
const reqIdText = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -1_000, max: 1_000_000 }).map(String) },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9-]{1,36}$/).map(jsonText) },
  { weight: 1, arbitrary: fc.constantFrom('null', '""', '"é"', 'true', '[]', '{}', '[1]', '1.5', '-0', '1e2', '9007199254740993') },
)
const topic = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...SERVED) }, { weight: 3, arbitrary: fc.constantFrom(...UNSERVED) }, { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 20 }) })
const argsText = fc.oneof(
  { weight: 6, arbitrary: fc.array(topic, { maxLength: 4 }).map(jsonText) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...SERVED), { minLength: 11, maxLength: 13 }).map(jsonText) },
  { weight: 1, arbitrary: fc.constantFrom('null', '[]', '"kline.1.BTCUSDT"', '1', '{}', '[1]', '[["kline.1.BTCUSDT"]]', '[null]') },
)
const extraKeys = fc.array(fc.tuple(fc.oneof(fc.constantFrom('op', 'args', 'req_id', 'callerMethodName', 'OP', 'x'), fc.string({ maxLength: 5 })), junkJson), { maxLength: 2 })

/** A JSON object frame built as text, keys in any order, some missing or repeated (the last one wins, in Go as in JSON.parse). */
const objectFrame = fc.tuple(fc.option(opText), fc.option(argsText), fc.option(reqIdText), extraKeys).chain(([op, args, reqId, extras]) => {
  const entries: Array<[string, string]> = []
  if (op !== null) entries.push(['op', op])
  if (args !== null) entries.push(['args', args])
  if (reqId !== null) entries.push(['req_id', reqId])
  for (const [key, v] of extras) entries.push([key, v])
  return fc.shuffledSubarray([...entries.keys()], { minLength: entries.length, maxLength: entries.length }).map((order) => `{${order.map((i) => `${jsonText(entries[i][0])}:${entries[i][1]}`).join(',')}}`)
})

const validSubscribe = '{"op":"subscribe","args":["kline.1.BTCUSDT"],"req_id":"1"}'
const frame: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  { weight: 8, arbitrary: objectFrame },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: junkJson },
  { weight: 2, arbitrary: fc.tuple(fc.nat(validSubscribe.length), fc.string({ unit: 'binary', maxLength: 2 })).map(([at, put]) => validSubscribe.slice(0, at) + put + validSubscribe.slice(at + (put ? 1 : 0))) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
  { weight: 1, arbitrary: fc.constant(new TextEncoder().encode('{"op":"ping","req_id":"b"}')) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '\u0000',
      '\uFEFF{"op":"ping"}',
      '['.repeat(10_000) + ']'.repeat(10_000),
      '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000),
      `{"op":"subscribe","args":[${Array.from({ length: 300 }, (_, i) => `"kline.1.S${i}USDT"`).join(',')}],"req_id":5}`,
      `{"op":"ping","pad":"${'x'.repeat(200_000)}"}`,
      '{"op":"ping"}{"op":"ping"}',
      '{"op":"ping"}\n',
    ),
  },
)

// ─────────────────────────────── the properties ───────────────────────────────

describe.each(VENUES)('fuzz: Bybit $name', (venue) => {
  let exchange: MockExchangeController
  beforeAll(() => {
    exchange = setupMockExchange(venue.plugin, { seed: 7, clock: { mode: 'manual', start: T0 }, markets: [{ symbol: 'BTC/USDT', price: 50_000 }, { symbol: 'ETH/USDT' }] })
    exchange.listen()
  })
  afterAll(() => exchange.close())

  const klinesUrl = `https://api.bybit.com/v5/market/kline?category=${venue.category}`
  /** The mock still serves: a valid kline page equals the engine's candles. */
  const stillServes = async () => {
    const start = exchange.clock.now() - 10 * 60_000
    const answer = await fetchAnswer(`${klinesUrl}&symbol=BTCUSDT&interval=1&start=${start}&limit=3`)
    expect(answer.status, answer.text).toBe(200)
    const candles = exchange.engine.candles('BTC/USDT', '1m', { start, end: start + 3 * 60_000 })
    expect((answer.body as { result: { list: string[][] } }).result.list.map((row) => [Number(row[0]), Number(row[4])])).toEqual(candles.reverse().map((c) => [c.openTime, c.close]))
  }

  it('REST: every malformed query gets HTTP 200 with the envelope: the route shape, or retCode ≠ 0 and a message; never a 5xx, a rejection or a hang', async () => {
    const seen = { rows: 0, messages: new Set<string>() }
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROUTES), fc.constantFrom(...ORIGINS), query, async (route, origin, q) => {
        exchange.reset() // a fresh rate-limit window: the answers under test are the routes', not the limiter's
        const url = `${origin}${route.path}?${q}`
        const answer = await fetchAnswer(url)
        const problem = envelopeProblem(answer) ?? ((answer.body as { retCode: number }).retCode === 0 ? resultProblem(route.shape, (answer.body as { result: Record<string, unknown> }).result) : undefined)
        if (problem) throw new Error(`${url} → ${problem}: ${answer.text.slice(0, 300)}`)
        const body = answer.body as { retCode: number; retMsg: string; result: { list?: unknown[] } }
        if (body.retCode !== 0) seen.messages.add(body.retMsg)
        else if (route.shape === 'klines' && (body.result.list?.length ?? 0) > 0) seen.rows++
      }),
      { seed: SEED, numRuns: runs(300) },
    )
    // The runs reached both sides: pages of candles, and the usual errors.
    expect(seen.rows).toBeGreaterThan(runs(300) / 20)
    for (const message of ['Not supported symbols', 'Invalid period!', 'params error: Category is invalid', 'params error: limit invalid']) expect([...seen.messages]).toContain(message)
    await stillServes()
  }, TIMEOUT)

  it('REST: the IP limit answers 403 "access too frequent" with the reset time, and the ban ends on the clock', async () => {
    // A twentieth of the real budget (30 requests per 5 s); the shared mock steps aside meanwhile.
    exchange.close()
    const limited = setupMockExchange(venue.plugin, { seed: 7, clock: { mode: 'manual', start: T0 }, markets: [{ symbol: 'BTC/USDT', price: 50_000 }], limits: { scale: 0.05 } })
    limited.listen()
    const statuses = new Set<number>()
    const wait = fc.oneof({ weight: 30, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat(10_000) })
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(query, wait), { minLength: 20, maxLength: 45 }), async (requests) => {
          limited.reset()
          for (const [q, w] of requests) {
            await limited.clock.advance(w)
            const answer = await fetchAnswer(`https://api.bybit.com/v5/market/kline?${q}`)
            statuses.add(answer.status)
            if (answer.status === 403) {
              if (answer.text !== 'access too frequent') throw new Error(`403 with ${answer.text}`)
              const reset = Number(answer.headers.get('X-Bapi-Limit-Reset-Timestamp'))
              if (!(reset > limited.clock.now())) throw new Error(`X-Bapi-Limit-Reset-Timestamp ${answer.headers.get('X-Bapi-Limit-Reset-Timestamp')}`)
            } else {
              const problem = envelopeProblem(answer)
              if (problem) throw new Error(`${problem}: ${answer.text.slice(0, 300)}`)
              if (!/^\d+$/.test(answer.headers.get('X-Bapi-Limit-Status') ?? '')) throw new Error(`X-Bapi-Limit-Status: ${answer.headers.get('X-Bapi-Limit-Status')}`)
            }
          }
          await limited.clock.advance(4 * DAY)
          const answer = await fetchAnswer('https://api.bybit.com/v5/market/kline?category=spot&symbol=BTCUSDT&interval=1&limit=2')
          if (answer.status !== 200) throw new Error(`still ${answer.status} four days later: ${answer.text}`)
        }),
        { seed: SEED, numRuns: runs(20) },
      )
    } finally {
      limited.close()
      exchange.listen()
    }
    expect([...statuses].sort()).toEqual([200, 403])
    await stillServes()
  }, TIMEOUT)

  it('WebSocket: every frame gets exactly one answer, the one §3.7 gives; the connection keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 4 }), async (frames) => {
        exchange.reset()
        const client = await new WsClient(exchange, venue.wsUrl).open()
        const topics: { set: Set<string> | undefined } = { set: new Set() }
        try {
          for (const data of frames) {
            const text = typeof data === 'string' ? data : new TextDecoder().decode(data)
            const replies = (await client.send(data)).filter((reply) => !isPush(reply))
            const shown = `${JSON.stringify(text.slice(0, 300))} → ${JSON.stringify(replies).slice(0, 500)}`
            if (client.closed) throw new Error(`the server closed ${JSON.stringify(client.closed)}: ${shown}`)
            if (replies.length !== 1) throw new Error(`${replies.length} replies: ${shown}`)
            const problem = replyProblem(replies[0], expectFor(text, venue, topics), venue)
            if (problem) throw new Error(`${problem}: ${shown}`)
          }
          // And the connection still works: a valid subscribe is acked and the candle's close is pushed.
          const ack = await client.send('{"op":"subscribe","args":["kline.1.ETHUSDT"],"req_id":"424242"}')
          if (!ack.some((reply) => reply.includes('"success":true') && reply.includes('"req_id":"424242"'))) throw new Error(`no ack after ${JSON.stringify(frames.map((f) => String(f).slice(0, 100)))}: ${JSON.stringify(ack)}`)
          const pushes = (await client.advance(60_000 - (exchange.clock.now() % 60_000))).filter(isPush)
          if (!pushes.some((push) => push.includes('"topic":"kline.1.ETHUSDT"') && push.includes('"confirm":true'))) throw new Error(`no closing push after the subscribe: ${JSON.stringify(pushes.slice(-3))}`)
        } finally {
          await client.close()
        }
      }),
      { seed: SEED, numRuns: runs(120) },
    )
    exchange.reset()
    await stillServes()
  }, TIMEOUT)

  it('WebSocket: bursts of junk on one connection never close it or touch another', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 20 }), async (frames) => {
        exchange.reset()
        const client = await new WsClient(exchange, venue.wsUrl).open()
        const other = await new WsClient(exchange, venue.wsUrl).open()
        try {
          for (const data of frames) client.socket.send(data, { binary: typeof data !== 'string' })
          await turnUntil(() => client.frames.length >= frames.length || client.closed !== undefined)
          await client.settle()
          if (client.closed) throw new Error(`closed ${JSON.stringify(client.closed)} after ${frames.length} frames`)
          if (client.frames.filter((reply) => !isPush(reply)).length !== frames.length) throw new Error(`${client.frames.length} answers to ${frames.length} frames`)
          const ack = await other.send('{"op":"subscribe","args":["kline.5.ETHUSDT"],"req_id":"9"}')
          if (!ack.some((reply) => reply.includes('"success":true')) || other.closed) throw new Error(`the other connection: ${JSON.stringify(ack)} ${JSON.stringify(other.closed)}`)
        } finally {
          await Promise.all([client.close(), other.close()])
        }
      }),
      { seed: SEED, numRuns: runs(30) },
    )
    exchange.reset()
    await stillServes()
  }, TIMEOUT)

  it('WebSocket: malformed connection URLs are refused or served, and a served one works', async () => {
    const base = new URL(venue.wsUrl)
    const path = fc.oneof(
      fc.array(fc.oneof(fc.constantFrom('v5', 'public', 'spot', 'linear', 'inverse', 'private', '', '..', '%', '%zz', 'SPOT'), fc.string({ unit: 'grapheme', maxLength: 6 })), { maxLength: 4 }).map((parts) => `/${parts.map((p) => (p.includes('%') ? p : encodeURIComponent(p))).join('/')}`),
      fc.constantFrom('/', '/v5/public/spot', '/v5/public/linear', '/v5/public/spot?x=1', '/v5/public//spot', '/V5/public/spot', '/v5/public/spot/'),
    )
    await fc.assert(
      fc.asyncProperty(path, async (p) => {
        exchange.reset()
        const url = `${base.origin}${p}`
        const client = new WsClient(exchange, url)
        const opened = await client.open().then(
          () => true,
          () => false,
        )
        try {
          if (!opened) return // refused, as an unknown path is
          const ack = await client.send('{"op":"ping","req_id":"3"}')
          if (!client.closed && !ack.some((reply) => reply.includes('"ret_msg":"pong"'))) throw new Error(`${url}: ${JSON.stringify(ack)}`)
        } finally {
          await client.close()
        }
      }),
      { seed: SEED, numRuns: runs(40) },
    )
    exchange.reset()
    await stillServes()
  }, TIMEOUT)
})
