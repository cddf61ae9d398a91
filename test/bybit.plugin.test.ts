import { describe, expect, it } from 'vitest'
import { connectionId } from '../handlers/bybit/stream.js'
import { plain } from '../handlers/bybit/format.js'
import { bybitPerpetual, bybitSpot } from '../handlers/bybit/index.js'
import type { Candle } from '../src/engine/candle.js'
import { CandleEngine } from '../src/engine/engine.js'
import type { IntervalInput } from '../src/engine/interval.js'
import { createContext } from '../src/exchange/context.js'
import type { ExchangePlugin, ListedMarket, RestReply, RestRequest, WsSocket } from '../src/exchange/types.js'
import { FakeSocket } from './support/fake-socket.js'

// Compliance tests of the Bybit plugins against wire-formats §3 (spot), §4 (linear) and §7,
// through the plugin contract only: no network, no MSW, no real time.

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
/** A Tuesday, mid-minute, mid-second. */
const NOW = Date.UTC(2026, 2, 10, 12, 34, 56, 789)
const engine = new CandleEngine({
  seed: 7,
  markets: [{ symbol: 'BTC/USDT' }, { symbol: 'ETH/BTC', price: 0.05, tickSize: 0.00001, lotSize: 0.0001 }, { symbol: 'SOL/USDT', kind: 'perpetual' }],
})

type Row = [string, string, string, string, string, string, string]
interface Body {
  retCode: number
  retMsg: string
  result: Record<string, any>
  retExtInfo: object
  time: number
}

function makeRequest(url: string): RestRequest {
  const parsed = new URL(url)
  return { method: 'GET', url: parsed, query: parsed.searchParams, headers: new Headers() }
}

/** Calls the route of `plugin` that the core would pick for `url` (exact pathname). */
function call(plugin: ExchangePlugin, url: string, now = NOW): RestReply {
  const request = makeRequest(url)
  const route = plugin.routes.find((r) => r.method === 'GET' && r.path === request.url.pathname)
  if (!route) throw new Error(`no route for ${url}`)
  return route.handle(request, createContext(plugin, engine, () => now))
}

const kline = (query: string, now = NOW, plugin: ExchangePlugin = bybitSpot) => call(plugin, `https://api.bybit.com/v5/market/kline?${query}`, now)
const spot = (query: string, now = NOW) => kline(`category=spot&${query}`, now)
const linear = (query: string, now = NOW) => kline(`category=linear&${query}`, now, bybitPerpetual)
const body = (reply: RestReply) => {
  expect(reply.status).toBe(200)
  return reply.body as Body
}
const rows = (reply: RestReply) => {
  const value = body(reply)
  expect(value.retCode, value.retMsg).toBe(0)
  return value.result.list as Row[]
}
const opens = (reply: RestReply) => rows(reply).map((row) => Number(row[0]))
const candles = (symbol: string, interval: IntervalInput, start: number, end: number, now = NOW) => engine.candles(symbol, interval, { start, end, now })
const rowOf = (c: Candle, decimals = { price: 2, qty: 5, quote: engine.market('BTC/USDT').quoteDecimals }): Row => [
  String(c.openTime),
  plain(c.open, decimals.price),
  plain(c.high, decimals.price),
  plain(c.low, decimals.price),
  plain(c.close, decimals.price),
  plain(c.volume, decimals.qty),
  plain(c.quoteVolume, decimals.quote),
]

function expectError(reply: RestReply, retCode: number, retMsg: string) {
  expect(reply.status).toBe(200)
  expect(reply.body).toEqual({ retCode, retMsg, result: {}, retExtInfo: {}, time: NOW })
}

describe('the envelope and rows (§3.2, §4.2)', () => {
  it('spot: {retCode:0,retMsg:"OK",result:{category,symbol,list},retExtInfo:{},time:now}; rows of seven trimmed strings', () => {
    const start = Date.UTC(2026, 0, 1)
    const reply = spot(`symbol=BTCUSDT&interval=1&start=${start}&limit=3`)
    const value = body(reply)
    expect(Object.keys(value)).toEqual(['retCode', 'retMsg', 'result', 'retExtInfo', 'time'])
    expect(value).toMatchObject({ retCode: 0, retMsg: 'OK', retExtInfo: {}, time: NOW })
    expect(Object.keys(value.result)).toEqual(['category', 'symbol', 'list'])
    expect(value.result).toMatchObject({ category: 'spot', symbol: 'BTCUSDT' })
    expect(value.result.list).toEqual(candles('BTC/USDT', '1m', start, start + 3 * MINUTE).reverse().map((c) => rowOf(c)))
    for (const row of value.result.list as Row[]) {
      expect(row).toHaveLength(7)
      for (const field of row) expect(field).toMatch(/^\d+(\.\d*[1-9])?$/)
    }
    expect(reply.headers).toMatchObject({ 'X-Bapi-Limit-Reset-Timestamp': String(NOW) })
  })

  it('linear: the symbol before the category, as in the docs; the same candles (volume in contracts = base)', () => {
    const start = Date.UTC(2026, 0, 1)
    const value = body(linear(`symbol=BTCUSDT&interval=60&start=${start}&limit=2`))
    expect(Object.keys(value.result)).toEqual(['symbol', 'category', 'list'])
    expect(value.result.list).toEqual(body(spot(`symbol=BTCUSDT&interval=60&start=${start}&limit=2`)).result.list)
  })

  it('prints decimals exactly and trimmed', () => {
    expect(plain(17071, 2)).toBe('17071')
    expect(plain(17055.5, 2)).toBe('17055.5')
    expect(plain(450812345.67, 8)).toBe('450812345.67')
    expect(plain(0.00001, 5)).toBe('0.00001')
    expect(plain(0, 5)).toBe('0')
    expect(plain(0.05, 5)).toBe('0.05')
  })

  it('a market with other decimals prints with its own tick, lot and quote decimals', () => {
    const [row] = rows(spot(`symbol=ETHBTC&interval=D&start=${Date.UTC(2026, 0, 1)}&limit=1`))
    const [c] = candles('ETH/BTC', '1d', Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 2))
    expect(row).toEqual(rowOf(c, { price: 5, qty: 4, quote: engine.market('ETH/BTC').quoteDecimals }))
  })
})

describe('which candles come back (§3.1)', () => {
  it('no times: the latest 200, newest first, the candle in progress first', () => {
    const all = rows(spot('symbol=BTCUSDT&interval=1'))
    expect(all).toHaveLength(200)
    expect(Number(all[0][0])).toBe(Date.UTC(2026, 2, 10, 12, 34))
    for (let i = 1; i < all.length; i++) expect(Number(all[i - 1][0]) - Number(all[i][0])).toBe(MINUTE)
    const inProgress = engine.candleAt('BTC/USDT', '1m', NOW)
    expect(all[0]).toEqual(rowOf(inProgress))
  })

  it('only start: the oldest `limit` from the candle that contains start (an unaligned start rounds down)', () => {
    const start = Date.UTC(2026, 1, 1)
    expect(opens(spot(`symbol=BTCUSDT&interval=5&start=${start}&limit=3`))).toEqual([start + 10 * MINUTE, start + 5 * MINUTE, start])
    expect(opens(spot(`symbol=BTCUSDT&interval=5&start=${start + 1}&limit=2`))).toEqual([start + 5 * MINUTE, start])
    expect(opens(spot(`symbol=BTCUSDT&interval=5&start=${start - 1}&limit=1`))).toEqual([start - 5 * MINUTE])
  })

  it('only end: the latest `limit` up to the candle that contains end', () => {
    const end = Date.UTC(2026, 1, 1, 1)
    expect(opens(spot(`symbol=BTCUSDT&interval=15&end=${end}&limit=2`))).toEqual([end, end - 15 * MINUTE])
    expect(opens(spot(`symbol=BTCUSDT&interval=15&end=${end - 1}&limit=2`))).toEqual([end - 15 * MINUTE, end - 30 * MINUTE])
  })

  it('both: inclusive at both ends (the docs example gives three 1h candles); start wins when the range holds more than `limit`', () => {
    expect(opens(kline('category=linear&symbol=BTCUSDT&interval=60&start=1670601600000&end=1670608800000'))).toEqual([1670608800000, 1670605200000, 1670601600000])
    const start = Date.UTC(2026, 1, 1)
    expect(opens(spot(`symbol=BTCUSDT&interval=60&start=${start}&end=${start + 10 * HOUR}&limit=2`))).toEqual([start + HOUR, start])
    // The captured case of mirumirumi/ro-soku#3: start 8 s into a minute and end 16 s into the next give both minutes.
    expect(opens(spot(`symbol=BTCUSDT&interval=1&start=${start + 8_000}&end=${start + MINUTE + 16_000}`))).toEqual([start + MINUTE, start])
  })

  it('a window reaching past now stops at the candle in progress; one after now, or with start after end, is empty', () => {
    expect(opens(spot(`symbol=BTCUSDT&interval=60&start=${NOW - 2 * HOUR}&end=${NOW + 10 * DAY}`))).toEqual([Date.UTC(2026, 2, 10, 12), Date.UTC(2026, 2, 10, 11), Date.UTC(2026, 2, 10, 10)])
    expect(rows(spot(`symbol=BTCUSDT&interval=1&start=${NOW + MINUTE}`))).toEqual([])
    expect(rows(spot(`symbol=BTCUSDT&interval=1&start=${NOW - MINUTE}&end=${NOW - 2 * MINUTE}`))).toEqual([])
    expect(opens(spot(`symbol=BTCUSDT&interval=1&end=${NOW + DAY}&limit=1`))).toEqual([Date.UTC(2026, 2, 10, 12, 34)])
  })

  it('D opens at 00:00 UTC, W on Monday, M on the 1st', () => {
    const [day] = opens(spot('symbol=BTCUSDT&interval=D&limit=1'))
    expect(day).toBe(Date.UTC(2026, 2, 10))
    const [week] = opens(spot('symbol=BTCUSDT&interval=W&limit=1'))
    expect(week).toBe(Date.UTC(2026, 2, 9))
    expect(new Date(week).getUTCDay()).toBe(1)
    expect(opens(spot(`symbol=BTCUSDT&interval=M&start=${Date.UTC(2025, 10, 15)}`))).toEqual([Date.UTC(2026, 2, 1), Date.UTC(2026, 1, 1), Date.UTC(2026, 0, 1), Date.UTC(2025, 11, 1), Date.UTC(2025, 10, 1)])
  })

  it('never before 1970: a tiny start serves from the epoch', () => {
    expect(opens(spot('symbol=BTCUSDT&interval=W&start=5&limit=1'))).toEqual([Date.UTC(1970, 0, 5)])
    expect(opens(spot('symbol=BTCUSDT&interval=D&end=5&limit=3'))).toEqual([0])
  })
})

describe('limit (§3.1)', () => {
  it('default 200, max 1000, more is capped', () => {
    expect(rows(spot('symbol=BTCUSDT&interval=1&limit=1000'))).toHaveLength(1000)
    expect(rows(spot('symbol=BTCUSDT&interval=1&limit=5000'))).toHaveLength(1000)
  })

  it('zero, negative or empty mean "not given" (200)', () => {
    for (const limit of ['0', '-5', '']) expect(rows(spot(`symbol=BTCUSDT&interval=1&limit=${limit}`))).toHaveLength(200)
    expect(rows(spot('symbol=BTCUSDT&interval=1&limit=%2B7'))).toHaveLength(7)
  })

  it('text that is no int64 is 10001 "params error: <name> invalid"', () => {
    for (const [name, value] of [
      ['limit', 'abc'],
      ['limit', '1.5'],
      ['start', '1e12'],
      ['end', '9'.repeat(20)],
      ['limit', ' 5'],
    ]) {
      expectError(spot(`symbol=BTCUSDT&interval=1&${name}=${encodeURIComponent(value)}`), 10001, `params error: ${name} invalid`)
    }
  })
})

describe('native errors (§3.5)', () => {
  it('HTTP 200 with retCode 10001: unknown, lowercase or missing symbol; bad interval; bad category', () => {
    expectError(spot('symbol=NOPEUSDT&interval=1'), 10001, 'Not supported symbols')
    expectError(spot('symbol=btcusdt&interval=1'), 10001, 'Not supported symbols')
    expectError(spot('interval=1'), 10001, 'Not supported symbols')
    for (const interval of ['1m', '2', 'd', '1D', '', '60 ']) expectError(spot(`symbol=BTCUSDT&interval=${encodeURIComponent(interval)}`), 10001, 'Invalid period!')
    for (const category of ['option', 'SPOT', 'futures']) expectError(kline(`category=${category}&symbol=BTCUSDT&interval=1`), 10001, 'params error: Category is invalid')
  })

  it('the checks run in order: category, symbol, interval, then numbers', () => {
    expectError(kline('category=x&symbol=NOPE&interval=x&limit=x'), 10001, 'params error: Category is invalid')
    expectError(spot('symbol=NOPE&interval=x&limit=x'), 10001, 'Not supported symbols')
    expectError(spot('symbol=BTCUSDT&interval=x&limit=x'), 10001, 'Invalid period!')
  })

  it('no category means linear (§3.8.1); spot does not list a perpetual-only market, linear lists every market', () => {
    expect(body(kline('symbol=SOLUSDT&interval=1&limit=1')).result.category).toBe('linear')
    expectError(spot('symbol=SOLUSDT&interval=1'), 10001, 'Not supported symbols')
    expect(rows(linear('symbol=ETHBTC&interval=1&limit=1'))).toHaveLength(1)
  })

  it('category=inverse with a linear symbol answers linear candles labelled inverse (the captured cross-category trap)', () => {
    const reply = body(kline(`category=inverse&symbol=BTCUSDT&interval=60&start=${Date.UTC(2026, 0, 1)}&limit=2`))
    expect(reply.result.category).toBe('inverse')
    expect(reply.result.list).toEqual(rows(linear(`symbol=BTCUSDT&interval=60&start=${Date.UTC(2026, 0, 1)}&limit=2`)))
  })

  it('the first value of a repeated parameter wins; unknown parameters are ignored', () => {
    expect(body(spot('symbol=BTCUSDT&symbol=NOPE&interval=1&limit=1&foo=bar&callerMethodName=x')).retCode).toBe(0)
  })

  it('errors.notFound: 404, empty body, the nearest route in x-mock-exchange-hint', () => {
    const reply = bybitSpot.errors.notFound(makeRequest('https://api.bybit.com/v5/market/klines'), 'GET /v5/market/kline')
    expect(reply).toEqual({ status: 404, body: '', headers: { 'x-mock-exchange-hint': '[mock-exchange] Bybit Spot has no route GET /v5/market/klines. Nearest: GET /v5/market/kline.' } })
  })

  it('errors.status: 403 is the IP limit, 5xx the envelope with 10016, 429 10006, other 4xx 10001', () => {
    expect(bybitSpot.errors.status(403)).toMatchObject({ status: 403, body: 'access too frequent' })
    expect(bybitSpot.errors.status(503)).toEqual({ status: 503, body: { retCode: 10016, retMsg: 'Server error.', result: {}, retExtInfo: {} } })
    expect(bybitSpot.errors.status(429).body).toMatchObject({ retCode: 10006, retMsg: 'Too many visits!' })
    expect(bybitPerpetual.errors.status(400).body).toMatchObject({ retCode: 10001, retMsg: 'Request parameter error.' })
    expect(bybitSpot.errors.status(404)).toMatchObject({ status: 404, body: '' })
  })

  it('errors.rateLimited: 403 "access too frequent" (§3.6), the reset time in X-Bapi-Limit-Reset-Timestamp, no Retry-After', () => {
    const reply = bybitSpot.errors.rateLimited({ retryAfter: 120, banned: true, until: 1700000123456, limit: 600 })
    expect(reply).toEqual({ status: 403, body: 'access too frequent', headers: { 'content-type': 'text/plain; charset=utf-8', 'X-Bapi-Limit-Reset-Timestamp': '1700000123456' } })
  })

  it('limits: 600 requests per 5 s, each weighing 1, banned at the first one over; X-Bapi-Limit headers', () => {
    expect(bybitSpot.limits).toMatchObject({ windowMs: 5_000, limit: 600, banAfterIgnored: 0 })
    expect(bybitSpot.limits.usageHeaders(42)).toEqual({ 'X-Bapi-Limit': '600', 'X-Bapi-Limit-Status': '558' })
    expect(bybitSpot.limits.usageHeaders(900)['X-Bapi-Limit-Status']).toBe('0')
    for (const route of bybitSpot.routes) expect(route.weight!(makeRequest('https://api.bybit.com/x'))).toBe(1)
  })
})

describe('plugins (§3.1, §4.1, §7.1)', () => {
  it('types, kinds, market ids, hosts; both serve the same routes and streams', () => {
    expect([bybitSpot.type, bybitSpot.kind, bybitPerpetual.type, bybitPerpetual.kind]).toEqual(['bybit_spot', 'spot', 'bybit_perpetual', 'perpetual'])
    expect(bybitSpot.marketId(engine.market('BTC/USDT'))).toBe('BTCUSDT')
    for (const plugin of [bybitSpot, bybitPerpetual]) {
      expect(plugin.restOrigins).toEqual(expect.arrayContaining(['https://api.bybit.com', 'https://api.bytick.com', 'https://api-testnet.bybit.com']))
      expect(plugin.wsOrigins).toEqual(expect.arrayContaining(['wss://stream.bybit.com', 'wss://stream-testnet.bybit.com']))
      expect(plugin.routes.map((r) => `${r.method} ${r.path} ${r.name}`)).toEqual(['GET /v5/market/kline klines', 'GET /v5/market/time time', 'GET /v5/market/instruments-info instrumentsInfo'])
    }
    expect(createContext(bybitSpot, engine, () => NOW).markets.map((m) => m.id)).toEqual(['BTCUSDT', 'ETHBTC'])
    expect(createContext(bybitPerpetual, engine, () => NOW).markets.map((m) => m.id)).toEqual(['BTCUSDT', 'ETHBTC', 'SOLUSDT'])
  })

  it('server time: seconds and nanoseconds as strings, `time` in ms (ccxt reads `time`)', () => {
    expect(body(call(bybitSpot, 'https://api.bybit.com/v5/market/time'))).toEqual({
      retCode: 0,
      retMsg: 'OK',
      result: { timeSecond: String(Math.floor(NOW / 1000)), timeNano: `${NOW}000000` },
      retExtInfo: {},
      time: NOW,
    })
  })
})

describe('instruments-info (§3.4, §4.4)', () => {
  const info = (query: string, plugin: ExchangePlugin = bybitSpot) => body(call(plugin, `https://api.bybit.com/v5/market/instruments-info?${query}`))

  it('spot: its markets, keys in the docs order, precision and limits ccxt reads; no paging', () => {
    const value = info('category=spot&limit=1&cursor=zzz')
    expect(value.retCode).toBe(0)
    expect(Object.keys(value.result)).toEqual(['category', 'list'])
    expect(value.result.list.map((row: any) => row.symbol)).toEqual(['BTCUSDT', 'ETHBTC'])
    const btc = value.result.list[0]
    expect(Object.keys(btc)).toEqual(['symbol', 'symbolId', 'baseCoin', 'quoteCoin', 'innovation', 'status', 'marginTrading', 'stTag', 'lotSizeFilter', 'priceFilter', 'symbolType'])
    expect(btc).toMatchObject({ baseCoin: 'BTC', quoteCoin: 'USDT', status: 'Trading', priceFilter: { tickSize: '0.01' } })
    expect(btc.lotSizeFilter).toMatchObject({ basePrecision: '0.00001', minOrderQty: '0.00001', minOrderAmt: '5' })
  })

  it('linear: every market as a LinearPerpetual settled in its quote, filters with the contract precision', () => {
    const value = info('category=linear&limit=1000', bybitPerpetual)
    expect(Object.keys(value.result)).toEqual(['category', 'list', 'nextPageCursor'])
    expect(value.result).toMatchObject({ category: 'linear', nextPageCursor: '' })
    expect(value.result.list.map((row: any) => row.symbol)).toEqual(['BTCUSDT', 'ETHBTC', 'SOLUSDT'])
    const btc = value.result.list[0]
    expect(btc).toMatchObject({ contractType: 'LinearPerpetual', status: 'Trading', baseCoin: 'BTC', quoteCoin: 'USDT', settleCoin: 'USDT', priceScale: '2', deliveryTime: '0' })
    expect(btc.priceFilter).toMatchObject({ minPrice: '0.01', tickSize: '0.01' })
    expect(btc.lotSizeFilter).toMatchObject({ minOrderQty: '0.00001', qtyStep: '0.00001', minNotionalValue: '5' })
    expect(info('category=linear&baseCoin=SOL').result.list.map((row: any) => row.symbol)).toEqual(['SOLUSDT'])
    expect(info('category=linear&symbol=ETHBTC').result.list.map((row: any) => row.symbol)).toEqual(['ETHBTC'])
    expect(info('category=linear&symbol=NOPE').result.list).toEqual([])
  })

  it('the sibling lists ccxt loads are well formed and empty: PreLaunch, inverse, option', () => {
    expect(info('category=linear&limit=1000&status=PreLaunch').result).toEqual({ category: 'linear', list: [], nextPageCursor: '' })
    expect(info('category=inverse&limit=1000').result).toEqual({ category: 'inverse', list: [], nextPageCursor: '' })
    expect(info('category=inverse&limit=1000&status=PreLaunch').result).toEqual({ category: 'inverse', list: [], nextPageCursor: '' })
    for (const coin of ['BTC', 'ETH', 'SOL', 'XRP', 'MNT', 'DOGE']) expect(info(`category=option&baseCoin=${coin}`).result).toEqual({ category: 'option', list: [], nextPageCursor: '' })
  })

  it('pages by limit and cursor; the last page ends with nextPageCursor ""', () => {
    const first = info('category=linear&limit=2').result
    expect([first.list.map((r: any) => r.symbol), first.nextPageCursor]).toEqual([['BTCUSDT', 'ETHBTC'], '2'])
    const second = info(`category=linear&limit=2&cursor=${first.nextPageCursor}`).result
    expect([second.list.map((r: any) => r.symbol), second.nextPageCursor]).toEqual([['SOLUSDT'], ''])
    expect(info('category=linear&limit=2&cursor=9').result.list).toEqual([])
  })

  it('category is required; a bad cursor is 10001', () => {
    expectError(call(bybitSpot, 'https://api.bybit.com/v5/market/instruments-info'), 10001, 'params error: Category is invalid')
    expectError(call(bybitSpot, 'https://api.bybit.com/v5/market/instruments-info?category=Linear'), 10001, 'params error: Category is invalid')
    expectError(call(bybitSpot, 'https://api.bybit.com/v5/market/instruments-info?category=linear&cursor=x'), 10001, 'params error: cursor invalid')
  })
})

// ── WebSocket (§3.7, §4.7) ──


const SPOT_URL = 'wss://stream.bybit.com/v5/public/spot'
const LINEAR_URL = 'wss://stream.bybit.com/v5/public/linear'

function open(plugin: ExchangePlugin, url: string, now = NOW) {
  const clock = { now }
  const socket = new FakeSocket(url, clock)
  expect(plugin.ws.accepts(socket.url)).toBe(true)
  const connection = plugin.ws.connect(socket, createContext(plugin, engine, () => clock.now))
  const send = (frame: unknown) => connection.message(typeof frame === 'string' ? frame : JSON.stringify(frame))
  return { socket, connection, clock, send }
}

/** The frame's conn_id is opaque; check its shape and leave it out. */
function withoutConnId(frame: Record<string, unknown>) {
  expect(frame.conn_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
  const { conn_id: _, ...rest } = frame
  return rest
}

describe('WebSocket endpoints (§3.7, §4.7)', () => {
  it('each plugin accepts /v5/public/spot and /v5/public/linear (the category is the path), nothing else', () => {
    for (const plugin of [bybitSpot, bybitPerpetual]) {
      for (const url of [SPOT_URL, LINEAR_URL, 'wss://stream-testnet.bybit.com/v5/public/spot', `${LINEAR_URL}?x=1`]) expect(plugin.ws.accepts(new URL(url))).toBe(true)
      for (const path of ['/v5/public/inverse', '/v5/public/option', '/v5/private', '/v5/public', '/v5/public/spot/', '/']) expect(plugin.ws.accepts(new URL(`wss://stream.bybit.com${path}`))).toBe(false)
    }
  })

  it('conn_id is UUID-shaped and the same for the same seed, URL and time', () => {
    const other = new CandleEngine({ seed: 7, markets: [{ symbol: 'BTC/USDT' }] })
    const a = connectionId(other, SPOT_URL, 1)
    expect(a).toMatch(/^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/)
    expect(connectionId(other, SPOT_URL, 1)).not.toBe(a) // a second connection in the same instant
    expect(connectionId(new CandleEngine({ seed: 7, markets: [{ symbol: 'BTC/USDT' }] }), SPOT_URL, 1)).toBe(a)
    expect(connectionId(new CandleEngine({ seed: 8, markets: [{ symbol: 'BTC/USDT' }] }), SPOT_URL, 1)).not.toBe(a)
  })
})

describe('WebSocket subscriptions (§3.7, §4.7)', () => {
  it('spot acks {"success":true,"ret_msg":"subscribe",…,"req_id":…,"op":"subscribe"} and follows every second; a numeric req_id is echoed as text', () => {
    const { socket, send } = open(bybitSpot, SPOT_URL)
    send({ op: 'subscribe', req_id: 1, args: ['kline.1.BTCUSDT', 'kline.D.ETHBTC'], callerMethodName: 'watchOHLCV' })
    expect(Object.keys(socket.frames[0])).toEqual(['success', 'ret_msg', 'conn_id', 'req_id', 'op'])
    expect(withoutConnId(socket.frames[0])).toEqual({ success: true, ret_msg: 'subscribe', req_id: '1', op: 'subscribe' })
    expect(socket.live.map((f) => [f.market.id, (f.interval as { name: string }).name, f.cadenceMs])).toEqual([
      ['BTCUSDT', '1m', 1000],
      ['ETHBTC', '1d', 1000],
    ])
  })

  it('linear acks with an empty ret_msg and echoes req_id, "" when none was sent', () => {
    const { socket, send } = open(bybitPerpetual, LINEAR_URL)
    send({ op: 'subscribe', args: ['kline.60.SOLUSDT'] })
    send({ req_id: 'abc', op: 'unsubscribe', args: ['kline.60.SOLUSDT'] })
    expect(socket.frames.map(withoutConnId)).toEqual([
      { success: true, ret_msg: '', req_id: '', op: 'subscribe' },
      { success: true, ret_msg: '', req_id: 'abc', op: 'unsubscribe' },
    ])
    expect(socket.live).toEqual([])
  })

  it('a topic Bybit does not serve fails the whole frame: "error:handler not found,topic:…"', () => {
    const { socket, send } = open(bybitSpot, SPOT_URL)
    for (const topic of ['kline.1.NOPEUSDT', 'kline.1.btcusdt', 'kline.2.BTCUSDT', 'kline.1m.BTCUSDT', 'kline.1.SOLUSDT', 'candle.1.BTCUSDT', 'kline.1.BTCUSDT.x', '']) {
      send({ op: 'subscribe', req_id: 'r', args: ['kline.1.BTCUSDT', topic] })
      expect(withoutConnId(socket.frames.at(-1))).toEqual({ success: false, ret_msg: `error:handler not found,topic:${topic}`, req_id: 'r', op: 'subscribe' })
    }
    expect(socket.follows).toEqual([])
    // The perpetual-only market is served on linear.
    const linearSocket = open(bybitSpot, LINEAR_URL)
    linearSocket.send({ op: 'subscribe', req_id: 'r', args: ['kline.1.SOLUSDT'] })
    expect(linearSocket.socket.frames[0].success).toBe(true)
  })

  it('a topic already subscribed (before, or earlier in the frame) is "error:already subscribed,topic:…"', () => {
    const { socket, send } = open(bybitPerpetual, LINEAR_URL)
    send({ op: 'subscribe', req_id: '1', args: ['kline.1.BTCUSDT'] })
    send({ op: 'subscribe', req_id: '2', args: ['kline.5.BTCUSDT', 'kline.1.BTCUSDT'] })
    send({ op: 'subscribe', req_id: '3', args: ['kline.5.BTCUSDT', 'kline.5.BTCUSDT'] })
    expect(socket.frames.slice(1).map((f) => f.ret_msg)).toEqual(['error:already subscribed,topic:kline.1.BTCUSDT', 'error:already subscribed,topic:kline.5.BTCUSDT'])
    expect(socket.live).toHaveLength(1)
  })

  it('spot takes at most 10 args a frame ("args size >10"); linear has no such cap', () => {
    const topics = ['1', '3', '5', '15', '30', '60', '120', '240', '360', '720', 'D'].map((i) => `kline.${i}.BTCUSDT`)
    const spot = open(bybitSpot, SPOT_URL)
    spot.send({ op: 'subscribe', req_id: '1', args: topics })
    expect(withoutConnId(spot.socket.frames[0])).toEqual({ success: false, ret_msg: 'args size >10', req_id: '1', op: 'subscribe' })
    spot.send({ op: 'subscribe', req_id: '2', args: topics.slice(0, 10) })
    expect(spot.socket.live).toHaveLength(10)
    const lin = open(bybitPerpetual, LINEAR_URL)
    lin.send({ op: 'subscribe', req_id: '1', args: topics })
    expect(lin.socket.live).toHaveLength(11)
  })

  it('other public topics of a listed symbol are acked and stay silent', () => {
    const { socket, send } = open(bybitSpot, SPOT_URL)
    send({ op: 'subscribe', req_id: '1', args: ['orderbook.50.BTCUSDT', 'publicTrade.BTCUSDT', 'tickers.ETHBTC'] })
    expect(socket.frames[0].success).toBe(true)
    expect(socket.follows).toEqual([])
    send({ op: 'subscribe', req_id: '2', args: ['orderbook.7.BTCUSDT'] })
    expect(socket.frames[1].ret_msg).toBe('error:handler not found,topic:orderbook.7.BTCUSDT')
  })

  it('a rejectSubscription fault is answered like a topic Bybit does not serve', () => {
    const { socket, send } = open(bybitSpot, SPOT_URL)
    socket.rejected.add('kline.1.BTCUSDT')
    send({ op: 'subscribe', req_id: '1', args: ['kline.1.BTCUSDT'] })
    expect(socket.frames[0]).toMatchObject({ success: false, ret_msg: 'error:handler not found,topic:kline.1.BTCUSDT' })
  })

  it('unreadable frames: "Failed to decode incoming data"; an unknown op: "error:invalid op"; the connection stays', () => {
    const { socket, send } = open(bybitPerpetual, LINEAR_URL)
    const cases: Array<[string, string, string, string]> = [
      ['not json', 'Failed to decode incoming data', '', ''],
      ['[1,2,3]', 'Failed to decode incoming data', '', ''],
      ['"subscribe"', 'Failed to decode incoming data', '', ''],
      ['{"op":1}', 'Failed to decode incoming data', '', ''],
      ['{"op":"subscribe","args":"kline.1.BTCUSDT","req_id":"7"}', 'Failed to decode incoming data', '7', 'subscribe'],
      ['{"op":"subscribe","args":[1],"req_id":8}', 'Failed to decode incoming data', '8', 'subscribe'],
      ['{"op":"ping","req_id":true}', 'Failed to decode incoming data', '', ''],
      ['{}', 'error:invalid op', '', ''],
      ['null', 'error:invalid op', '', ''],
      ['{"op":"SUBSCRIBE","req_id":"9"}', 'error:invalid op', '9', 'SUBSCRIBE'],
      ['{"op":"auth","args":[]}', 'error:invalid op', '', 'auth'],
    ]
    for (const [text] of cases) send(text)
    expect(socket.frames.map(withoutConnId)).toEqual(cases.map(([, ret_msg, req_id, op]) => ({ success: false, ret_msg, req_id, op })))
    expect(socket.closedWith).toBeUndefined()
  })

  it('binary frames are read as UTF-8 text', () => {
    const { socket, connection } = open(bybitSpot, SPOT_URL)
    connection.message(new TextEncoder().encode('{"op":"ping","req_id":"1"}'))
    expect(withoutConnId(socket.frames[0])).toEqual({ success: true, ret_msg: 'pong', op: 'ping' })
  })
})

describe('WebSocket pushes (§3.7)', () => {
  const subscribed = (plugin: ExchangePlugin, url: string, topic: string) => {
    const session = open(plugin, url)
    session.send({ op: 'subscribe', req_id: '1', args: [topic] })
    session.socket.sent.length = 0
    return session
  }

  it('a push: {"topic","data":[{start,end,interval,open,close,high,low,volume,turnover,confirm,timestamp}],"ts","type":"snapshot"}, strings like REST', () => {
    const { socket, clock } = subscribed(bybitSpot, SPOT_URL, 'kline.1.BTCUSDT')
    const candle = engine.candleAt('BTC/USDT', '1m', NOW)
    socket.live[0].onUpdate(candle, false)
    const frame = socket.frames[0]
    expect(Object.keys(frame)).toEqual(['topic', 'data', 'ts', 'type'])
    expect(frame).toMatchObject({ topic: 'kline.1.BTCUSDT', ts: clock.now, type: 'snapshot' })
    expect(frame.data).toHaveLength(1)
    const [row] = rows(spot(`symbol=BTCUSDT&interval=1&limit=1`))
    expect(frame.data[0]).toEqual({
      start: candle.openTime,
      end: candle.openTime + MINUTE - 1,
      interval: '1',
      open: row[1],
      close: row[4],
      high: row[2],
      low: row[3],
      volume: row[5],
      turnover: row[6],
      confirm: false,
      timestamp: clock.now,
    })
    expect(Object.keys(frame.data[0])).toEqual(['start', 'end', 'interval', 'open', 'close', 'high', 'low', 'volume', 'turnover', 'confirm', 'timestamp'])
  })

  it('the closing update has confirm:true and equals the REST row; its timestamp is within the candle', () => {
    const { socket } = subscribed(bybitPerpetual, LINEAR_URL, 'kline.60.BTCUSDT')
    const start = Date.UTC(2026, 1, 1, 10)
    const [candle] = candles('BTC/USDT', '1h', start, start + HOUR)
    socket.clock.now = start + HOUR
    socket.live[0].onUpdate(candle, true)
    const push = socket.frames[0].data[0]
    expect(push).toMatchObject({ start, end: start + HOUR - 1, interval: '60', confirm: true, timestamp: start + HOUR - 1 })
    const [row] = rows(linear(`symbol=BTCUSDT&interval=60&start=${start}&limit=1`))
    expect([String(push.start), push.open, push.high, push.low, push.close, push.volume, push.turnover]).toEqual(row)
  })

  it('an unchanged candle is not pushed again until a minute has passed; a close always is', () => {
    const { socket, clock } = subscribed(bybitSpot, SPOT_URL, 'kline.D.BTCUSDT')
    const candle = engine.candleAt('BTC/USDT', '1d', NOW)
    const follow = socket.live[0]
    follow.onUpdate(candle, false)
    clock.now += 1000
    follow.onUpdate(candle, false)
    clock.now += 58_000
    follow.onUpdate(candle, false)
    expect(socket.frames).toHaveLength(1)
    clock.now += 1000
    follow.onUpdate(candle, false)
    expect(socket.frames).toHaveLength(2)
    // Unchanged: the last match time stays.
    expect(socket.frames[1].data[0].timestamp).toBe(NOW)
    expect(socket.frames[1].ts).toBe(NOW + 60_000)
    follow.onUpdate({ ...candle, closed: true }, true)
    expect(socket.frames).toHaveLength(3)
    expect(socket.frames[2].data[0].confirm).toBe(true)
    follow.onUpdate(engine.candleAt('BTC/USDT', '1d', NOW + 1000), false)
    expect(socket.frames).toHaveLength(4)
  })

  it('unsubscribe stops the follow; a closed connection stops all and ignores frames', () => {
    const { socket, send, connection } = subscribed(bybitSpot, SPOT_URL, 'kline.1.BTCUSDT')
    send({ op: 'subscribe', req_id: '2', args: ['kline.5.BTCUSDT'] })
    send({ op: 'unsubscribe', req_id: '3', args: ['kline.1.BTCUSDT', 'kline.1.NOPE'] })
    expect(socket.live.map((f) => (f.interval as { name: string }).name)).toEqual(['5m'])
    expect(socket.frames.at(-1)).toMatchObject({ success: true, ret_msg: 'unsubscribe', req_id: '3', op: 'unsubscribe' })
    connection.closed?.()
    expect(socket.live).toEqual([])
    send({ op: 'ping' })
    expect(socket.frames).toHaveLength(2)
  })
})

describe('WebSocket keepalive (§3.7, §4.7)', () => {
  it('JSON ping → spot pong without req_id; linear pong with it', () => {
    const s = open(bybitSpot, SPOT_URL)
    s.send({ req_id: 100001, op: 'ping' })
    expect(withoutConnId(s.socket.frames[0])).toEqual({ success: true, ret_msg: 'pong', op: 'ping' })
    const l = open(bybitPerpetual, LINEAR_URL)
    l.send({ req_id: 'x1', op: 'ping' })
    l.send({ op: 'ping' })
    expect(l.socket.frames.map(withoutConnId)).toEqual([
      { success: true, ret_msg: 'pong', req_id: 'x1', op: 'ping' },
      { success: true, ret_msg: 'pong', req_id: '', op: 'ping' },
    ])
    expect(Object.keys(l.socket.frames[0])).toEqual(['success', 'ret_msg', 'conn_id', 'req_id', 'op'])
  })

  it('10 minutes without a frame from the client closes with 1006; any frame (pings too) keeps it', () => {
    const { socket, send } = open(bybitSpot, SPOT_URL)
    send({ op: 'subscribe', req_id: '1', args: ['kline.1.BTCUSDT'] })
    for (let i = 0; i < 5; i++) {
      socket.advance(18_000 * 20)
      send({ op: 'ping' })
    }
    expect(socket.closedWith).toBeUndefined()
    socket.advance(600_000 - 1)
    expect(socket.closedWith).toBeUndefined()
    socket.advance(1)
    expect(socket.closedWith).toEqual({ code: 1006, reason: 'idle' })
    expect(socket.live).toEqual([])
  })
})
