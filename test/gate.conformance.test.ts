/**
 * The shared conformance suite over Gate spot and USDT perpetuals (facts §5, §6, §7):
 * only what differs between exchanges is stated here. The suite takes an ExchangeType;
 * the Gate plugins are not in the registry (not ours to edit), so each is passed as the
 * plugin object, which setupMockExchange accepts (`as never` to fit the spec's type).
 *
 * Gate refuses `limit` together with `from`/`to` (§5.1), so the URL builder sends `limit`
 * only when no bound is given. The suite streams every interval it serves over REST
 * too, so the lists here are the intervals both sides share (10s … 7d); spot's `1s` and
 * `30d` and futures' `2h`, `1w` and `30d` (REST only) are covered in gate.plugin.test.ts.
 */
import { gatePerpetual, gateSpot } from '../handlers/gate/index.js'
import type { IntervalInput } from '../src/index.js'
import { describeConformance, type CanonicalPush, type CanonicalRow, type ConformanceSpec, type ErrorPredicate, type KlinesRequest } from './conformance/suite.js'

const INTERVALS: Array<{ wire: string; engine: IntervalInput }> = ['10s', '1m', '5m', '15m', '30m', '1h', '4h', '8h', '1d', '7d'].map((wire) => ({ wire, engine: wire }))
/** BTC/USDT's default lot (0.00001 BTC) is the contract size: base = contracts / 10^5. */
const CONTRACTS_PER_BTC = 100_000

/** `{"label": string, "message": string}` with a 4xx status (§5.1). */
const native: ErrorPredicate = (status, body) => {
  if (status < 400 || status >= 500 || typeof body !== 'object' || body === null || Array.isArray(body)) return false
  const { label, message } = body as { label?: unknown; message?: unknown }
  return Object.keys(body).length === 2 && typeof label === 'string' && /^[A-Z_0-9]+$/.test(label) && typeof message === 'string'
}
const nativeLabel =
  (label: string, status = 400, message?: RegExp): ErrorPredicate =>
  (s, body) =>
    native(s, body) && s === status && (body as { label: string }).label === label && (message === undefined || message.test((body as { message: string }).message))

/** Times in ms become Gate's whole seconds (floored: an unaligned start rounds in, an unaligned end keeps its candle). */
function klinesUrl(path: string, symbolParam: string) {
  return (request: KlinesRequest) => {
    const query = new URLSearchParams({ [symbolParam]: request.symbol, interval: request.interval })
    const bounded = request.start !== undefined || request.end !== undefined
    if (request.start !== undefined) query.set('from', String(Math.floor(request.start / 1000)))
    if (request.end !== undefined) query.set('to', String(Math.floor(request.end / 1000)))
    if (request.limit !== undefined && !bounded) query.set('limit', String(request.limit))
    return `https://api.gateio.ws${path}?${query}`
  }
}

/** §5.1: eight strings [t, quote volume, close, high, low, open, base volume, closed]. */
function parseSpot(body: unknown): CanonicalRow[] {
  if (!Array.isArray(body)) throw new Error(`not an array: ${JSON.stringify(body).slice(0, 200)}`)
  return body.map((row: unknown) => {
    if (!Array.isArray(row) || row.length !== 8 || !row.every((x) => typeof x === 'string')) throw new Error(`not a row of 8 strings: ${JSON.stringify(row)}`)
    if (row[7] !== 'true' && row[7] !== 'false') throw new Error(`closed flag is not "true"/"false": ${JSON.stringify(row)}`)
    return { openTime: Number(row[0]) * 1000, open: Number(row[5]), high: Number(row[3]), low: Number(row[4]), close: Number(row[2]), volume: Number(row[6]) }
  })
}

/** §6.1: objects {t number, v integer contracts, c, h, l, o, sum strings}. */
function parseFutures(body: unknown): CanonicalRow[] {
  if (!Array.isArray(body)) throw new Error(`not an array: ${JSON.stringify(body).slice(0, 200)}`)
  return body.map((row: Record<string, unknown>) => {
    if (typeof row.t !== 'number' || !Number.isInteger(row.v) || typeof row.sum !== 'string' || !['c', 'h', 'l', 'o'].every((k) => typeof row[k] === 'string')) throw new Error(`not a futures row: ${JSON.stringify(row)}`)
    return { openTime: row.t * 1000, open: Number(row.o), high: Number(row.h), low: Number(row.l), close: Number(row.c), volume: (row.v as number) / CONTRACTS_PER_BTC }
  })
}

const json = (frame: string): Record<string, any> | undefined => {
  try {
    const value = JSON.parse(frame)
    return typeof value === 'object' && value !== null ? value : undefined
  } catch {
    return undefined
  }
}

function ws(prefix: 'spot' | 'futures', url: string): ConformanceSpec['ws'] {
  const request = (event: string) => (r: { symbol: string; interval: string; id: number }) =>
    JSON.stringify({ time: 1_773_144_000, id: r.id, channel: `${prefix}.candlesticks`, event, payload: [r.interval, r.symbol] })
  return {
    url,
    subscribe: request('subscribe'),
    unsubscribe: request('unsubscribe'),
    isAck: (frame, id) => {
      const value = json(frame)
      return value?.id === id && (value.event === 'subscribe' || value.event === 'unsubscribe') && value.error === null && value.result?.status === 'success'
    },
    parsePush: (frame): CanonicalPush | undefined => {
      const value = json(frame)
      if (value?.channel !== `${prefix}.candlesticks` || value.event !== 'update') return undefined
      const result = prefix === 'spot' ? value.result : value.result?.[0]
      if (typeof result !== 'object' || result === null) return undefined
      return { openTime: Number(result.t) * 1000, open: Number(result.o), high: Number(result.h), low: Number(result.l), close: Number(result.c), volume: Number(result.a), closed: result.w === true }
    },
    isError: (frame) => {
      const value = json(frame)
      return typeof value?.error?.code === 'number' && typeof value.error.message === 'string' && value.result?.status === 'fail' && typeof value.time === 'number'
    },
    cadenceMs: () => 2000,
    onlyChanges: false,
  }
}

const BAD_LIMITS = [0, -1, '1.5', 'ten', '1e3', ' 5']

describeConformance({
  name: 'Gate spot',
  type: gateSpot as never,
  market: { symbol: 'BTC/USDT', id: 'BTC_USDT', price: 50_000 },
  unknownSymbol: 'NOPE_USDT',
  rest: { klinesUrl: klinesUrl('/api/v4/spot/candlesticks', 'currency_pair'), parse: parseSpot, newestFirst: false, endInclusive: true },
  intervals: INTERVALS,
  primaryInterval: '1m',
  badIntervals: ['2h', '1w', '1M', '1H', '60', '1min', '3m', '1d ', '', '6h', '12h'],
  limit: { default: 100, max: 1000, overMax: 'reject', bad: BAD_LIMITS },
  errors: {
    native,
    unknownSymbol: nativeLabel('INVALID_CURRENCY_PAIR'),
    badInterval: nativeLabel('INVALID_PARAM_VALUE', 400, /^Invalid request parameter `interval` value: /),
    badLimit: nativeLabel('INVALID_PARAM_VALUE', 400, /^(Invalid request parameter `limit` value: |Candlestick range too broad)/),
  },
  ws: ws('spot', 'wss://api.gateio.ws/ws/v4/'),
})

describeConformance({
  name: 'Gate USDT perpetual',
  type: gatePerpetual as never,
  market: { symbol: 'BTC/USDT', id: 'BTC_USDT', price: 50_000 },
  unknownSymbol: 'NOPE_USDT',
  rest: { klinesUrl: klinesUrl('/api/v4/futures/usdt/candlesticks', 'contract'), parse: parseFutures, newestFirst: false, endInclusive: true },
  intervals: INTERVALS,
  primaryInterval: '1m',
  badIntervals: ['1s', '1M', '1H', '60', '1min', '3m', '1d ', '', '6h', '12h'],
  limit: { default: 100, max: 2000, overMax: 'reject', bad: BAD_LIMITS },
  errors: {
    native,
    unknownSymbol: nativeLabel('CONTRACT_NOT_FOUND'),
    badInterval: nativeLabel('INVALID_PARAM_VALUE', 400, /^Invalid request parameter `interval` value: /),
    badLimit: nativeLabel('INVALID_PARAM_VALUE', 400, /^(Invalid request parameter `limit` value: |Candlestick range too broad)/),
  },
  ws: ws('futures', 'wss://fx-ws.gateio.ws/v4/ws/usdt'),
})
