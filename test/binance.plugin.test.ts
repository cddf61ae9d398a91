import ccxt from 'ccxt'
import { describe, expect, it } from 'vitest'
import { binancePerpetual, binanceSpot } from '../handlers/binance/index.js'
import { decimal } from '../handlers/binance/format.js'
import type { Candle } from '../src/engine/candle.js'
import { CandleEngine } from '../src/engine/engine.js'
import type { IntervalInput } from '../src/engine/interval.js'
import { createContext } from '../src/exchange/context.js'
import type { ExchangePlugin, ListedMarket, RestReply, RestRequest, WsSocket } from '../src/exchange/types.js'
import { FakeSocket } from './support/fake-socket.js'

// Compliance tests of the Binance plugins against wire-formats §1 (Spot), §2 (USDⓈ-M) and §7,
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

type Row = [number, string, string, string, string, string, number, string, number, string, string, string]

function makeRequest(url: string, headers: Record<string, string> = {}): RestRequest {
  const parsed = new URL(url)
  return { method: 'GET', url: parsed, query: parsed.searchParams, headers: new Headers(headers) }
}

/** Calls the route of `plugin` that the core would pick for `url` (exact pathname). */
function call(plugin: ExchangePlugin, url: string, options: { now?: number; headers?: Record<string, string> } = {}): RestReply {
  const request = makeRequest(url, options.headers)
  const route = plugin.routes.find((r) => r.method === 'GET' && r.path === request.url.pathname)
  if (!route) throw new Error(`no route for ${url}`)
  return route.handle(request, createContext(plugin, engine, () => options.now ?? NOW))
}

const spot = (query: string, options?: { now?: number; headers?: Record<string, string> }) => call(binanceSpot, `https://api.binance.com/api/v3/klines?${query}`, options)
const perp = (query: string, options?: { now?: number }) => call(binancePerpetual, `https://fapi.binance.com/fapi/v1/klines?${query}`, options)
const rows = (reply: RestReply) => {
  expect(reply.status).toBe(200)
  return reply.body as Row[]
}
const opens = (reply: RestReply) => rows(reply).map((row) => row[0])
const listed = (plugin: ExchangePlugin, id: string): ListedMarket => createContext(plugin, engine, () => NOW).marketById(id)!

function expectError(reply: RestReply, code: number, msg: string) {
  expect(reply).toEqual({ status: 400, body: { code, msg } })
}

describe('REST klines rows (§1.2, §2.2)', () => {
  it('spot: 12 fields, times and trade count as numbers, prices and volumes as 8-decimal strings, index 11 "0"', () => {
    const [row] = rows(spot('symbol=BTCUSDT&interval=1m&startTime=1767225600000&limit=1'))
    expect(row).toHaveLength(12)
    expect(row[0]).toBe(1767225600000)
    expect(row[6]).toBe(1767225600000 + MINUTE - 1)
    expect(Number.isInteger(row[8])).toBe(true)
    for (const index of [1, 2, 3, 4, 5, 7, 9, 10]) expect(row[index]).toMatch(/^\d+\.\d{8}$/)
    expect(row[11]).toBe('0')
    const [candle] = engine.candles('BTC/USDT', '1m', { start: 1767225600000, end: 1767225600001, now: NOW })
    expect(row).toEqual([
      candle.openTime,
      candle.open.toFixed(8),
      candle.high.toFixed(8),
      candle.low.toFixed(8),
      candle.close.toFixed(8),
      candle.volume.toFixed(8),
      candle.closeTime,
      candle.quoteVolume.toFixed(8),
      candle.trades,
      candle.takerBuyVolume.toFixed(8),
      candle.takerBuyQuoteVolume.toFixed(8),
      '0',
    ])
  })

  it('perp: the contract precision, unpadded (tick and lot decimals; quote volume with the market quote decimals)', () => {
    const [row] = rows(perp('symbol=BTCUSDT&interval=1h&startTime=1767225600000&limit=1'))
    const market = engine.market('BTC/USDT')
    expect(row[1]).toMatch(/^\d+\.\d{2}$/)
    expect(row[5]).toMatch(/^\d+\.\d{5}$/)
    expect(row[7]).toMatch(new RegExp(`^\\d+\\.\\d{${market.quoteDecimals}}$`))
    expect(row[6] - row[0]).toBe(HOUR - 1)
    expect(row[11]).toBe('0')
  })

  it('prints decimals exactly, even where toFixed would not', () => {
    expect(decimal(36512.1, 2, 8)).toBe('36512.10000000')
    expect(decimal(0.3, 1)).toBe('0.3')
    expect(decimal(5, 0, 8)).toBe('5.00000000')
    expect((450812345.67).toFixed(8)).toBe('450812345.67000002')
    expect(decimal(450812345.67, 2, 8)).toBe('450812345.67000000')
    expect(decimal(0.00001, 5)).toBe('0.00001')
    expect(decimal(42, 0)).toBe('42')
  })
})

describe('which candles come back (§1.1)', () => {
  it('no times: the most recent `limit` (default 500), oldest first, the candle in progress last', () => {
    const all = rows(spot('symbol=BTCUSDT&interval=1m'))
    expect(all).toHaveLength(500)
    const last = all[499]
    expect(last[0]).toBe(Date.UTC(2026, 2, 10, 12, 34))
    expect(last[6]).toBeGreaterThan(NOW)
    for (let i = 1; i < all.length; i++) expect(all[i][0] - all[i - 1][0]).toBe(MINUTE)
    // the in-progress candle is what has traded so far
    const inProgress = engine.candleAt('BTC/USDT', '1m', NOW)
    expect(last[4]).toBe(inProgress.close.toFixed(8))
    expect(last[8]).toBe(inProgress.trades)
  })

  it('only startTime: the oldest `limit` from startTime on; an unaligned startTime rounds up', () => {
    const start = Date.UTC(2026, 1, 1, 0, 0)
    expect(opens(spot(`symbol=BTCUSDT&interval=5m&startTime=${start}&limit=3`))).toEqual([start, start + 5 * MINUTE, start + 10 * MINUTE])
    expect(opens(spot(`symbol=BTCUSDT&interval=5m&startTime=${start + 1}&limit=2`))).toEqual([start + 5 * MINUTE, start + 10 * MINUTE])
  })

  it('only endTime: the most recent `limit` up to endTime; an unaligned endTime rounds down', () => {
    const end = Date.UTC(2026, 1, 1, 1, 0)
    expect(opens(spot(`symbol=BTCUSDT&interval=15m&endTime=${end}&limit=2`))).toEqual([end - 15 * MINUTE, end])
    expect(opens(spot(`symbol=BTCUSDT&interval=15m&endTime=${end - 1}&limit=2`))).toEqual([end - 30 * MINUTE, end - 15 * MINUTE])
  })

  it('both: from startTime, never past endTime, both bounds inclusive on open time', () => {
    const start = Date.UTC(2026, 1, 1)
    expect(opens(spot(`symbol=BTCUSDT&interval=1h&startTime=${start}&endTime=${start + 4 * HOUR}`))).toHaveLength(5)
    expect(opens(spot(`symbol=BTCUSDT&interval=1h&startTime=${start}&endTime=${start + 4 * HOUR}&limit=2`))).toEqual([start, start + HOUR])
    expect(opens(spot(`symbol=BTCUSDT&interval=1h&startTime=${start}&endTime=${start}`))).toEqual([start])
    expect(opens(spot(`symbol=BTCUSDT&interval=1h&startTime=${start + 1}&endTime=${start + HOUR - 1}`))).toEqual([])
  })

  it('a window reaching past now stops at the candle in progress; one in the future is empty', () => {
    const reply = rows(spot(`symbol=BTCUSDT&interval=1h&startTime=${NOW - 2 * HOUR}&endTime=${NOW + 10 * DAY}`))
    expect(reply.map((r) => r[0])).toEqual([Date.UTC(2026, 2, 10, 11), Date.UTC(2026, 2, 10, 12)])
    expect(reply[1][6]).toBeGreaterThan(NOW)
    expect(rows(spot(`symbol=BTCUSDT&interval=1m&startTime=${NOW + MINUTE}`))).toEqual([])
    expect(opens(spot(`symbol=BTCUSDT&interval=1m&endTime=${NOW + DAY}&limit=1`))).toEqual([Date.UTC(2026, 2, 10, 12, 34)])
  })

  it('a candle that opens exactly at now is in progress and included; one after now is not', () => {
    const now = Date.UTC(2026, 2, 10, 12, 0)
    const reply = rows(spot('symbol=BTCUSDT&interval=1h&limit=2', { now }))
    expect(reply.map((r) => r[0])).toEqual([now - HOUR, now])
    expect(reply[1][5]).toBe('0.00000000')
  })

  it('1w opens on Monday, 3d on multiples of three days since the epoch, 1M on the 1st', () => {
    const [week] = opens(spot('symbol=BTCUSDT&interval=1w&limit=1'))
    expect(new Date(week).getUTCDay()).toBe(1)
    expect(week).toBe(Date.UTC(2026, 2, 9))
    const [threeDays] = opens(spot('symbol=BTCUSDT&interval=3d&limit=1'))
    expect(threeDays % (3 * DAY)).toBe(0)
    const months = rows(spot(`symbol=BTCUSDT&interval=1M&startTime=${Date.UTC(2025, 10, 15)}`))
    expect(months.map((r) => r[0])).toEqual([Date.UTC(2025, 11, 1), Date.UTC(2026, 0, 1), Date.UTC(2026, 1, 1), Date.UTC(2026, 2, 1)])
    expect(months[0][6]).toBe(Date.UTC(2026, 0, 1) - 1)
  })

  it('spot timeZone shifts interval boundaries; startTime and endTime stay UTC', () => {
    const days = opens(spot(`symbol=BTCUSDT&interval=1d&timeZone=8&startTime=${Date.UTC(2026, 1, 1)}&limit=2`))
    expect(days).toEqual([Date.UTC(2026, 1, 1, 16), Date.UTC(2026, 1, 2, 16)])
    const quarter = opens(spot(`symbol=BTCUSDT&interval=1h&timeZone=-1:15&startTime=${Date.UTC(2026, 1, 1)}&limit=1`))
    expect(quarter).toEqual([Date.UTC(2026, 1, 1, 0, 15)])
    const month = rows(spot(`symbol=BTCUSDT&interval=1M&timeZone=8&startTime=${Date.UTC(2026, 0, 1)}&limit=2`))
    expect(month.map((r) => r[0])).toEqual([Date.UTC(2026, 0, 31, 16), Date.UTC(2026, 1, 28, 16)])
    expect(month[0][6]).toBe(Date.UTC(2026, 1, 28, 16) - 1)
    // a month in UTC+8 aggregates the same days as its daily candles in UTC+8
    const daily = engine.candles('BTC/USDT', { kind: 'fixed', name: '1d+8', ms: DAY, offset: 16 * HOUR }, { start: Date.UTC(2026, 0, 31, 16), end: Date.UTC(2026, 1, 28, 16) })
    expect(month[0][8]).toBe(daily.reduce((sum, c) => sum + c.trades, 0))
  })

  it('X-MBX-TIME-UNIT: MICROSECOND takes and gives times in µs', () => {
    const start = Date.UTC(2026, 1, 1)
    const [row] = rows(spot(`symbol=BTCUSDT&interval=1m&startTime=${start * 1000}&limit=1`, { headers: { 'X-MBX-TIME-UNIT': 'MICROSECOND' } }))
    expect(row[0]).toBe(start * 1000)
    expect(row[6]).toBe((start + MINUTE) * 1000 - 1)
    expect(call(binanceSpot, 'https://api.binance.com/api/v3/time', { headers: { 'x-mbx-time-unit': 'microsecond' } }).body).toEqual({ serverTime: NOW * 1000 })
  })

  it('uiKlines answers like klines', () => {
    const query = `symbol=BTCUSDT&interval=1m&startTime=${Date.UTC(2026, 1, 1)}&limit=3`
    expect(call(binanceSpot, `https://api.binance.com/api/v3/uiKlines?${query}`)).toEqual(spot(query))
  })

  it('perp windows like spot', () => {
    const start = Date.UTC(2026, 1, 1)
    expect(opens(perp(`symbol=BTCUSDT&interval=1h&startTime=${start}&endTime=${start + 2 * HOUR}`))).toEqual([start, start + HOUR, start + 2 * HOUR])
    const latest = rows(perp('symbol=BTCUSDT&interval=1m&limit=3'))
    expect(latest.at(-1)![6]).toBeGreaterThan(NOW)
  })
})

describe('limit (§1.1 edge cases, §2.5)', () => {
  it('spot caps a limit above 1000 silently', () => {
    expect(rows(spot('symbol=BTCUSDT&interval=1m&limit=5000'))).toHaveLength(1000)
  })

  it('perp serves up to 1500 and refuses 1501 with -1130', () => {
    expect(rows(perp('symbol=BTCUSDT&interval=1m&limit=1500'))).toHaveLength(1500)
    expectError(perp('symbol=BTCUSDT&interval=1m&limit=1501'), -1130, "Data sent for parameter 'limit' is not valid.")
  })

  it('limit=0 is -1130 on both', () => {
    expectError(spot('symbol=BTCUSDT&interval=1m&limit=0'), -1130, "Data sent for parameter 'limit' is not valid.")
    expectError(perp('symbol=BTCUSDT&interval=1m&limit=0'), -1130, "Data sent for parameter 'limit' is not valid.")
  })

  it('weights: spot klines 2, exchangeInfo 20; perp klines by limit bands (tops inclusive, no limit = 5), exchangeInfo 1', () => {
    const weight = (plugin: ExchangePlugin, url: string) => {
      const request = makeRequest(url)
      return plugin.routes.find((r) => r.path === request.url.pathname)!.weight!(request)
    }
    expect(weight(binanceSpot, 'https://api.binance.com/api/v3/klines?limit=1000')).toBe(2)
    expect(weight(binanceSpot, 'https://api.binance.com/api/v3/exchangeInfo')).toBe(20)
    expect(weight(binanceSpot, 'https://api.binance.com/api/v3/time')).toBe(1)
    const fapi = (query: string) => weight(binancePerpetual, `https://fapi.binance.com/fapi/v1/klines?${query}`)
    expect([fapi('limit=99'), fapi('limit=100'), fapi('limit=101'), fapi('limit=500'), fapi('limit=501'), fapi('limit=1000'), fapi('limit=1001'), fapi('')]).toEqual([
      1, 1, 2, 2, 5, 5, 10, 5,
    ])
    expect(weight(binancePerpetual, 'https://fapi.binance.com/fapi/v1/exchangeInfo')).toBe(1)
  })
})

describe('native errors (§1.5, §2.5)', () => {
  it('-1121 unknown symbol', () => {
    expectError(spot('symbol=XXXUSDT&interval=1m'), -1121, 'Invalid symbol.')
    expectError(perp('symbol=DOGEUSDT&interval=1m'), -1121, 'Invalid symbol.')
  })

  it('spot does not list a perpetual-only market; perp lists every market', () => {
    expectError(spot('symbol=SOLUSDT&interval=1m'), -1121, 'Invalid symbol.')
    expect(rows(perp('symbol=SOLUSDT&interval=1m&limit=1'))).toHaveLength(1)
    expect(rows(perp('symbol=ETHBTC&interval=1m&limit=1'))).toHaveLength(1)
  })

  it('-1120 bad interval: case matters, and perp has no 1s', () => {
    for (const interval of ['1x', '1S', '1H', '2d', '']) expectError(spot(`symbol=BTCUSDT&interval=${interval}`), interval === '' ? -1102 : -1120, interval === '' ? "Mandatory parameter 'interval' was not sent, was empty/null, or malformed." : 'Invalid interval.')
    expectError(perp('symbol=BTCUSDT&interval=1s'), -1120, 'Invalid interval.')
    expect(rows(spot('symbol=BTCUSDT&interval=1s&limit=2'))).toHaveLength(2)
  })

  it('-1102 missing or empty mandatory parameter, naming it', () => {
    expectError(spot('interval=1m'), -1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.")
    expectError(spot('symbol=&interval=1m'), -1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.")
    expectError(perp('symbol=BTCUSDT'), -1102, "Mandatory parameter 'interval' was not sent, was empty/null, or malformed.")
  })

  it('-1100 illegal characters, with the legal range', () => {
    expectError(spot('symbol=btcusdt&interval=1m'), -1100, "Illegal characters found in parameter 'symbol'; legal range is '^[A-Z0-9-_.]{1,20}$'.")
    expectError(spot('symbol=BTCUSDT&interval=1m&limit=abc'), -1100, "Illegal characters found in parameter 'limit'; legal range is '^[0-9]{1,20}$'.")
    expectError(spot('symbol=BTCUSDT&interval=1m&startTime=-1'), -1100, "Illegal characters found in parameter 'startTime'; legal range is '^[0-9]{1,20}$'.")
    expectError(perp('symbol=BTCUSDT&interval=1m&endTime=1.5'), -1100, "Illegal characters found in parameter 'endTime'; legal range is '^[0-9]{1,20}$'.")
  })

  it('perp takes a lowercase symbol (upper-cased)', () => {
    expect(rows(perp('symbol=btcusdt&interval=1m&limit=1'))).toHaveLength(1)
  })

  it('-1104 unread parameters, counting them; timeZone is a spot parameter only', () => {
    expectError(spot('symbol=BTCUSDT&interval=1m&limit=5&foo=1'), -1104, "Not all sent parameters were read; read '3' parameter(s) but was sent '4'.")
    expectError(perp('symbol=BTCUSDT&interval=1m&timeZone=8'), -1104, "Not all sent parameters were read; read '2' parameter(s) but was sent '3'.")
  })

  it('-1101 duplicate parameter', () => {
    expectError(spot('symbol=BTCUSDT&symbol=ETHBTC&interval=1m'), -1101, 'Duplicate values for a parameter detected.')
  })

  it('-1130 startTime after endTime, and a bad timeZone', () => {
    expectError(spot('symbol=BTCUSDT&interval=1m&startTime=2000&endTime=1000'), -1130, "Data sent for parameter 'startTime' is not valid.")
    for (const zone of ['15', '-13', '5:60', 'UTC', '']) expectError(spot(`symbol=BTCUSDT&interval=1m&timeZone=${zone}`), -1130, "Data sent for parameter 'timeZone' is not valid.")
    for (const zone of ['14', '-12:00', '05:45', '+8', '0']) expect(spot(`symbol=BTCUSDT&interval=1m&limit=1&timeZone=${encodeURIComponent(zone)}`).status).toBe(200)
  })

  it('a path of another host family is a 404 with a hint (e.g. fapi paths on api.binance.com)', () => {
    const reply = call(binanceSpot, 'https://api.binance.com/fapi/v1/exchangeInfo')
    expect(reply.status).toBe(404)
    expect(reply.body).toBe('')
    expect(reply.headers?.['x-mock-exchange-hint']).toMatch(/fapi\.binance\.com/)
    expect(call(binancePerpetual, 'https://fapi.binance.com/api/v3/exchangeInfo').status).toBe(404)
  })

  it('errors.notFound: 404, empty body, the nearest route in x-mock-exchange-hint', () => {
    const reply = binanceSpot.errors.notFound(makeRequest('https://api.binance.com/api/v3/kline'), 'GET /api/v3/klines')
    expect(reply).toEqual({ status: 404, body: '', headers: { 'x-mock-exchange-hint': expect.stringContaining('Nearest: GET /api/v3/klines') } })
    expect(reply.headers!['x-mock-exchange-hint']).toMatch(/^\[mock-exchange\] Binance Spot has no route GET \/api\/v3\/kline\./)
  })

  it('errors.status: Binance bodies for injected statuses', () => {
    expect(binanceSpot.errors.status(500)).toEqual({ status: 500, body: { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' } })
    expect(binancePerpetual.errors.status(503)).toEqual({ status: 503, body: { code: -1001, msg: 'Service Unavailable.' } })
    expect(binanceSpot.errors.status(400)).toEqual({ status: 400, body: { code: -1000, msg: 'An unknown error occurred while processing the request.' } })
    expect(binanceSpot.errors.status(429).body).toMatchObject({ code: -1003 })
  })

  it('errors.rateLimited: 429 with Retry-After and -1003 naming the limit; 418 when banned, with the ban end (§1.6, §2.6)', () => {
    expect(binanceSpot.errors.rateLimited({ retryAfter: 17, banned: false, until: 0, limit: 6000 })).toEqual({
      status: 429,
      headers: { 'Retry-After': '17' },
      body: {
        code: -1003,
        msg: 'Too much request weight used; current limit is 6000 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.',
      },
    })
    expect(binanceSpot.errors.rateLimited({ retryAfter: 120, banned: true, until: 1700000123456, limit: 6000 })).toEqual({
      status: 418,
      headers: { 'Retry-After': '120' },
      body: { code: -1003, msg: 'Way too much request weight used; IP banned until 1700000123456. Please use WebSocket Streams for live updates to avoid bans.' },
    })
    expect(binancePerpetual.errors.rateLimited({ retryAfter: 5, banned: false, until: 0, limit: 2400 }).body).toEqual({
      code: -1003,
      msg: 'Too many requests; current limit is 2400 requests per minute. Please use the websocket for live updates to avoid polling the API.',
    })
    expect(binancePerpetual.errors.rateLimited({ retryAfter: 5, banned: true, until: 42, limit: 2400 })).toMatchObject({ status: 418, body: { msg: expect.stringContaining('IP banned until 42.') } })
  })

  it('limits: the real budgets and usage headers', () => {
    expect(binanceSpot.limits).toMatchObject({ windowMs: 60_000, limit: 6000, wsMessagesPerSecond: 5, wsStreamsPerConnection: 1024, banAfterIgnored: 3 })
    expect(binanceSpot.limits.usageHeaders(42)).toEqual({ 'x-mbx-used-weight': '42', 'x-mbx-used-weight-1m': '42' })
    expect(binancePerpetual.limits).toMatchObject({ windowMs: 60_000, limit: 2400, wsMessagesPerSecond: 10, wsStreamsPerConnection: 1024 })
    expect(binancePerpetual.limits.usageHeaders(7)).toEqual({ 'X-MBX-USED-WEIGHT-1M': '7' })
  })
})

describe('plugins (§1.1, §2.1, §7.1)', () => {
  it('types, kinds, market ids and hosts', () => {
    expect([binanceSpot.type, binanceSpot.kind, binancePerpetual.type, binancePerpetual.kind]).toEqual(['binance_spot', 'spot', 'binance_perpetual', 'perpetual'])
    expect(binanceSpot.marketId(engine.market('BTC/USDT'))).toBe('BTCUSDT')
    expect(binanceSpot.restOrigins).toEqual(expect.arrayContaining(['https://api.binance.com', 'https://api4.binance.com', 'https://api-gcp.binance.com', 'https://data-api.binance.vision', 'https://testnet.binance.vision', 'https://fapi.binance.com', 'https://dapi.binance.com']))
    expect(binancePerpetual.restOrigins).toEqual(expect.arrayContaining(['https://fapi.binance.com', 'https://dapi.binance.com', 'https://api.binance.com']))
    expect(binanceSpot.wsOrigins).toEqual(expect.arrayContaining(['wss://stream.binance.com:9443', 'wss://stream.binance.com:443', 'wss://data-stream.binance.vision', 'wss://stream.testnet.binance.vision']))
    expect(binancePerpetual.wsOrigins).toEqual(['wss://fstream.binance.com', 'wss://fstream.binancefuture.com'])
    for (const plugin of [binanceSpot, binancePerpetual]) expect(new Set(plugin.routes.map((r) => r.path)).size).toBe(plugin.routes.length)
  })

  it('time and ping', () => {
    expect(call(binanceSpot, 'https://api.binance.com/api/v3/time')).toEqual({ status: 200, body: { serverTime: NOW } })
    expect(call(binanceSpot, 'https://api.binance.com/api/v3/ping')).toEqual({ status: 200, body: {} })
    expect(call(binancePerpetual, 'https://fapi.binance.com/fapi/v1/time')).toEqual({ status: 200, body: { serverTime: NOW } })
    expect(call(binancePerpetual, 'https://fapi.binance.com/fapi/v1/ping')).toEqual({ status: 200, body: {} })
  })
})

describe('exchangeInfo (§1.4, §2.4)', () => {
  const info = (plugin: ExchangePlugin, url: string) => {
    const reply = call(plugin, url)
    expect(reply.status).toBe(200)
    return reply.body as Record<string, any>
  }

  it('spot: its markets with precision and filters, UTC, server time, the real rate limits', () => {
    const body = info(binanceSpot, 'https://api.binance.com/api/v3/exchangeInfo')
    expect(Object.keys(body)).toEqual(['timezone', 'serverTime', 'rateLimits', 'exchangeFilters', 'symbols'])
    expect(body.timezone).toBe('UTC')
    expect(body.serverTime).toBe(NOW)
    expect(body.rateLimits[0]).toEqual({ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 })
    expect(body.symbols.map((s: any) => s.symbol)).toEqual(['BTCUSDT', 'ETHBTC'])
    const btc = body.symbols[0]
    expect(btc).toMatchObject({ symbol: 'BTCUSDT', status: 'TRADING', baseAsset: 'BTC', quoteAsset: 'USDT', baseAssetPrecision: 8, quotePrecision: 8, permissions: [], permissionSets: [['SPOT']] })
    const filters = Object.fromEntries(btc.filters.map((f: any) => [f.filterType, f]))
    expect(filters.PRICE_FILTER).toMatchObject({ minPrice: '0.01000000', tickSize: '0.01000000', maxPrice: '1000000.00000000' })
    expect(filters.LOT_SIZE).toMatchObject({ minQty: '0.00001000', stepSize: '0.00001000' })
    expect(filters.MARKET_LOT_SIZE).toMatchObject({ minQty: '0.00000000' })
    expect(filters.NOTIONAL).toMatchObject({ minNotional: '5.00000000' })
  })

  it('spot filters: symbol, symbols, symbolStatus, permissions, showPermissionSets, and their errors', () => {
    const base = 'https://api.binance.com/api/v3/exchangeInfo'
    expect(info(binanceSpot, `${base}?symbol=ETHBTC`).symbols.map((s: any) => s.symbol)).toEqual(['ETHBTC'])
    expect(info(binanceSpot, `${base}?symbols=${encodeURIComponent('["ETHBTC","BTCUSDT"]')}`).symbols.map((s: any) => s.symbol)).toEqual(['ETHBTC', 'BTCUSDT'])
    expect(info(binanceSpot, `${base}?symbolStatus=HALT`).symbols).toEqual([])
    expect(info(binanceSpot, `${base}?permissions=SPOT`).symbols).toHaveLength(2)
    expect(info(binanceSpot, `${base}?showPermissionSets=false`).symbols[0].permissionSets).toEqual([])
    expectError(call(binanceSpot, `${base}?symbol=XXXUSDT`), -1121, 'Invalid symbol.')
    expectError(call(binanceSpot, `${base}?symbols=${encodeURIComponent('["BTCUSDT","NOPE"]')}`), -1121, 'Invalid symbol.')
    expect(call(binanceSpot, `${base}?symbols=BTCUSDT`).body).toMatchObject({ code: -1100, msg: expect.stringContaining("parameter 'symbols'") })
    expectError(call(binanceSpot, `${base}?symbolStatus=OPEN`), -1122, 'Invalid symbolStatus.')
    expectError(call(binanceSpot, `${base}?symbol=BTCUSDT&symbols=${encodeURIComponent('["BTCUSDT"]')}`), -1128, 'Combination of optional parameters invalid.')
    expect(call(binanceSpot, `${base}?foo=1`).body).toMatchObject({ code: -1104 })
  })

  it('perp: perpetual rows with contractType, marginAsset, deliveryDate, onboardDate, contract precision, `notional`', () => {
    const body = info(binancePerpetual, 'https://fapi.binance.com/fapi/v1/exchangeInfo')
    expect(Object.keys(body)).toEqual(['timezone', 'serverTime', 'futuresType', 'rateLimits', 'exchangeFilters', 'assets', 'symbols'])
    expect(body).toMatchObject({ timezone: 'UTC', serverTime: NOW, futuresType: 'U_MARGINED' })
    expect(body.rateLimits[0]).toEqual({ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 2400 })
    expect(body.symbols.map((s: any) => s.symbol)).toEqual(['BTCUSDT', 'ETHBTC', 'SOLUSDT'])
    const btc = body.symbols[0]
    expect(btc).toMatchObject({
      symbol: 'BTCUSDT',
      pair: 'BTCUSDT',
      contractType: 'PERPETUAL',
      deliveryDate: 4133404800000,
      onboardDate: expect.any(Number),
      status: 'TRADING',
      baseAsset: 'BTC',
      quoteAsset: 'USDT',
      marginAsset: 'USDT',
      pricePrecision: 2,
      quantityPrecision: 5,
    })
    const filters = Object.fromEntries(btc.filters.map((f: any) => [f.filterType, f]))
    expect(filters.PRICE_FILTER).toMatchObject({ tickSize: '0.01', minPrice: '0.01', maxPrice: '1000000' })
    expect(filters.LOT_SIZE).toMatchObject({ stepSize: '0.00001', minQty: '0.00001' })
    expect(filters.MIN_NOTIONAL).toEqual({ filterType: 'MIN_NOTIONAL', notional: '5' })
    expect(body.assets.map((a: any) => a.asset)).toEqual(['USDT', 'BTC'])
  })

  it('sibling exchangeInfos are well formed and empty where the plugin has no such markets (§1.4, §7.3)', () => {
    const fapi = info(binanceSpot, 'https://fapi.binance.com/fapi/v1/exchangeInfo')
    expect(fapi).toMatchObject({ timezone: 'UTC', serverTime: NOW, symbols: [], assets: [] })
    for (const plugin of [binanceSpot, binancePerpetual]) expect(info(plugin, 'https://dapi.binance.com/dapi/v1/exchangeInfo')).toMatchObject({ timezone: 'UTC', serverTime: NOW, symbols: [] })
    expect(info(binancePerpetual, 'https://api.binance.com/api/v3/exchangeInfo')).toMatchObject({ symbols: [] })
    expectError(call(binancePerpetual, 'https://api.binance.com/api/v3/exchangeInfo?symbol=BTCUSDT'), -1121, 'Invalid symbol.')
  })
})

/** Answers fetches the way the core would (first plugin whose origins match, route by pathname), so ccxt can run unmodified. */
function serve(plugins: ExchangePlugin[], now: () => number) {
  return async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url)
    const plugin = plugins.find((p) => p.restOrigins.includes(url.origin))
    if (!plugin) throw new Error(`the test reached for the network: ${url.href}`)
    const request: RestRequest = { method: init?.method ?? 'GET', url, query: url.searchParams, headers: new Headers(init?.headers as HeadersInit) }
    const route = plugin.routes.find((r) => r.method === request.method && r.path === url.pathname)
    const reply = route ? route.handle(request, createContext(plugin, engine, now)) : plugin.errors.notFound(request, undefined)
    const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body)
    return new Response(body, { status: reply.status, headers: { 'content-type': 'application/json', ...reply.headers } })
  }
}

describe('ccxt runs unmodified against the plugins (§1.4, §2.4)', () => {
  it('ccxt.binance loads fapi, dapi and spot exchangeInfo from the spot plugin and fetches OHLCV', async () => {
    const exchange = new ccxt.binance({ enableRateLimit: false, fetchImplementation: serve([binanceSpot], () => NOW) } as any)
    const markets = await exchange.loadMarkets()
    expect(Object.keys(markets).sort()).toEqual(['BTC/USDT', 'ETH/BTC'])
    expect(markets['BTC/USDT']).toMatchObject({ id: 'BTCUSDT', spot: true, active: true, precision: { price: 0.01, amount: 0.00001 }, limits: { cost: { min: 5 } } })
    const since = Date.UTC(2026, 1, 1)
    const ohlcv = await exchange.fetchOHLCV('BTC/USDT', '1h', since, 5)
    expect(ohlcv.map((c) => c[0])).toEqual([0, 1, 2, 3, 4].map((i) => since + i * HOUR))
    const [candle] = engine.candles('BTC/USDT', '1h', { start: since, end: since + 1 })
    expect(ohlcv[0]).toEqual([since, candle.open, candle.high, candle.low, candle.close, candle.volume])
    expect(await exchange.fetchTime()).toBe(NOW)
    await expect(exchange.fetchOHLCV('BTC/USDT', '7m')).rejects.toThrow()
  })

  it('ccxt.binanceusdm reads the perp plugin as linear swaps', async () => {
    const exchange = new ccxt.binanceusdm({ enableRateLimit: false, fetchImplementation: serve([binancePerpetual], () => NOW) } as any)
    const markets = await exchange.loadMarkets()
    expect(markets['BTC/USDT:USDT']).toMatchObject({ id: 'BTCUSDT', swap: true, linear: true, settle: 'USDT', precision: { price: 0.01, amount: 0.00001 }, limits: { cost: { min: 5 } } })
    const ohlcv = await exchange.fetchOHLCV('BTC/USDT:USDT', '1m', undefined, 3)
    expect(ohlcv).toHaveLength(3)
    expect(ohlcv[2][0]).toBe(Date.UTC(2026, 2, 10, 12, 34))
  })

  it('ccxt maps the native errors: unknown symbol → BadSymbol, 429 → DDoSProtection', async () => {
    const exchange = new ccxt.binance({ enableRateLimit: false, fetchImplementation: serve([binanceSpot], () => NOW) } as any)
    await expect(exchange.publicGetKlines({ symbol: 'NOPE', interval: '1m' })).rejects.toBeInstanceOf(ccxt.BadSymbol)
    await expect(exchange.publicGetKlines({ symbol: 'BTCUSDT', interval: '1x' })).rejects.toBeInstanceOf(ccxt.BadRequest)
    const limited = async () => {
      const reply = binanceSpot.errors.rateLimited({ retryAfter: 1, banned: false, until: 0, limit: 6000 })
      return new Response(JSON.stringify(reply.body), { status: reply.status, headers: reply.headers })
    }
    const throttled = new ccxt.binance({ enableRateLimit: false, fetchImplementation: limited } as any)
    await expect(throttled.publicGetTime()).rejects.toBeInstanceOf(ccxt.DDoSProtection)
  })
})

// ── WebSocket (§1.7, §2.7) ──


function open(plugin: ExchangePlugin, url: string, options: { supportsPing?: boolean; now?: number } = {}) {
  const clock = { now: options.now ?? NOW }
  const socket = new FakeSocket(url, clock, options.supportsPing ?? true)
  expect(plugin.ws.accepts(socket.url)).toBe(true)
  const connection = plugin.ws.connect(socket, createContext(plugin, engine, () => clock.now))
  const send = (frame: unknown) => connection.message(typeof frame === 'string' ? frame : JSON.stringify(frame))
  return { socket, connection, clock, send }
}

describe('WebSocket endpoints (§1.7, §2.7)', () => {
  it('spot accepts /ws, /ws/<anything>, /stream; perp also /market/ws and /market/stream', () => {
    const accepts = (plugin: ExchangePlugin, url: string) => plugin.ws.accepts(new URL(url))
    for (const path of ['/ws', '/ws/0', '/ws/btcusdt@kline_1m', '/stream?streams=btcusdt@kline_1m/ethbtc@kline_1h', '/stream', '/ws?timeUnit=MICROSECOND']) {
      expect(accepts(binanceSpot, `wss://stream.binance.com:9443${path}`)).toBe(true)
    }
    for (const path of ['/', '/market/ws', '/wsx', '/api/v3/klines', '/ws?timeUnit=nanosecond']) expect(accepts(binanceSpot, `wss://stream.binance.com:9443${path}`)).toBe(false)
    for (const path of ['/market/ws', '/market/ws/0', '/market/stream?streams=btcusdt@kline_1m', '/ws', '/ws/btcusdt@kline_1m', '/stream?streams=x@y']) {
      expect(accepts(binancePerpetual, `wss://fstream.binance.com${path}`)).toBe(true)
    }
    expect(accepts(binancePerpetual, 'wss://fstream.binance.com/public/ws')).toBe(false)
  })

  it('a stream named in the path is subscribed; /ws/0 is only a connection index', () => {
    const raw = open(binanceSpot, 'wss://stream.binance.com:9443/ws/btcusdt@kline_1m')
    expect(raw.socket.live).toHaveLength(1)
    expect(raw.socket.live[0]).toMatchObject({ interval: '1m', cadenceMs: 2000, market: { id: 'BTCUSDT' } })
    raw.send({ method: 'LIST_SUBSCRIPTIONS', id: 3 })
    expect(raw.socket.frames).toEqual([{ result: ['btcusdt@kline_1m'], id: 3 }])
    const indexed = open(binanceSpot, 'wss://stream.binance.com:9443/ws/0')
    indexed.send({ method: 'LIST_SUBSCRIPTIONS', id: 1 })
    expect(indexed.socket.frames).toEqual([{ result: [], id: 1 }])
  })
})

describe('WebSocket subscriptions (§1.7)', () => {
  it('SUBSCRIBE is acked {"result":null,"id":…} and starts following; LIST and UNSUBSCRIBE keep the books', () => {
    const { socket, send } = open(binanceSpot, 'wss://stream.binance.com:9443/ws/0')
    send({ method: 'SUBSCRIBE', params: ['btcusdt@kline_1m', 'ethbtc@kline_1s'], id: 1 })
    expect(socket.sent).toEqual(['{"result":null,"id":1}'])
    expect(socket.live.map((f) => [f.market.id, f.interval, f.cadenceMs])).toEqual([
      ['BTCUSDT', '1m', 2000],
      ['ETHBTC', '1s', 1000],
    ])
    send({ method: 'SUBSCRIBE', params: ['btcusdt@kline_1m'], id: 'a1-b2' })
    expect(socket.live).toHaveLength(2)
    send({ method: 'LIST_SUBSCRIPTIONS', id: 2 })
    send({ method: 'UNSUBSCRIBE', params: ['btcusdt@kline_1m', 'nothing@kline_1m'], id: 3 })
    send({ method: 'LIST_SUBSCRIPTIONS', id: null })
    expect(socket.sent.slice(1)).toEqual([
      '{"result":null,"id":"a1-b2"}',
      '{"result":["btcusdt@kline_1m","ethbtc@kline_1s"],"id":2}',
      '{"result":null,"id":3}',
      '{"result":["ethbtc@kline_1s"],"id":null}',
    ])
    expect(socket.live.map((f) => f.market.id)).toEqual(['ETHBTC'])
  })

  it('well-formed names that deliver nothing are acked and stay silent: unknown or uppercase symbol, other stream types, perp 1s', () => {
    const { socket, send } = open(binanceSpot, 'wss://stream.binance.com:9443/ws')
    send({ method: 'SUBSCRIBE', params: ['xxxusdt@kline_1m', 'BTCUSDT@kline_1m', 'btcusdt@aggTrade', 'btcusdt@kline_7m', '!miniTicker@arr', 'solusdt@kline_1m'], id: 1 })
    expect(socket.frames).toEqual([{ result: null, id: 1 }])
    expect(socket.follows).toHaveLength(0)
    const fapi = open(binancePerpetual, 'wss://fstream.binance.com/market/ws/0')
    fapi.send({ method: 'SUBSCRIBE', params: ['btcusdt@kline_1s', 'solusdt@kline_1m'], id: 9 })
    expect(fapi.socket.frames).toEqual([{ result: null, id: 9 }])
    expect(fapi.socket.follows.map((f) => [f.market.id, f.interval, f.cadenceMs])).toEqual([['SOLUSDT', '1m', 250]])
  })

  it('error frames: codes 0–3 with Binance texts, wrapped as {"error":…,"id":…}', () => {
    const { socket, send } = open(binanceSpot, 'wss://stream.binance.com:9443/ws')
    send('{"method":"SUBSCRIBE",')
    send('{"method":"SUBSCRIB","params":[],"id":4}')
    send('{"params":["btcusdt@kline_1m"],"id":5}')
    send({ method: 'SUBSCRIBE', params: ['btcusdt@kline_1m'], id: 1.5 })
    send({ method: 'SUBSCRIBE', params: ['bad stream'], id: 6 })
    expect(socket.frames).toEqual([
      { error: { code: 3, msg: 'Invalid JSON: EOF while parsing an object at line 1 column 22' }, id: null },
      {
        error: {
          code: 2,
          msg: 'Invalid request: unknown variant `SUBSCRIB`, expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY` at line 1 column 20',
        },
        id: 4,
      },
      { error: { code: 2, msg: 'Invalid request: missing field `method` at line 1 column 38' }, id: 5 },
      { error: { code: 2, msg: 'Invalid request: request ID must be an unsigned integer' }, id: null },
      { error: { code: 2, msg: 'Invalid request: invalid stream' }, id: 6 },
    ])
    const later = open(binanceSpot, 'wss://stream.binance.com:9443/ws')
    later.send({ method: 'LIST_SUBSCRIPTIONS', params: ['x'], id: 7 })
    later.send({ method: 'SET_PROPERTY', params: [5, true], id: 8 })
    later.send({ method: 'SET_PROPERTY', params: ['compressed', true], id: 9 })
    later.send({ method: 'SET_PROPERTY', params: ['combined', 'yes'], id: 10 })
    later.send('nonsense')
    expect(later.socket.frames).toEqual([
      { error: { code: 2, msg: 'Invalid request: too many parameters' }, id: 7 },
      { error: { code: 2, msg: 'Invalid request: property name must be a string' }, id: 8 },
      { error: { code: 0, msg: 'Unknown property' }, id: 9 },
      { error: { code: 1, msg: 'Invalid value type: expected Boolean' }, id: 10 },
      { error: { code: 3, msg: 'Invalid JSON: expected ident at line 1 column 2' }, id: null },
    ])
    expect(later.socket.closedWith).toBeUndefined()
  })

  it('malformed JSON: code 3 with serde-style wording and positions', () => {
    const { socket, send } = open(binanceSpot, 'wss://stream.binance.com:9443/ws', { supportsPing: false })
    const cases: Array<[string, string]> = [
      ['', 'EOF while parsing a value at line 1 column 0'],
      ['{"method":', 'EOF while parsing a value at line 1 column 10'],
      ['{"a" 1}', 'expected `:` at line 1 column 6'],
      ['{"a":1}x', 'trailing characters at line 1 column 8'],
      ['[1', 'EOF while parsing a list at line 1 column 2'],
      ['{"a":"x', 'EOF while parsing a string at line 1 column 7'],
      ['xyz', 'expected value at line 1 column 1'],
    ]
    for (const [i, [text]] of cases.entries()) {
      socket.clock.now += 1000 * i // stay under the message rate
      send(text)
    }
    expect(socket.frames).toEqual(cases.map(([, msg]) => ({ error: { code: 3, msg: `Invalid JSON: ${msg}` }, id: null })))
    send('[]')
    expect(socket.frames.at(-1)).toEqual({ error: { code: 2, msg: 'Invalid request: invalid type: sequence, expected struct Request at line 1 column 2' }, id: null })
  })

  it('ids: 64-bit integers are echoed with their digits; strings of up to 36 alphanumerics', () => {
    const { socket, send } = open(binanceSpot, 'wss://stream.binance.com:9443/ws')
    send('{"method":"LIST_SUBSCRIPTIONS","id":9223372036854775807}')
    send({ method: 'LIST_SUBSCRIPTIONS', id: '123e4567-e89b-12d3-a456-426614174000' })
    send({ method: 'LIST_SUBSCRIPTIONS', id: 'x'.repeat(37) })
    expect(socket.sent).toEqual([
      '{"result":[],"id":9223372036854775807}',
      '{"result":[],"id":"123e4567-e89b-12d3-a456-426614174000"}',
      '{"error":{"code":2,"msg":"Invalid request: request ID must be an unsigned integer"},"id":null}',
    ])
  })
})

describe('WebSocket pushes (§1.7, §2.7)', () => {
  const keys = ['t', 'T', 's', 'i', 'f', 'L', 'o', 'c', 'h', 'l', 'v', 'n', 'x', 'q', 'V', 'Q', 'B']

  it('a raw kline event: E is now, keys in order, strings formatted like REST, x = closed', () => {
    const { socket, clock } = open(binanceSpot, 'wss://stream.binance.com:9443/ws/btcusdt@kline_1m')
    const candle = engine.candleAt('BTC/USDT', '1m', NOW)
    socket.live[0].onUpdate(candle, false)
    const event = socket.frames[0] as { e: string; E: number; s: string; k: Record<string, unknown> }
    expect(Object.keys(event)).toEqual(['e', 'E', 's', 'k'])
    expect(Object.keys(event.k)).toEqual(keys)
    expect(event).toMatchObject({ e: 'kline', E: clock.now, s: 'BTCUSDT' })
    const [row] = rows(spot(`symbol=BTCUSDT&interval=1m&startTime=${candle.openTime}&limit=1`))
    expect(event.k).toMatchObject({ t: row[0], T: row[6], s: 'BTCUSDT', i: '1m', o: row[1], h: row[2], l: row[3], c: row[4], v: row[5], n: row[8], x: false, q: row[7], V: row[9], Q: row[10], B: '0' })
    expect(event.k.L).toBe((event.k.f as number) + candle.trades - 1)
  })

  it('the closing update has x:true and matches the REST row; trade ids run on from candle to candle', () => {
    const { socket } = open(binanceSpot, 'wss://stream.binance.com:9443/ws/btcusdt@kline_1m')
    const start = Date.UTC(2026, 1, 1, 10)
    const [first, second] = engine.candles('BTC/USDT', '1m', { start, end: start + 2 * MINUTE })
    socket.live[0].onUpdate(first, true)
    socket.live[0].onUpdate(second, true)
    const [a, b] = socket.frames as Array<{ k: { f: number; L: number; x: boolean; c: string; n: number } }>
    expect(a.k.x).toBe(true)
    expect(b.k.f).toBe(a.k.L + 1)
    expect(b.k.L - b.k.f + 1).toBe(b.k.n)
    expect(a.k.c).toBe(rows(spot(`symbol=BTCUSDT&interval=1m&startTime=${start}&limit=1`))[0][4])
  })

  it('a candle without trades has f = L = -1', () => {
    const { socket } = open(binanceSpot, 'wss://stream.binance.com:9443/ws/btcusdt@kline_1m')
    const empty = engine.candles('BTC/USDT', '1m', { start: NOW - (NOW % MINUTE), end: NOW, now: NOW - (NOW % MINUTE) })[0]
    expect(empty.trades).toBe(0)
    socket.live[0].onUpdate(empty, false)
    expect((socket.frames[0] as { k: object }).k).toMatchObject({ f: -1, L: -1, n: 0, v: '0.00000000' })
  })

  it('combined streams wrap {"stream":…,"data":…}; SET_PROPERTY combined switches it, GET_PROPERTY reads it', () => {
    const combined = open(binanceSpot, 'wss://stream.binance.com:9443/stream?streams=btcusdt@kline_1m/ethbtc@kline_1h')
    expect(combined.socket.live.map((f) => f.interval)).toEqual(['1m', '1h'])
    combined.socket.live[1].onUpdate(engine.candleAt('ETH/BTC', '1h', NOW), false)
    const wrapped = combined.socket.sent[0]
    expect(wrapped.startsWith('{"stream":"ethbtc@kline_1h","data":{"e":"kline",')).toBe(true)
    expect(JSON.parse(wrapped).data.k.o).toMatch(/^0\.\d{8}$/)
    const raw = open(binanceSpot, 'wss://stream.binance.com:9443/ws/btcusdt@kline_1m')
    raw.send({ method: 'GET_PROPERTY', params: ['combined'], id: 1 })
    raw.send({ method: 'SET_PROPERTY', params: ['combined', true], id: 2 })
    raw.send({ method: 'GET_PROPERTY', params: ['combined'], id: 3 })
    raw.socket.live[0].onUpdate(engine.candleAt('BTC/USDT', '1m', NOW), false)
    expect(raw.socket.frames.slice(0, 3)).toEqual([
      { result: false, id: 1 },
      { result: null, id: 2 },
      { result: true, id: 3 },
    ])
    expect(raw.socket.frames[3]).toMatchObject({ stream: 'btcusdt@kline_1m', data: { e: 'kline' } })
  })

  it('perp: contract precision, and an unchanged update is not sent twice', () => {
    const { socket } = open(binancePerpetual, 'wss://fstream.binance.com/market/stream?streams=btcusdt@kline_1m')
    const candle = engine.candleAt('BTC/USDT', '1m', NOW)
    socket.live[0].onUpdate(candle, false)
    socket.live[0].onUpdate(candle, false)
    socket.live[0].onUpdate({ ...candle, closed: true }, true)
    expect(socket.frames).toHaveLength(2)
    const [event] = socket.frames as Array<{ stream: string; data: { k: Record<string, string> } }>
    expect(event.stream).toBe('btcusdt@kline_1m')
    expect(event.data.k.c).toMatch(/^\d+\.\d{2}$/)
    expect(event.data.k.v).toMatch(/^\d+\.\d{5}$/)
  })

  it('spot timeUnit=MICROSECOND gives µs times; the @+08:00 variant follows days that open at 16:00 UTC', () => {
    const micro = open(binanceSpot, 'wss://stream.binance.com:9443/ws/btcusdt@kline_1d@+08:00?timeUnit=MICROSECOND')
    const follow = micro.socket.live[0]
    expect(follow.interval).toEqual({ kind: 'fixed', name: '1d', ms: DAY, offset: 16 * HOUR })
    follow.onUpdate(engine.candleAt('BTC/USDT', follow.interval, NOW), false)
    const event = micro.socket.frames[0] as { E: number; k: { t: number; T: number; i: string } }
    expect(event.E).toBe(NOW * 1000)
    expect(event.k.t).toBe(Date.UTC(2026, 2, 9, 16) * 1000)
    expect(event.k.T).toBe(Date.UTC(2026, 2, 10, 16) * 1000 - 1)
    expect(event.k.i).toBe('1d')
  })
})

describe('WebSocket keepalive and limits (§1.7, §2.7)', () => {
  it('spot pings every 20 s with a payload and closes when a ping goes unanswered for a minute', () => {
    const { socket, connection } = open(binanceSpot, 'wss://stream.binance.com:9443/ws')
    socket.advance(20_000)
    expect(socket.pings).toEqual([String(NOW + 20_000)])
    connection.pong!(new TextEncoder().encode(socket.pings[0]))
    socket.advance(60_000)
    expect(socket.pings).toHaveLength(4)
    expect(socket.closedWith).toBeUndefined()
    connection.pong!(new Uint8Array()) // unsolicited: keeps nothing alive
    socket.advance(60_000)
    expect(socket.closedWith).toEqual({ code: 1001, reason: 'Pong timeout' })
  })

  it('perp pings every 3 min and waits 10 min for the pong; no pings where the transport has none', () => {
    const { socket, connection } = open(binancePerpetual, 'wss://fstream.binance.com/market/ws')
    socket.advance(180_000)
    expect(socket.pings).toHaveLength(1)
    socket.advance(540_000)
    expect(socket.closedWith).toBeUndefined()
    connection.pong!(new TextEncoder().encode(socket.pings.at(-1)!))
    socket.advance(599_000)
    expect(socket.closedWith).toBeUndefined()
    const browser = open(binanceSpot, 'wss://stream.binance.com:9443/ws', { supportsPing: false })
    browser.socket.advance(3_600_000)
    expect(browser.socket.pings).toEqual([])
    expect(browser.socket.closedWith).toBeUndefined()
  })

  it('closes at 24 h and stops following', () => {
    const { socket, connection } = open(binanceSpot, 'wss://stream.binance.com:9443/ws/btcusdt@kline_1m', { supportsPing: false })
    socket.advance(24 * HOUR - 1)
    expect(socket.closedWith).toBeUndefined()
    socket.advance(1)
    expect(socket.closedWith).toEqual({ code: 1001, reason: 'Connection lifetime exceeded' })
    expect(socket.live).toEqual([])
    connection.closed?.()
  })

  it('more than 5 messages a second closes spot with 1008 "Too many requests"; perp allows 10', () => {
    const { socket, send, clock } = open(binanceSpot, 'wss://stream.binance.com:9443/ws')
    for (let i = 1; i <= 5; i++) send({ method: 'LIST_SUBSCRIPTIONS', id: i })
    clock.now += 1000
    for (let i = 6; i <= 10; i++) send({ method: 'LIST_SUBSCRIPTIONS', id: i })
    expect(socket.closedWith).toBeUndefined()
    send({ method: 'LIST_SUBSCRIPTIONS', id: 11 })
    expect(socket.closedWith).toEqual({ code: 1008, reason: 'Too many requests' })
    expect(socket.sent).toHaveLength(10)
    const fapi = open(binancePerpetual, 'wss://fstream.binance.com/market/ws')
    for (let i = 1; i <= 10; i++) fapi.send({ method: 'LIST_SUBSCRIPTIONS', id: i })
    expect(fapi.socket.closedWith).toBeUndefined()
    fapi.send({ method: 'LIST_SUBSCRIPTIONS', id: 11 })
    expect(fapi.socket.closedWith).toEqual({ code: 1008, reason: 'Too many requests' })
  })

  it('the 1025th stream is answered with error 4 "Too many subscriptions", then the connection closes 1008 and drops all streams', () => {
    const { socket, send } = open(binancePerpetual, 'wss://fstream.binance.com/market/ws')
    send({ method: 'SUBSCRIBE', params: [...Array.from({ length: 1023 }, (_, i) => `s${i}@aggTrade`), 'btcusdt@kline_1m'], id: 1 })
    expect(socket.frames).toEqual([{ result: null, id: 1 }])
    expect(socket.live).toHaveLength(1)
    send({ method: 'SUBSCRIBE', params: ['ethbtc@kline_1m'], id: 2 })
    expect(socket.sent.at(-1)).toBe('{"error":{"code":4,"msg":"Too many subscriptions"}}')
    expect(socket.closedWith).toEqual({ code: 1008, reason: 'Invalid request' })
    expect(socket.live).toEqual([])
  })

  it('too many streams in the URL are refused once the connection is open', () => {
    const names = Array.from({ length: 1025 }, (_, i) => `s${i}@aggTrade`).join('/')
    const { socket } = open(binanceSpot, `wss://stream.binance.com:9443/stream?streams=${names}`)
    expect(socket.closedWith).toBeUndefined()
    socket.advance(0)
    expect(socket.closedWith).toEqual({ code: 1008, reason: 'Invalid request' })
  })

  it('a closed connection ignores further frames and stops its follows', () => {
    const { socket, connection, send } = open(binanceSpot, 'wss://stream.binance.com:9443/ws/btcusdt@kline_1m')
    connection.closed?.()
    expect(socket.live).toEqual([])
    send({ method: 'LIST_SUBSCRIPTIONS', id: 1 })
    expect(socket.sent).toEqual([])
  })
})

