/**
 * The shared conformance suite over Coinbase Advanced Trade (wire-formats §1): only
 * what differs is stated here. Where the suite's shape does not fit Coinbase:
 * - the suite takes an ExchangeType; the plugin object is passed instead (setupMockExchange
 *   accepts one), with the REST limit raised from 10 to 1,000 requests a second, because the
 *   suite sends a dozen requests within one instant of its frozen clock (the real limit is
 *   covered in coinbase.plugin.test.ts and coinbase.fuzz.test.ts);
 * - the WebSocket candles channel is 5-minute only and names no interval, while the suite
 *   runs its per-interval checks over `intervals` on REST and on the WebSocket alike: the
 *   spec lists FIVE_MINUTE only (also the primary interval: a one-day window of it stays
 *   within the 350 rule), and the nine REST granularities get the suite's REST check
 *   below, through the same pipeline;
 * - Coinbase's pushes carry no "closed" flag and no request id: a push is read as closed
 *   when its envelope timestamp is at or after the bucket's end (the mock sends the final
 *   values at the boundary), and any `subscriptions` message acknowledges.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { coinbaseAdvancedTrade } from '../handlers/coinbase/index.js'
import { openTimeOf, parseInterval, setupMockExchange, type ExchangePlugin, type MockExchangeController } from '../src/index.js'
import { fetchAnswer } from './conformance/harness.js'
import { describeConformance, type CanonicalPush, type CanonicalRow, type ErrorPredicate, type KlinesRequest } from './conformance/suite.js'

const GRANULARITIES: Array<[string, string]> = [
  ['ONE_MINUTE', '1m'],
  ['FIVE_MINUTE', '5m'],
  ['FIFTEEN_MINUTE', '15m'],
  ['THIRTY_MINUTE', '30m'],
  ['ONE_HOUR', '1h'],
  ['TWO_HOUR', '2h'],
  ['FOUR_HOUR', '4h'],
  ['SIX_HOUR', '6h'],
  ['ONE_DAY', '1d'],
]

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** §1.6: a 4xx with {"error":"<CODE>","message":…} and, usually, "error_details" — nothing else. */
const native: ErrorPredicate = (status, body) =>
  status >= 400 &&
  status < 500 &&
  isObject(body) &&
  typeof body.error === 'string' &&
  typeof body.message === 'string' &&
  Object.keys(body).every((key) => ['error', 'error_details', 'message'].includes(key))

const withCode =
  (status: number, code: string, message?: RegExp): ErrorPredicate =>
  (answerStatus, body) =>
    native(answerStatus, body) && answerStatus === status && (body as { error: string }).error === code && (message === undefined || message.test((body as { message: string }).message))

/** Times go out in whole seconds, as strings (§1.2); the suite's ms are floored. */
function klinesUrl(request: KlinesRequest): string {
  const query = new URLSearchParams({ granularity: request.interval })
  if (request.start !== undefined) query.set('start', String(Math.floor(request.start / 1000)))
  if (request.end !== undefined) query.set('end', String(Math.floor(request.end / 1000)))
  if (request.limit !== undefined) query.set('limit', String(request.limit))
  return `https://api.coinbase.com/api/v3/brokerage/market/products/${request.symbol}/candles?${query}`
}

/** §1.3: {"candles":[{start,low,high,open,close,volume}]}, every value a string, start in seconds. */
function parse(body: unknown): CanonicalRow[] {
  if (!isObject(body) || !Array.isArray(body.candles)) throw new Error(`not {"candles":[…]}: ${JSON.stringify(body).slice(0, 200)}`)
  return body.candles.map((row: unknown) => {
    if (!isObject(row) || Object.keys(row).join() !== 'start,low,high,open,close,volume') throw new Error(`not a candle row: ${JSON.stringify(row)}`)
    if (!Object.values(row).every((value) => typeof value === 'string')) throw new Error(`a value is not a string: ${JSON.stringify(row)}`)
    return { openTime: Number(row.start) * 1000, open: Number(row.open), high: Number(row.high), low: Number(row.low), close: Number(row.close), volume: Number(row.volume) }
  })
}

/** §1.8: a candles message (snapshot or update); "closed" once the envelope's time has reached the bucket's end. */
function parsePush(frame: string): CanonicalPush | undefined {
  let value: { channel?: string; timestamp?: string; events?: Array<{ candles?: Array<Record<string, string>> }> }
  try {
    value = JSON.parse(frame)
  } catch {
    return undefined
  }
  const candle = value?.channel === 'candles' ? value.events?.[0]?.candles?.[0] : undefined
  if (!candle) return undefined
  const openTime = Number(candle.start) * 1000
  return {
    openTime,
    close: Number(candle.close),
    closed: Date.parse(value.timestamp ?? '') >= openTime + 300_000,
    open: Number(candle.open),
    high: Number(candle.high),
    low: Number(candle.low),
    volume: Number(candle.volume),
  }
}

const plugin: ExchangePlugin = { ...coinbaseAdvancedTrade, limits: { ...coinbaseAdvancedTrade.limits, limit: 1_000 } }

describeConformance({
  name: 'Coinbase Advanced Trade',
  type: plugin as never,
  market: { symbol: 'BTC/USD', id: 'BTC-USD', price: 50_000 },
  unknownSymbol: 'NOPE-USD',
  rest: { klinesUrl, parse, newestFirst: true, endInclusive: true },
  intervals: [{ wire: 'FIVE_MINUTE', engine: '5m' }],
  primaryInterval: 'FIVE_MINUTE',
  badIntervals: ['UNKNOWN_GRANULARITY', 'one_minute', 'ONE_MINUTES', 'ONE_MINUTE ', 'TEN_MINUTE', 'THREE_DAY', '60', '1m', '5m', 'ONE MINUTE'],
  limit: { default: 350, max: 350, overMax: 'reject', bad: [-1, 'ten', '1.5', '1e3', 351, 100_000] },
  errors: {
    native,
    unknownSymbol: withCode(404, 'NOT_FOUND', /^Product NOPE-USD not supported$/),
    badInterval: withCode(400, 'INVALID_ARGUMENT', /^granularity argument is invalid$/),
    badLimit: withCode(400, 'INVALID_ARGUMENT', /limit/),
  },
  ws: {
    url: 'wss://advanced-trade-ws.coinbase.com',
    subscribe: ({ symbol }) => JSON.stringify({ type: 'subscribe', product_ids: [symbol], channel: 'candles' }),
    unsubscribe: ({ symbol }) => JSON.stringify({ type: 'unsubscribe', product_ids: [symbol], channel: 'candles' }),
    isAck: (frame) => {
      try {
        const value = JSON.parse(frame)
        return value.channel === 'subscriptions' && isObject(value.events?.[0]?.subscriptions)
      } catch {
        return false
      }
    },
    parsePush,
    isError: (frame) => {
      try {
        const value = JSON.parse(frame)
        return Object.keys(value).join() === 'type,message' && value.type === 'error' && typeof value.message === 'string'
      } catch {
        return false
      }
    },
    cadenceMs: () => 1_000,
    onlyChanges: true,
  },
})

/** The suite's "every listed interval is served, aligned like the engine", for the nine REST granularities. */
describe('conformance: Coinbase Advanced Trade, every REST granularity', () => {
  const T0 = Date.UTC(2026, 2, 10, 12)
  let exchange: MockExchangeController
  beforeAll(() => {
    exchange = setupMockExchange(plugin, { seed: 42, clock: { mode: 'manual', start: T0 }, markets: [{ symbol: 'BTC/USD', price: 50_000 }] })
    exchange.listen()
  })
  afterEach(() => exchange.reset())
  afterAll(() => exchange.close())

  it.each(GRANULARITIES)('%s', async (wire, engine) => {
    await exchange.clock.advance(12 * 3_600_000 + 61_000)
    const now = exchange.clock.now()
    const answer = await fetchAnswer(klinesUrl({ symbol: 'BTC-USD', interval: wire, limit: 3 }))
    expect(answer.status, answer.text).toBe(200)
    const interval = parseInterval(engine)
    let first = openTimeOf(interval, now)
    for (let i = 1; i < 3; i++) first = openTimeOf(interval, first - 1)
    const expected = exchange.engine.candles('BTC/USD', engine, { start: first, end: now + 1, now }).map((c) => ({ openTime: c.openTime, open: c.open, high: c.high, low: c.low, close: c.close, volume: c.volume }))
    expect(parse(answer.body).reverse()).toEqual(expected)
  })
})
