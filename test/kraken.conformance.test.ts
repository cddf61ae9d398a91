/**
 * The shared conformance suite over Kraken Spot (wire-formats §2). Only what differs is
 * stated here — with two things the suite cannot say about Kraken, worked around in the
 * spec and reported:
 *
 * - Kraken's OHLC has no `limit` and no end bound: it serves the 720 most recent
 *   committed candles opening after `since` (exclusive, in seconds) plus the candle in
 *   progress, always. `klinesUrl` sends only what Kraken reads (pair, interval, and
 *   since = the second before `start`); `parse` then applies `start`, `end` and `limit`
 *   on the client side, as ccxt's filterBySinceLimit does. So "the default" and "the
 *   max" are 721 rows, and the limit checks test the client side. There is no limit to
 *   refuse, and the suite needs at least one bad limit: a limit that is not a count is
 *   sent as Kraken's only paging parameter, `since`, which Kraken refuses natively.
 * - Kraken's socket greets every connection with a `status` banner, unasked; the suite
 *   expects no unsolicited frame, so `isError` lets the banner (and heartbeats) pass.
 *
 * The suite takes an ExchangeType; Kraken is not in the registry (src/registry.ts is not
 * this plugin's to edit), so the plugin object itself is passed, cast.
 */
import { krakenSpot } from '../handlers/kraken/index.js'
import type { Interval } from '../src/index.js'
import { describeConformance, type CanonicalPush, type CanonicalRow, type ErrorPredicate, type KlinesRequest } from './conformance/suite.js'

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE
const fixed = (minutes: number, ms: number): Interval => ({ kind: 'fixed', name: String(minutes), ms, offset: 0 })

/** Wire interval (minutes) → the engine interval it means: epoch-aligned, so the week opens on Thursday. */
const INTERVALS: ReadonlyArray<{ wire: string; engine: Interval }> = [
  { wire: '1', engine: fixed(1, MINUTE) },
  { wire: '5', engine: fixed(5, 5 * MINUTE) },
  { wire: '15', engine: fixed(15, 15 * MINUTE) },
  { wire: '30', engine: fixed(30, 30 * MINUTE) },
  { wire: '60', engine: fixed(60, 60 * MINUTE) },
  { wire: '240', engine: fixed(240, 240 * MINUTE) },
  { wire: '1440', engine: fixed(1440, DAY) },
  { wire: '10080', engine: fixed(10080, 7 * DAY) },
  { wire: '21600', engine: fixed(21600, 15 * DAY) },
]
const MS = new Map(INTERVALS.map((i) => [i.wire, i.engine.kind === 'fixed' ? i.engine.ms : 0]))

/** §2.1, §2.3: HTTP 200 and exactly {"error":["<Category>:<text>"]}, no result. */
const native: ErrorPredicate = (status, body) =>
  status === 200 &&
  typeof body === 'object' &&
  body !== null &&
  Object.keys(body).join() === 'error' &&
  Array.isArray((body as { error: unknown }).error) &&
  (body as { error: unknown[] }).error.length === 1 &&
  /^E[A-Za-z]+:/.test(String((body as { error: unknown[] }).error[0]))

const nativeError =
  (text: string): ErrorPredicate =>
  (status, body) =>
    native(status, body) && (body as { error: string[] }).error[0] === text

/** The last request's client-side bounds, for `parse` (the suite fetches and parses one request at a time). */
let asked: KlinesRequest | undefined

function klinesUrl(request: KlinesRequest): string {
  asked = request
  const query = new URLSearchParams({ pair: request.symbol, interval: request.interval })
  if (request.start !== undefined) {
    // Rows opening strictly after since: the second before start, or before it for an unaligned start.
    query.set('since', String(Math.ceil(request.start / 1000) - 1))
  }
  if (request.limit !== undefined && !/^[0-9]+$/.test(String(request.limit))) query.set('since', String(request.limit))
  return `https://api.kraken.com/0/public/OHLC?${query}`
}

/** §2.1: {"error":[],"result":{"XXBTZUSD":[[time(s),"o","h","l","c","vwap","volume",count]…],"last":…}}, then the client-side bounds. */
function parse(body: unknown): CanonicalRow[] {
  const result = (body as { error?: unknown; result?: Record<string, unknown> }).result
  if ((body as { error?: unknown[] }).error?.length !== 0 || typeof result !== 'object' || result === null) throw new Error(`not a result: ${JSON.stringify(body).slice(0, 200)}`)
  if (Object.keys(result).join() !== 'XXBTZUSD,last' || !Number.isInteger(result.last)) throw new Error(`not keyed by the pair key: ${Object.keys(result)}`)
  const rows = (result.XXBTZUSD as unknown[][]).map((row) => {
    if (!Array.isArray(row) || row.length !== 8) throw new Error(`not an 8-field row: ${JSON.stringify(row)}`)
    const [time, open, high, low, close, vwap, volume, count] = row
    if (!Number.isInteger(time) || !Number.isInteger(count)) throw new Error(`time or count not an integer: ${JSON.stringify(row)}`)
    for (const text of [open, high, low, close, vwap, volume]) if (typeof text !== 'string') throw new Error(`a price is not a string: ${JSON.stringify(row)}`)
    return { openTime: (time as number) * 1000, open: Number(open), high: Number(high), low: Number(low), close: Number(close), volume: Number(volume) }
  })
  // `last` is the open of the newest committed row: the one before the candle in progress.
  const interval = MS.get(asked?.interval ?? '1') ?? MINUTE
  if (rows.length > 0 && (result.last as number) * 1000 !== rows.at(-1)!.openTime - interval) throw new Error(`last ${result.last} is not the row before ${rows.at(-1)!.openTime}`)
  return clientSide(rows, asked)
}

/** What a client (ccxt) does with Kraken's page: rows from start, up to end (inclusive), the first `limit` of them — or the last `limit` without a start. */
function clientSide(rows: CanonicalRow[], request: KlinesRequest | undefined): CanonicalRow[] {
  if (!request) return rows
  let kept = rows.filter((row) => (request.start === undefined || row.openTime >= request.start) && (request.end === undefined || row.openTime <= request.end))
  const limit = request.limit === undefined ? undefined : Number(request.limit)
  if (limit !== undefined && Number.isInteger(limit) && limit > 0) kept = request.start === undefined ? kept.slice(-limit) : kept.slice(0, limit)
  return kept
}

interface Frame {
  channel?: string
  type?: string
  timestamp?: string
  data?: Array<Record<string, unknown>>
  method?: string
  success?: boolean
  req_id?: number
  error?: unknown
}

function frameOf(text: string): Frame | undefined {
  try {
    const value = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined
  } catch {
    return undefined
  }
}

/**
 * §2.5: an ohlc update. Kraken has no closed flag; a candle is final when the frame was
 * sent at or after its end (the row's `timestamp`), which is how the last update of a
 * candle arrives here. Snapshots are not pushes.
 */
function parsePush(text: string): CanonicalPush | undefined {
  const frame = frameOf(text)
  if (frame?.channel !== 'ohlc' || frame.type !== 'update' || frame.data?.length !== 1) return undefined
  const row = frame.data[0]
  const sent = Date.parse(String(frame.timestamp))
  const end = Date.parse(String(row.timestamp))
  return {
    openTime: Date.parse(String(row.interval_begin)),
    close: row.close as number,
    closed: sent >= end,
    open: row.open as number,
    high: row.high as number,
    low: row.low as number,
    volume: row.volume as number,
  }
}

/** The market id the suite passes is the REST key; WS v2 speaks BTC/USD. */
const wsSymbol = (id: string) => (id === 'XXBTZUSD' ? 'BTC/USD' : id)

describeConformance({
  name: 'Kraken Spot',
  type: krakenSpot as never,
  market: { symbol: 'BTC/USD', id: 'XXBTZUSD', price: 50_000 },
  unknownSymbol: 'NOPEUSD',
  rest: { klinesUrl, parse, newestFirst: false, endInclusive: true },
  intervals: INTERVALS,
  primaryInterval: '1',
  badIntervals: ['0', '2', '3', '10', '45', '120', '720', '1m', '1h', '60m', '1.0', '-1', ' 1', 'abc', '10081', '43200', '1e1'],
  limit: { default: 721, max: 721, overMax: 'cap', bad: ['ten', '0x10', '1e3', ' 5', '+-1', '1,5'] },
  errors: {
    native,
    unknownSymbol: nativeError('EQuery:Unknown asset pair'),
    badInterval: nativeError('EGeneral:Invalid arguments'),
    badLimit: nativeError('EGeneral:Invalid arguments'),
  },
  ws: {
    url: 'wss://ws.kraken.com/v2',
    subscribe: ({ symbol, interval, id }) => JSON.stringify({ method: 'subscribe', params: { channel: 'ohlc', symbol: [wsSymbol(symbol)], interval: Number(interval) }, req_id: id }),
    unsubscribe: ({ symbol, interval, id }) => JSON.stringify({ method: 'unsubscribe', params: { channel: 'ohlc', symbol: [wsSymbol(symbol)], interval: Number(interval) }, req_id: id }),
    isAck: (text, id) => {
      const frame = frameOf(text)
      return (frame?.method === 'subscribe' || frame?.method === 'unsubscribe') && frame.success === true && frame.req_id === id
    },
    parsePush,
    // {"error":"…","method":…,"success":false,"time_in":…,"time_out":…}; the connect banner and heartbeats are no answers (see above).
    isError: (text) => {
      const frame = frameOf(text)
      if (frame?.channel === 'status' || frame?.channel === 'heartbeat') return true
      return frame?.success === false && typeof frame.error === 'string' && typeof (frame as { time_in?: unknown }).time_in === 'string'
    },
    cadenceMs: () => 1000,
    onlyChanges: true,
  },
})
