/**
 * Fuzzing Kraken Spot with fast-check: malformed query strings on every route and
 * malformed WebSocket v2 frames. Whatever comes in, the mock answers as Kraken does
 * (wire-formats §2.1, §2.3, §2.5): an HTTP 200 envelope `{"error":[],"result":…}` or
 * `{"error":["E…:…"]}` (404 for an unknown path), an error frame, an ack or a pong —
 * never a 5xx, never a rejection escaping fetch, never a hang, never a server close —
 * and it keeps serving afterwards.
 *
 * No real time passes: a manual clock, and "settles" means within a bounded number of
 * event-loop turns. FUZZ_SEED=<n> replays or explores another seed; FUZZ_RUNS scales runs.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { krakenSpot } from '../handlers/kraken/index.js'
import { setupMockExchange, type MockExchangeController } from '../src/index.js'
import { fetchAnswer, turnUntil, WsClient, type Answer } from './conformance/harness.js'

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_124)
const SCALE = Number(process.env.FUZZ_RUNS ?? 1)
const runs = (n: number) => Math.max(1, Math.round(n * SCALE))
const TIMEOUT = 30_000 * Math.max(1, SCALE)
const T0 = Date.UTC(2026, 2, 10, 12, 0, 30)
const DAY = 86_400_000
const API = 'https://api.kraken.com'
const INTERVALS = ['1', '5', '15', '30', '60', '240', '1440', '10080', '21600']

type Shape = 'ohlc' | 'time' | 'status' | 'assets' | 'pairs' | 'none'
const ROUTES: ReadonlyArray<{ path: string; shape: Shape }> = [
  { path: '/0/public/OHLC', shape: 'ohlc' },
  { path: '/0/public/Time', shape: 'time' },
  { path: '/0/public/SystemStatus', shape: 'status' },
  { path: '/0/public/Assets', shape: 'assets' },
  { path: '/0/public/AssetPairs', shape: 'pairs' },
  { path: '/0/public/Ticker', shape: 'none' },
  { path: '/0/public/ohlc', shape: 'none' },
  { path: '/0/private/Balance', shape: 'none' },
]

// ─────────────────────────────── shapes ───────────────────────────────

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
const DECIMAL = /^\d+(\.\d+)?$/

/** §2.3: exactly {"error":["<Category>:<text>"]}, no result. */
function nativeError(body: unknown): string | undefined {
  if (!isObject(body) || Object.keys(body).join() !== 'error' || !Array.isArray(body.error) || body.error.length !== 1) return undefined
  const [text] = body.error
  return typeof text === 'string' && /^E[A-Za-z]+:[A-Za-z ]+$/.test(text) ? text : undefined
}

/** Why a successful body is not the route's normal shape, or undefined when it is. */
function shapeProblem(shape: Shape, body: unknown): string | undefined {
  if (!isObject(body) || Object.keys(body).join() !== 'error,result' || !Array.isArray(body.error) || body.error.length !== 0 || !isObject(body.result)) return 'not {"error":[],"result":{…}}'
  const result = body.result
  switch (shape) {
    case 'ohlc': {
      const keys = Object.keys(result)
      if (keys.length !== 2 || keys[1] !== 'last' || !Number.isSafeInteger(result.last)) return `keys ${keys}`
      const rows = result[keys[0]]
      if (!Array.isArray(rows) || rows.length < 1 || rows.length > 721) return `${Array.isArray(rows) ? rows.length : 'no'} rows`
      for (const [i, row] of rows.entries()) {
        if (!Array.isArray(row) || row.length !== 8) return `row ${i} is not 8 fields`
        const [time, o, h, l, c, vwap, volume, count] = row
        if (!Number.isSafeInteger(time) || !Number.isSafeInteger(count) || count < 0) return `row ${i}: bad time or count`
        if (![o, h, l, c, vwap, volume].every((x) => typeof x === 'string' && DECIMAL.test(x))) return `row ${i}: bad decimals`
        if (!(Number(l) <= Math.min(Number(o), Number(c)) && Math.max(Number(o), Number(c)) <= Number(h))) return `row ${i}: OHLC out of order`
        if (Number(volume) > 0 && !(Number(l) <= Number(vwap) && Number(vwap) <= Number(h))) return `row ${i}: vwap outside the range`
        if (i > 0 && time <= rows[i - 1][0]) return `row ${i}: not after row ${i - 1}`
      }
      if (rows.length > 1 && result.last !== rows.at(-2)[0]) return `last ${result.last} is not the newest committed row`
      return undefined
    }
    case 'time':
      return Number.isSafeInteger(result.unixtime) && typeof result.rfc1123 === 'string' ? undefined : 'no unixtime/rfc1123'
    case 'status':
      return result.status === 'online' ? undefined : 'not online'
    case 'assets':
      return Object.values(result).every((a) => isObject(a) && typeof a.altname === 'string' && Number.isInteger(a.decimals)) ? undefined : 'an asset without altname/decimals'
    case 'pairs':
      return Object.values(result).every((p) => isObject(p) && Object.keys(p).length > 0) ? undefined : 'an empty pair'
    case 'none':
      return 'a result on a path Kraken does not serve'
  }
}

// ─────────────────────────────── REST arbitraries ───────────────────────────────

const PARAM_NAMES = ['pair', 'interval', 'since', 'asset', 'info', 'assetVersion', 'aclass', 'asset_class', 'country_code', 'until', 'limit']
const name = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...PARAM_NAMES) },
  { weight: 2, arbitrary: fc.constantFrom('PAIR', 'Pair', 'pair[]', '', 'since ', 'nonce', '__proto__', 'constructor', 'toString', 'a.b', 'é') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
)
const seconds = fc.oneof(fc.integer({ min: T0 / 1000 - 3 * 365 * 86_400, max: T0 / 1000 + 86_400 }), fc.integer({ min: -1e6, max: 4e12 }))
const value = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('XXBTZUSD', 'XBTUSD', 'xbtusd', 'BTCUSD', 'BTC/USD', 'XBT/USD', 'XETHZUSD', 'ETHUSD', 'SOLUSD', 'NOPEUSD', 'XBTUSD,ETHUSD', 'XBTUSD ', 'XBT', 'ZUSD', 'XXBT') },
  { weight: 3, arbitrary: fc.constantFrom(...INTERVALS, '0', '2', '120', '720', '1m', '1h', '01', '1.0', '-1', '1e1', '10081', ' 1') },
  { weight: 3, arbitrary: seconds.map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '+1', '-0', '0x10', '1_000', '1,5', '٣', '１２', 'NaN', 'Infinity', '1e3', '9'.repeat(20), '9'.repeat(400)) },
  { weight: 2, arbitrary: fc.constantFrom('info', 'leverage', 'fees', 'margin', 'everything', '1', '2', 'currency', 'tokenized_asset', 'XBT,ZUSD', 'XBT,NOPE') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 16 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
)

/** One `name=value`, encoded or not: raw text may carry &, =, #, %, spaces and unicode into the URL. */
const pairText = fc.tuple(name, value, fc.constantFrom('encoded', 'encoded', 'raw', 'keyOnly', 'emptyValue', 'plus')).map(([k, v, how]) => {
  const enc = encodeURIComponent
  if (how === 'raw') return `${k}=${v}`
  if (how === 'keyOnly') return enc(k)
  if (how === 'emptyValue') return `${enc(k)}=`
  if (how === 'plus') return `${enc(k)}=${enc(v).replace(/%20/g, '+')}`
  return `${enc(k)}=${enc(v)}`
})
const junk = fc.constantFrom('', '&', '&&', '=', '==', '%', '%zz', '%E0%A4%A', '%00', '%ff', '%C0%AF', '#frag', ';', '?', '&=&', '+')

/** A query biased to near-valid OHLC requests, then random pairs, junk and a duplicated part, in any order. */
const query = fc
  .tuple(
    fc.option(fc.oneof({ weight: 8, arbitrary: fc.constantFrom('XBTUSD', 'XXBTZUSD', 'ETHUSD', 'BTC%2FUSD') }, { weight: 1, arbitrary: fc.constantFrom('NOPEUSD', 'XBT%2FUSD') }).map((s) => `pair=${s}`), { freq: 10 }),
    fc.option(fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...INTERVALS) }, { weight: 1, arbitrary: fc.constantFrom('2', '1m', '-1') }).map((i) => `interval=${i}`), { freq: 3 }),
    fc.option(seconds.map((t) => `since=${t}`), { freq: 3 }),
    fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 3, arbitrary: fc.array(pairText, { minLength: 1, maxLength: 4 }) }),
    fc.oneof({ weight: 6, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(junk, { minLength: 1, maxLength: 2 }) }),
    fc.integer({ min: 0, max: 9 }),
  )
  .chain(([pair, interval, since, pairs, junks, dice]) => {
    const core = [pair, interval, since].filter((part): part is string => part !== null)
    const parts = [...core, ...pairs, ...junks, ...(dice === 0 && core.length > 0 ? [core[0]] : [])]
    return fc.shuffledSubarray([...parts.keys()], { minLength: parts.length, maxLength: parts.length }).map((order) => order.map((i) => parts[i]).join('&'))
  })

// ─────────────────────────────── WebSocket arbitraries ───────────────────────────────

const json = fc.jsonValue({ maxDepth: 2 })
const symbolList = fc.oneof(
  { weight: 6, arbitrary: fc.array(fc.constantFrom('BTC/USD', 'ETH/USD', 'XBT/USD', 'btc/usd', 'NOPE/USD', 'BTCUSD', ''), { minLength: 1, maxLength: 3 }) },
  { weight: 1, arbitrary: json },
)
const intervalValue = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...INTERVALS.map(Number)) }, { weight: 2, arbitrary: fc.constantFrom(2, 0, -1, 1.5, '1', 1e20, null) }, { weight: 1, arbitrary: json })
const reqId = fc.option(fc.oneof({ weight: 6, arbitrary: fc.integer({ min: -10, max: 2 ** 31 }) }, { weight: 1, arbitrary: fc.constantFrom('7', 1.5, 2 ** 60, -0, null, true) }), { nil: undefined })
const channel = fc.oneof({ weight: 6, arbitrary: fc.constant('ohlc') }, { weight: 2, arbitrary: fc.constantFrom('ticker', 'trade', 'book', 'instrument', 'executions', 'balances', 'level3', 'OHLC', 'candles', '') }, { weight: 1, arbitrary: json })

/** Subscribe/unsubscribe/ping frames with fields left out, mistyped or added. */
const requestFrame = fc
  .record(
    {
      method: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('subscribe', 'unsubscribe', 'ping') }, { weight: 1, arbitrary: fc.constantFrom('Subscribe', 'pong', 'add_order', 'hello', '') }, { weight: 1, arbitrary: json }),
      params: fc.record(
        { channel, symbol: symbolList, interval: intervalValue, snapshot: fc.oneof(fc.boolean(), json), depth: fc.constantFrom(10, 27), extra: json },
        { requiredKeys: [] },
      ),
      req_id: reqId,
      extra: json,
    },
    { requiredKeys: ['method'] },
  )
  .map((frame) => JSON.stringify(frame))
const validSubscribe = '{"method":"subscribe","params":{"channel":"ohlc","symbol":["BTC/USD"],"interval":1},"req_id":1}'
const frame: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  { weight: 8, arbitrary: requestFrame },
  { weight: 2, arbitrary: json.map((v) => JSON.stringify(v)) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.tuple(fc.nat(validSubscribe.length), fc.string({ unit: 'binary', maxLength: 2 })).map(([at, put]) => validSubscribe.slice(0, at) + put + validSubscribe.slice(at + (put ? 1 : 0))) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 32 }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\u0000', '\uFEFF{"method":"ping"}', `{"method":"ping","pad":"${'x'.repeat(100_000)}"}`, '{"method":"ping"}{"method":"ping"}', '{"method":"ping","req_id":9007199254740993}') },
)

/** What a reply frame may be: an error, an ack, a pong, or an ohlc snapshot (after an ack). */
function replyProblem(text: string): string | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return 'not JSON'
  }
  if (!isObject(value)) return 'not an object'
  if (value.channel === 'ohlc') return value.type === 'snapshot' && Array.isArray(value.data) ? undefined : 'an ohlc frame that is no snapshot'
  if (value.channel === 'heartbeat' || value.channel === 'status') return undefined
  if (typeof value.time_in !== 'string' || typeof value.time_out !== 'string') return 'no time_in/time_out'
  if (value.method === 'pong') return undefined
  if (value.success === true) return (value.method === 'subscribe' || value.method === 'unsubscribe') && isObject(value.result) ? undefined : 'a success that is no ack'
  if (value.success === false) return typeof value.error === 'string' && value.error !== '' ? undefined : 'a failure without an error text'
  return 'unknown frame'
}

// ─────────────────────────────── the properties ───────────────────────────────

describe('fuzz: Kraken Spot', () => {
  let exchange: MockExchangeController
  beforeAll(() => {
    exchange = setupMockExchange(krakenSpot, { seed: 7, clock: { mode: 'manual', start: T0 }, markets: [{ symbol: 'BTC/USD', price: 50_000 }, { symbol: 'ETH/USD' }, { symbol: 'SOL/USD' }] })
    exchange.listen()
  })
  afterAll(() => exchange.close())

  /** The mock still serves: a page of candles equals the engine's. */
  const stillServes = async () => {
    const since = Math.floor(exchange.clock.now() / 60_000) * 60 - 4 * 60
    const answer = await fetchAnswer(`${API}/0/public/OHLC?pair=XBTUSD&interval=1&since=${since}`)
    expect(answer.status, answer.text).toBe(200)
    const rows = (answer.body as { result: { XXBTZUSD: unknown[][] } }).result.XXBTZUSD
    const candles = exchange.engine.candles('BTC/USD', '1m', { start: (since + 60) * 1000, end: exchange.clock.now() + 1 })
    expect(rows.map((row) => [Number(row[0]) * 1000, Number(row[4])])).toEqual(candles.map((c) => [c.openTime, c.close]))
  }

  it('REST: every malformed query gets a 200 envelope (the route’s result or one native error); never a 5xx, a rejection or a hang', async () => {
    const seen = { rows: 0, errors: new Set<string>() }
    await fc.assert(
      fc.asyncProperty(fc.oneof(...ROUTES.map((route) => ({ weight: route.shape === 'ohlc' ? 6 : 1, arbitrary: fc.constant(route) }))), query, fc.nat(3 * DAY), async (route, q, wait) => {
        exchange.reset() // a fresh rate-limit window: the answers under test are the routes', not the limiter's
        await exchange.clock.advance(wait)
        const url = `${API}${route.path}?${q}`
        const answer: Answer = await fetchAnswer(url)
        if (route.shape === 'none') {
          if (answer.status !== 404 || nativeError(answer.body) !== 'EGeneral:Unknown method') throw new Error(`${url} → ${answer.status} ${answer.text.slice(0, 300)}`)
          return
        }
        if (answer.status !== 200 || !answer.json) throw new Error(`${url} → ${answer.status} ${answer.text.slice(0, 300)}`)
        const error = nativeError(answer.body)
        if (error !== undefined) {
          seen.errors.add(error)
          return
        }
        const problem = shapeProblem(route.shape, answer.body)
        if (problem) throw new Error(`${url} → ${problem}: ${answer.text.slice(0, 300)}`)
        if (route.shape === 'ohlc') seen.rows++
      }),
      { seed: SEED, numRuns: runs(300) },
    )
    expect(seen.rows).toBeGreaterThan(runs(300) / 10)
    // Both sides reached, and only the errors these routes have.
    expect(seen.errors).toContain('EGeneral:Invalid arguments')
    expect(seen.errors).toContain('EQuery:Unknown asset pair')
    for (const error of seen.errors) expect(['EGeneral:Invalid arguments', 'EQuery:Unknown asset', 'EQuery:Unknown asset pair']).toContain(error)
    exchange.reset()
    await stillServes()
  }, TIMEOUT)

  it('REST: the limiter answers natively too ({"error":["EGeneral:Too many requests"]}, HTTP 200), and the window passes on the clock', async () => {
    const seen = new Set<string>()
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(query, fc.oneof({ weight: 20, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat(20_000) })), { minLength: 10, maxLength: 40 }), async (requests) => {
        exchange.reset()
        for (const [q, wait] of requests) {
          await exchange.clock.advance(wait)
          const answer = await fetchAnswer(`${API}/0/public/OHLC?${q}`)
          if (answer.status !== 200) throw new Error(`${answer.status} ${answer.text.slice(0, 300)}`)
          const error = nativeError(answer.body)
          if (error) seen.add(error)
          else if (shapeProblem('ohlc', answer.body)) throw new Error(answer.text.slice(0, 300))
        }
        await exchange.clock.advance(15_000)
        const answer = await fetchAnswer(`${API}/0/public/OHLC?pair=XBTUSD`)
        if (nativeError(answer.body)) throw new Error(`still refused a window later: ${answer.text}`)
      }),
      { seed: SEED, numRuns: runs(20) },
    )
    expect(seen).toContain('EGeneral:Too many requests')
    exchange.reset()
    await stillServes()
  }, TIMEOUT)

  it('WebSocket: every frame gets native answers (errors, acks, pongs), never a close; the connection keeps serving', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 5 }), async (frames) => {
        exchange.reset()
        const client = await new WsClient(exchange, 'wss://ws.kraken.com/v2').open()
        try {
          await client.settle()
          for (const data of frames) {
            const replies = await client.send(data)
            const shown = `${JSON.stringify(typeof data === 'string' ? data.slice(0, 200) : `<binary ${data.length}>`)} → ${JSON.stringify(replies).slice(0, 500)}`
            if (client.closed) throw new Error(`the server closed ${JSON.stringify(client.closed)}: ${shown}`)
            if (replies.filter((reply) => !reply.includes('"channel":"status"')).length === 0) throw new Error(`no answer: ${shown}`)
            for (const reply of replies) {
              const problem = replyProblem(reply)
              if (problem) throw new Error(`${problem}: ${shown}`)
            }
          }
          // And the connection still works: a valid subscribe is acked (or already was) and updates follow the clock.
          const ack = await client.send('{"method":"subscribe","params":{"channel":"ohlc","symbol":["ETH/USD"],"interval":1,"snapshot":false},"req_id":424242}')
          if (!ack.some((a) => a.includes('"req_id":424242') && (a.includes('"success":true') || a.includes('Already subscribed')))) throw new Error(`no ack after ${JSON.stringify(frames)}: ${JSON.stringify(ack)}`)
          const updates = (await client.advance(3_000)).filter((f) => f.includes('"type":"update"'))
          if (!updates.some((u) => u.includes('"symbol":"ETH/USD"'))) throw new Error(`no ETH/USD update after the subscribe: ${JSON.stringify(updates.slice(-2))}`)
        } finally {
          await client.close()
        }
      }),
      { seed: SEED, numRuns: runs(120) },
    )
    exchange.reset()
    await stillServes()
  }, TIMEOUT)

  it('WebSocket v1: every frame gets a native answer (an error, a status, a pong), never a close; a subscribe still works', async () => {
    const v1Frame = fc.oneof(
      {
        weight: 6,
        arbitrary: fc
          .record(
            {
              event: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('subscribe', 'unsubscribe', 'ping') }, { weight: 1, arbitrary: json }),
              pair: fc.oneof(fc.array(fc.constantFrom('XBT/USD', 'BTC/USD', 'ETH/USD', 'foobar', 'NOPE/USD', ''), { maxLength: 3 }), json),
              subscription: fc.oneof(fc.record({ name: fc.oneof(fc.constantFrom('ohlc', 'ticker', 'book', 'candles'), json), interval: intervalValue }, { requiredKeys: [] }), json),
              reqid: reqId,
              channelID: fc.oneof(fc.nat(5), json),
            },
            { requiredKeys: ['event'] },
          )
          .map((f) => JSON.stringify(f)),
      },
      { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
      { weight: 1, arbitrary: json.map((v) => JSON.stringify(v)) },
    )
    await fc.assert(
      fc.asyncProperty(fc.array(v1Frame, { minLength: 1, maxLength: 4 }), async (frames) => {
        exchange.reset()
        const client = await new WsClient(exchange, 'wss://ws.kraken.com').open()
        try {
          await client.settle()
          for (const data of frames) {
            const replies = (await client.send(data)).filter((reply) => !reply.includes('"systemStatus"'))
            const shown = `${JSON.stringify(data.slice(0, 200))} → ${JSON.stringify(replies).slice(0, 400)}`
            if (client.closed) throw new Error(`the server closed: ${shown}`)
            if (replies.length === 0) throw new Error(`no answer: ${shown}`)
            for (const reply of replies) {
              const value = JSON.parse(reply)
              const ok = Array.isArray(value) ? value.length === 4 && Array.isArray(value[1]) : ['error', 'subscriptionStatus', 'pong', 'heartbeat'].includes(value.event)
              if (!ok) throw new Error(`unknown frame: ${shown}`)
            }
          }
          const ack = await client.send('{"event":"subscribe","pair":["ETH/USD"],"subscription":{"name":"ohlc","interval":1},"reqid":77}')
          if (!ack.some((a) => a.includes('"reqid":77') && (a.includes('"subscribed"') || a.includes('Already subscribed')))) throw new Error(`no ack after ${JSON.stringify(frames)}: ${JSON.stringify(ack)}`)
        } finally {
          await client.close()
        }
      }),
      { seed: SEED, numRuns: runs(60) },
    )
  }, TIMEOUT)

  it('WebSocket: a burst of junk on one connection leaves another connection untouched', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(frame, { minLength: 1, maxLength: 20 }), async (frames) => {
        exchange.reset()
        const client = await new WsClient(exchange, 'wss://ws.kraken.com/v2').open()
        const other = await new WsClient(exchange, 'wss://ws.kraken.com/v2').open()
        try {
          for (const data of frames) client.socket.send(data, { binary: typeof data !== 'string' })
          await turnUntil(() => exchange.journal.entries.filter((e) => e.kind === 'ws-in').length >= frames.length || client.closed !== undefined)
          await client.settle()
          if (client.closed) throw new Error(`closed ${JSON.stringify(client.closed)}`)
          const pong = await other.send('{"method":"ping","req_id":9}')
          if (!pong.some((p) => p.startsWith('{"method":"pong","req_id":9,')) || other.closed) throw new Error(`the other connection: ${JSON.stringify(pong)}`)
        } finally {
          await Promise.all([client.close(), other.close()])
        }
      }),
      { seed: SEED, numRuns: runs(30) },
    )
    exchange.reset()
    await stillServes()
  }, TIMEOUT)
})
