/**
 * The shared conformance suite over Binance Spot and USDⓈ-M (wire-formats §1, §2, §7):
 * only what differs between exchanges is stated here.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ExchangeType, setupMockExchange, type MockExchangeController } from '../src/index.js'
import { fetchAnswer } from './conformance/harness.js'
import { describeConformance, type CanonicalPush, type CanonicalRow, type ConformanceSpec, type ErrorPredicate, type KlinesRequest } from './conformance/suite.js'

const SPOT_INTERVALS = ['1s', '1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '3d', '1w', '1M']
const PERP_INTERVALS = SPOT_INTERVALS.filter((name) => name !== '1s')

/** §1.5: 4xx with exactly {code: negative integer, msg: string}. */
const native: ErrorPredicate = (status, body) =>
  status >= 400 &&
  status < 500 &&
  typeof body === 'object' &&
  body !== null &&
  Object.keys(body).join() === 'code,msg' &&
  Number.isInteger((body as { code: unknown }).code) &&
  (body as { code: number }).code < 0 &&
  typeof (body as { msg: unknown }).msg === 'string'

const nativeCode =
  (codes: number[], msg?: string): ErrorPredicate =>
  (status, body) =>
    native(status, body) && status === 400 && codes.includes((body as { code: number }).code) && (msg === undefined || (body as { msg: string }).msg === msg)

function klinesUrl(base: string) {
  return (request: KlinesRequest) => {
    const query = new URLSearchParams({ symbol: request.symbol, interval: request.interval })
    if (request.start !== undefined) query.set('startTime', String(request.start))
    if (request.end !== undefined) query.set('endTime', String(request.end))
    if (request.limit !== undefined) query.set('limit', String(request.limit))
    return `${base}?${query}`
  }
}

/** §1.2: [openTime, "open", "high", "low", "close", "volume", closeTime, …12 fields]. */
function parseRows(body: unknown): CanonicalRow[] {
  if (!Array.isArray(body)) throw new Error(`not an array of rows: ${JSON.stringify(body).slice(0, 200)}`)
  return body.map((row: unknown[]) => {
    if (!Array.isArray(row) || row.length !== 12) throw new Error(`not a 12-field row: ${JSON.stringify(row)}`)
    const [openTime, open, high, low, close, volume] = row
    if (typeof openTime !== 'number') throw new Error(`open time is not a number: ${JSON.stringify(row)}`)
    for (const text of [open, high, low, close, volume]) if (typeof text !== 'string') throw new Error(`a price is not a string: ${JSON.stringify(row)}`)
    return { openTime, open: Number(open), high: Number(high), low: Number(low), close: Number(close), volume: Number(volume) }
  })
}

/** §1.7: {"e":"kline",…,"k":{t,c,x,o,h,l,v,…}}, or wrapped {"stream","data"} on combined streams. */
function parsePush(frame: string): CanonicalPush | undefined {
  let value: { e?: string; k?: Record<string, unknown>; data?: { e?: string; k?: Record<string, unknown> } }
  try {
    value = JSON.parse(frame)
  } catch {
    return undefined
  }
  const event = value?.data ?? value
  if (event?.e !== 'kline' || !event.k) return undefined
  const k = event.k
  return { openTime: k.t as number, close: Number(k.c), closed: k.x as boolean, open: Number(k.o), high: Number(k.h), low: Number(k.l), volume: Number(k.v) }
}

const streamName = (symbol: string, interval: string) => `${symbol.toLowerCase()}@kline_${interval}`

function ws(url: string, cadenceMs: (interval: string) => number, onlyChanges: boolean): ConformanceSpec['ws'] {
  return {
    url,
    subscribe: ({ symbol, interval, id }) => JSON.stringify({ method: 'SUBSCRIBE', params: [streamName(symbol, interval)], id }),
    unsubscribe: ({ symbol, interval, id }) => JSON.stringify({ method: 'UNSUBSCRIBE', params: [streamName(symbol, interval)], id }),
    isAck: (frame, id) => frame === `{"result":null,"id":${id}}`,
    parsePush,
    // {"error":{"code":n,"msg":s},"id":…} (§1.7).
    isError: (frame) => {
      try {
        const value = JSON.parse(frame)
        return Object.keys(value).join() === 'error,id' && Number.isInteger(value.error?.code) && typeof value.error?.msg === 'string'
      } catch {
        return false
      }
    },
    cadenceMs,
    onlyChanges,
  }
}

const shared = {
  market: { symbol: 'BTC/USDT', id: 'BTCUSDT', price: 50_000 },
  unknownSymbol: 'NOPEUSDT',
  primaryInterval: '1m',
  rest: { parse: parseRows, newestFirst: false, endInclusive: true },
}
const errors = {
  native,
  unknownSymbol: nativeCode([-1121], 'Invalid symbol.'),
  badInterval: nativeCode([-1120], 'Invalid interval.'),
  // -1100 for text that is not a number, -1130 for a number out of range.
  badLimit: nativeCode([-1100, -1130]),
}

describeConformance({
  ...shared,
  name: 'Binance Spot',
  type: ExchangeType.BINANCE_SPOT,
  rest: { ...shared.rest, klinesUrl: klinesUrl('https://api.binance.com/api/v3/klines') },
  intervals: SPOT_INTERVALS.map((wire) => ({ wire, engine: wire })),
  badIntervals: ['1S', '1H', '1min', '60', '2m', '10m', '1y', '1D', '0m', '1m ', 'kline_1m'],
  limit: { default: 500, max: 1000, overMax: 'cap', bad: [0, -1, '1.5', 'ten', '1e3'] },
  errors,
  ws: ws('wss://stream.binance.com:9443/ws', (interval) => (interval === '1s' ? 1000 : 2000), false),
})

describeConformance({
  ...shared,
  name: 'Binance USD-M perpetual',
  type: ExchangeType.BINANCE_PERPETUAL,
  rest: { ...shared.rest, klinesUrl: klinesUrl('https://fapi.binance.com/fapi/v1/klines') },
  intervals: PERP_INTERVALS.map((wire) => ({ wire, engine: wire })),
  badIntervals: ['1s', '1S', '1H', '1min', '60', '2m', '1y', '1D', '0m'],
  limit: { default: 500, max: 1500, overMax: 'reject', bad: [0, -1, '1.5', 'ten', 1501, 100_000] },
  errors,
  ws: ws('wss://fstream.binance.com/market/ws', () => 250, true),
})

/**
 * Binance-specific checks outside the shared suite.
 * KNOWN DEVIATION (reported): spot's docs say "Timestamp parameters (e.g. startTime, endTime,
 * timestamp) can be passed in milliseconds or microseconds" (§1.1 "microseconds are also
 * accepted [D]"), independently of X-MBX-TIME-UNIT, which only sets the unit of the answer.
 * The plugin reads startTime/endTime as µs only under that header, and as ms otherwise.
 */
describe('Binance Spot: timestamp parameters in ms or µs (§1.1 [D])', () => {
  const T0 = Date.UTC(2026, 2, 10, 12)
  let exchange: MockExchangeController
  beforeAll(() => {
    exchange = setupMockExchange(ExchangeType.BINANCE_SPOT, { seed: 42, clock: { mode: 'manual', start: T0 }, markets: [{ symbol: 'BTC/USDT', price: 50_000 }] })
    exchange.listen()
  })
  afterEach(() => exchange.reset())
  afterAll(() => exchange.close())
  const opens = async (query: string, headers?: Record<string, string>) => {
    const answer = await fetchAnswer(`https://api.binance.com/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=3&${query}`, headers ? { headers } : undefined)
    expect(answer.status, answer.text).toBe(200)
    return (answer.body as number[][]).map((row) => row[0])
  }
  const start = T0 - 60 * 60_000

  it('startTime in ms, no header: ms in, ms out', async () => {
    expect(await opens(`startTime=${start}`)).toEqual([start, start + 60_000, start + 120_000])
  })

  it('startTime in µs without the header is read as µs', async () => {
    expect(await opens(`startTime=${start * 1000}`)).toEqual([start, start + 60_000, start + 120_000])
  })

  it('startTime in ms with X-MBX-TIME-UNIT: MICROSECOND is read as ms; the answer is in µs', async () => {
    expect(await opens(`startTime=${start}`, { 'X-MBX-TIME-UNIT': 'MICROSECOND' })).toEqual([start * 1000, (start + 60_000) * 1000, (start + 120_000) * 1000])
  })

  it('startTime in µs with X-MBX-TIME-UNIT: MICROSECOND: µs in, µs out', async () => {
    expect(await opens(`startTime=${start * 1000}`, { 'X-MBX-TIME-UNIT': 'MICROSECOND' })).toEqual([start * 1000, (start + 60_000) * 1000, (start + 120_000) * 1000])
  })
})
