/**
 * The shared conformance suite over OKX SPOT and SWAP (wire-formats §5, §6, §7): only
 * what differs between exchanges is stated here. The suite takes an ExchangeType; the
 * OKX plugins are not in the registry (not ours to edit), so each is passed as the
 * plugin object, which setupMockExchange accepts (`as never` to fit the spec's type).
 *
 * Interval names are checked against engine intervals written out here, independently
 * of the plugin: bars of 6 h and more open at midnight UTC+8 unless suffixed `utc`.
 * 1M and 3M in UTC+8 are no single engine interval (months of UTC+8 are not UTC
 * months), so the suite cannot hold them; okx.plugin.test.ts covers them.
 */
import { okxPerpetual, okxSpot } from '../handlers/okx/index.js'
import type { IntervalInput } from '../src/index.js'
import { describeConformance, type CanonicalPush, type CanonicalRow, type ConformanceSpec, type ErrorPredicate, type KlinesRequest } from './conformance/suite.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const MONDAY = 4 * DAY
/** UTC+8 midnight in UTC, as an offset into a span: floor((t + 8h) / span) * span − 8h. */
const utc8 = (name: string, ms: number, base = 0): IntervalInput => ({ kind: 'fixed', name, ms, offset: (((base - 8 * HOUR) % ms) + ms) % ms })

const INTERVALS: Array<{ wire: string; engine: IntervalInput }> = [
  ...['1m', '3m', '5m', '15m', '30m'].map((wire) => ({ wire, engine: wire })),
  { wire: '1H', engine: '1h' },
  { wire: '2H', engine: '2h' },
  { wire: '4H', engine: '4h' },
  { wire: '6H', engine: utc8('6H', 6 * HOUR) },
  { wire: '12H', engine: utc8('12H', 12 * HOUR) },
  { wire: '1D', engine: utc8('1D', DAY) },
  { wire: '2D', engine: utc8('2D', 2 * DAY) },
  { wire: '3D', engine: utc8('3D', 3 * DAY) },
  { wire: '1W', engine: utc8('1W', 7 * DAY, MONDAY) },
  { wire: '6Hutc', engine: '6h' },
  { wire: '12Hutc', engine: '12h' },
  { wire: '1Dutc', engine: '1d' },
  { wire: '2Dutc', engine: '2d' },
  { wire: '3Dutc', engine: '3d' },
  { wire: '1Wutc', engine: '1w' },
  { wire: '1Mutc', engine: '1M' },
  { wire: '3Mutc', engine: '3M' },
]

/** §5.5: `{code: "<non-zero digits>", msg: string, data?: []}`, with HTTP 200 (51001) or 4xx. */
const native: ErrorPredicate = (status, body) => {
  if (!(status === 200 || (status >= 400 && status < 500)) || typeof body !== 'object' || body === null) return false
  const { code, msg, data } = body as { code?: unknown; msg?: unknown; data?: unknown }
  return typeof code === 'string' && /^[1-9][0-9]*$/.test(code) && typeof msg === 'string' && (data === undefined || (Array.isArray(data) && data.length === 0))
}
const nativeCode =
  (code: string, status: number, msg?: string): ErrorPredicate =>
  (s, body) =>
    native(s, body) && s === status && (body as { code: string }).code === code && (msg === undefined || (body as { msg: string }).msg === msg)

/** `start`/`end` are inclusive open times; OKX's `before`/`after` are exclusive ts bounds. */
function klinesUrl(path: string) {
  return (request: KlinesRequest) => {
    const query = new URLSearchParams({ instId: request.symbol, bar: request.interval })
    if (request.start !== undefined) query.set('before', String(request.start - 1))
    if (request.end !== undefined) query.set('after', String(request.end + 1))
    if (request.limit !== undefined) query.set('limit', String(request.limit))
    return `https://www.okx.com${path}?${query}`
  }
}

/** §5.2/§6.2: 9 strings; the volume the suite compares is base: vol on SPOT, volCcy on SWAP. */
function parseRows(volumeIndex: number) {
  return (body: unknown): CanonicalRow[] => {
    const envelope = body as { code?: unknown; msg?: unknown; data?: unknown }
    if (envelope?.code !== '0' || envelope.msg !== '' || !Array.isArray(envelope.data)) throw new Error(`not a success envelope: ${JSON.stringify(body).slice(0, 200)}`)
    return envelope.data.map((row: unknown) => {
      if (!Array.isArray(row) || row.length !== 9 || !row.every((x) => typeof x === 'string')) throw new Error(`not a row of 9 strings: ${JSON.stringify(row)}`)
      if (row[8] !== '0' && row[8] !== '1') throw new Error(`confirm is not "0"/"1": ${JSON.stringify(row)}`)
      return { openTime: Number(row[0]), open: Number(row[1]), high: Number(row[2]), low: Number(row[3]), close: Number(row[4]), volume: Number(row[volumeIndex]) }
    })
  }
}

function parsePush(volumeIndex: number) {
  return (frame: string): CanonicalPush | undefined => {
    let value: { arg?: { channel?: string }; data?: string[][] }
    try {
      value = JSON.parse(frame)
    } catch {
      return undefined
    }
    const row = value?.data?.[0]
    if (!value?.arg?.channel?.startsWith('candle') || !Array.isArray(row)) return undefined
    return { openTime: Number(row[0]), open: Number(row[1]), high: Number(row[2]), low: Number(row[3]), close: Number(row[4]), volume: Number(row[volumeIndex]), closed: row[8] === '1' }
  }
}

const json = (frame: string): Record<string, unknown> | undefined => {
  try {
    return JSON.parse(frame)
  } catch {
    return undefined
  }
}

function ws(volumeIndex: number): ConformanceSpec['ws'] {
  const op = (name: string) => (request: { symbol: string; interval: string; id: number }) =>
    JSON.stringify({ id: String(request.id), op: name, args: [{ channel: `candle${request.interval}`, instId: request.symbol }] })
  return {
    url: 'wss://ws.okx.com:8443/ws/v5/business',
    subscribe: op('subscribe'),
    unsubscribe: op('unsubscribe'),
    isAck: (frame, id) => {
      const value = json(frame)
      return value?.id === String(id) && (value.event === 'subscribe' || value.event === 'unsubscribe') && typeof value.connId === 'string'
    },
    parsePush: parsePush(volumeIndex),
    isError: (frame) => {
      const value = json(frame)
      return value?.event === 'error' && typeof value.code === 'string' && typeof value.msg === 'string' && typeof value.connId === 'string'
    },
    cadenceMs: () => 1000,
    onlyChanges: true,
  }
}

const errors = {
  native,
  unknownSymbol: nativeCode('51001', 200, "Instrument ID doesn't exist."),
  badInterval: nativeCode('51000', 400, 'Parameter bar error'),
  badLimit: nativeCode('51000', 400, 'Parameter limit error'),
}
const shared = {
  unknownSymbol: 'NOPE-USDT',
  primaryInterval: '1m',
  intervals: INTERVALS,
  limit: { default: 100, max: 300, overMax: 'cap' as const, bad: [0, -1, '1.5', 'ten', '1e3', ' 5'] },
  errors,
}
const BAD_BARS = ['1s', '1h', '1d', '1w', '1Y', '6M', '1min', '60', '2m', '4Hutc', '1Hutc', '1dutc', '1DUTC', '0m', '1m ', 'candle1m']

describeConformance({
  ...shared,
  name: 'OKX SPOT (/market/candles)',
  type: okxSpot as never,
  market: { symbol: 'BTC/USDT', id: 'BTC-USDT', price: 50_000 },
  rest: { klinesUrl: klinesUrl('/api/v5/market/candles'), parse: parseRows(5), newestFirst: true, endInclusive: true },
  badIntervals: BAD_BARS,
  ws: ws(5),
})

describeConformance({
  ...shared,
  name: 'OKX SWAP (/market/candles)',
  type: okxPerpetual as never,
  market: { symbol: 'BTC/USDT', id: 'BTC-USDT-SWAP', price: 50_000 },
  rest: { klinesUrl: klinesUrl('/api/v5/market/candles'), parse: parseRows(6), newestFirst: true, endInclusive: true },
  badIntervals: BAD_BARS,
  ws: ws(6),
})

describeConformance({
  ...shared,
  name: 'OKX SPOT (/market/history-candles, with 1s)',
  type: okxSpot as never,
  market: { symbol: 'BTC/USDT', id: 'BTC-USDT', price: 50_000 },
  rest: { klinesUrl: klinesUrl('/api/v5/market/history-candles'), parse: parseRows(5), newestFirst: true, endInclusive: true },
  intervals: [{ wire: '1s', engine: '1s' }, ...INTERVALS],
  badIntervals: BAD_BARS.filter((name) => name !== '1s'),
  ws: ws(5),
})
