import { describe, expect, it } from 'vitest'
import { okxPerpetual, okxSpot } from '../handlers/okx/index.js'
import type { Candle } from '../src/engine/candle.js'
import { CandleEngine } from '../src/engine/engine.js'
import type { IntervalInput } from '../src/engine/interval.js'
import { createContext } from '../src/exchange/context.js'
import type { ExchangeContext, ExchangePlugin, ListedMarket, RestReply, RestRequest, WsSocket } from '../src/exchange/types.js'

// Compliance tests of the OKX plugins against wire-formats §5 (SPOT), §6 (SWAP) and §7,
// through the plugin contract only: no network, no MSW, no real time.

const SECOND = 1000
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
/** A Tuesday, mid-minute, mid-second. */
const NOW = Date.UTC(2026, 2, 10, 12, 34, 56, 789)
const MARKETS = [{ symbol: 'BTC/USDT' }, { symbol: 'ETH/BTC', price: 0.05, tickSize: 0.00001, lotSize: 0.0001 }, { symbol: 'SOL/USDT', kind: 'perpetual' as const }]

/**
 * One engine per mock: the OKX plugins answer for every OKX instrument their mock lists
 * (listings.ts), so a spot-only mock and a mock with both plugins need their own engines.
 */
const engine = new CandleEngine({ seed: 7, markets: MARKETS })
const spotOnly = new CandleEngine({ seed: 7, markets: MARKETS })
const swapOnly = new CandleEngine({ seed: 7, markets: MARKETS })
function contextOf(plugin: ExchangePlugin, of: CandleEngine, now: () => number): ExchangeContext {
  return createContext(plugin, of, now)
}
// The mock with both plugins lists both (the core builds both contexts at set-up).
contextOf(okxSpot, engine, () => NOW)
contextOf(okxPerpetual, engine, () => NOW)
contextOf(okxSpot, spotOnly, () => NOW)
contextOf(okxPerpetual, swapOnly, () => NOW)

type Row = [string, string, string, string, string, string, string, string, string]
interface Envelope {
  code: string
  msg: string
  data: unknown[]
}

function makeRequest(url: string): RestRequest {
  const parsed = new URL(url)
  return { method: 'GET', url: parsed, query: parsed.searchParams, headers: new Headers() }
}

/** Calls the route of `plugin` that the core would pick for `url`. */
function call(plugin: ExchangePlugin, url: string, options: { now?: number; engine?: CandleEngine } = {}): RestReply {
  const request = makeRequest(url)
  const route = plugin.routes.find((r) => r.method === 'GET' && r.path === request.url.pathname)
  if (!route) throw new Error(`no route for ${url}`)
  return route.handle(request, contextOf(plugin, options.engine ?? engine, () => options.now ?? NOW))
}

const candles = (query: string, options?: { now?: number; plugin?: ExchangePlugin; engine?: CandleEngine }) =>
  call(options?.plugin ?? okxSpot, `https://www.okx.com/api/v5/market/candles?${query}`, options)
const history = (query: string, options?: { now?: number; plugin?: ExchangePlugin; engine?: CandleEngine }) =>
  call(options?.plugin ?? okxSpot, `https://www.okx.com/api/v5/market/history-candles?${query}`, options)
const rows = (reply: RestReply) => {
  expect(reply.status).toBe(200)
  const body = reply.body as Envelope
  expect(Object.keys(body)).toEqual(['code', 'msg', 'data'])
  expect(body.code).toBe('0')
  expect(body.msg).toBe('')
  return body.data as Row[]
}
const opens = (reply: RestReply) => rows(reply).map((row) => Number(row[0]))
const expectError = (reply: RestReply, status: number, code: string, msg: string) => expect(reply).toEqual({ status, body: { code, msg, data: [] } })
const oneMinute = (start: number, count: number) => Array.from({ length: count }, (_, i) => start + i * MINUTE)

describe('REST candle rows (§5.2, §6.2)', () => {
  it('SPOT: nine strings [ts,o,h,l,c,vol(base),volCcy(quote),volCcyQuote(quote),confirm], numbers without trailing zeros', () => {
    const start = Date.UTC(2026, 1, 1, 10)
    const [row] = rows(history(`instId=BTC-USDT&bar=1H&before=${start - 1}&after=${start + 1}`))
    const [candle] = engine.candles('BTC/USDT', '1h', { start, end: start + 1, now: NOW })
    const trimmed = (value: number, decimals: number) => value.toFixed(decimals).replace(/\.?0+$/, '')
    expect(row).toEqual([
      String(start),
      trimmed(candle.open, 2),
      trimmed(candle.high, 2),
      trimmed(candle.low, 2),
      trimmed(candle.close, 2),
      trimmed(candle.volume, 5),
      trimmed(candle.quoteVolume, engine.market('BTC/USDT').quoteDecimals),
      trimmed(candle.quoteVolume, engine.market('BTC/USDT').quoteDecimals),
      '1',
    ])
    expect(row.every((field) => typeof field === 'string' && !/\.$|\.\d*0$/.test(field))).toBe(true)
  })

  it('SWAP: vol in contracts of 0.01 BTC, volCcy in base, volCcyQuote in quote; the prices as on SPOT', () => {
    const query = `bar=1H&before=${Date.UTC(2026, 1, 1, 10) - 1}&limit=3&after=${Date.UTC(2026, 1, 1, 13)}`
    const spot = rows(history(`instId=BTC-USDT&${query}`))
    const swap = rows(history(`instId=BTC-USDT-SWAP&${query}`, { plugin: okxPerpetual }))
    expect(swap).toHaveLength(3)
    for (const [i, row] of swap.entries()) {
      expect(row.slice(0, 5)).toEqual(spot[i].slice(0, 5))
      expect(row[6]).toBe(spot[i][5])
      expect(row[7]).toBe(spot[i][7])
      // exact: contracts = base × 100, with three decimals at most
      expect(row[5]).toMatch(/^\d+(\.\d{1,3})?$/)
      expect(Math.round(Number(row[5]) * 1000)).toBe(Math.round(Number(row[6]) * 100_000))
    }
  })

  it('ETH/BTC: small ticks print exactly; contracts of 0.1 ETH', () => {
    const [row] = rows(history(`instId=ETH-BTC-SWAP&bar=1m&before=${Date.UTC(2026, 1, 1) - 1}&limit=1&after=${Date.UTC(2026, 1, 1) + 1}`, { plugin: okxPerpetual }))
    expect(row[1]).toMatch(/^0\.\d{1,5}$/)
    expect(Math.round(Number(row[5]) * 1000)).toBe(Math.round(Number(row[6]) * 10_000))
  })

  it('the first row is the candle in progress, confirm "0", as the engine has it at now; the rest "1"', () => {
    const data = rows(candles('instId=BTC-USDT&limit=3'))
    expect(data.map((row) => Number(row[0]))).toEqual([Date.UTC(2026, 2, 10, 12, 34), Date.UTC(2026, 2, 10, 12, 33), Date.UTC(2026, 2, 10, 12, 32)])
    expect(data.map((row) => row[8])).toEqual(['0', '1', '1'])
    const live = engine.candleAt('BTC/USDT', '1m', NOW)
    expect(Number(data[0][4])).toBe(live.close)
    expect(Number(data[0][5])).toBe(live.volume)
  })
})

describe('which candles come back (§5.1): newest first, bounds exclusive', () => {
  const at = Date.UTC(2026, 2, 10, 10)

  it('no bounds: the latest `limit` (default 100), newest first', () => {
    const all = opens(candles('instId=BTC-USDT'))
    expect(all).toHaveLength(100)
    expect(all[0]).toBe(Date.UTC(2026, 2, 10, 12, 34))
    for (let i = 1; i < all.length; i++) expect(all[i - 1] - all[i]).toBe(MINUTE)
  })

  it('after alone: the latest `limit` strictly earlier than it', () => {
    expect(opens(candles(`instId=BTC-USDT&after=${at}&limit=3`))).toEqual(oneMinute(at - 3 * MINUTE, 3).reverse())
    expect(opens(candles(`instId=BTC-USDT&after=${at + 1}&limit=2`))).toEqual([at, at - MINUTE])
  })

  it('before alone: the latest data, strictly newer than it ("the latest data will be returned when using before individually")', () => {
    expect(opens(candles(`instId=BTC-USDT&before=${at}&limit=2`))).toEqual([Date.UTC(2026, 2, 10, 12, 34), Date.UTC(2026, 2, 10, 12, 33)])
    const near = Date.UTC(2026, 2, 10, 12, 32)
    expect(opens(candles(`instId=BTC-USDT&before=${near}&limit=100`))).toEqual([Date.UTC(2026, 2, 10, 12, 34), Date.UTC(2026, 2, 10, 12, 33)])
  })

  it('both: the window (before, after), from its oldest end when it holds more than `limit` (ccxt since + until)', () => {
    expect(opens(candles(`instId=BTC-USDT&before=${at - 1}&after=${at + 3 * MINUTE}`))).toEqual(oneMinute(at, 3).reverse())
    expect(opens(candles(`instId=BTC-USDT&before=${at}&after=${at + 3 * MINUTE}`))).toEqual(oneMinute(at + MINUTE, 2).reverse())
    expect(opens(candles(`instId=BTC-USDT&before=${at - 1}&after=${at + 60 * MINUTE}&limit=2`))).toEqual([at + MINUTE, at])
    expect(opens(candles(`instId=BTC-USDT&before=${at}&after=${at + 1}`))).toEqual([])
  })

  it('limit: above 300 is capped silently; 300 is the max', () => {
    expect(rows(candles('instId=BTC-USDT&limit=1440'))).toHaveLength(300)
    expect(rows(history('instId=BTC-USDT&limit=301'))).toHaveLength(300)
    expect(rows(candles(`instId=BTC-USDT&limit=${'9'.repeat(40)}`))).toHaveLength(300)
  })

  it('/candles reaches the latest 1,440 bars only; /history-candles years back', () => {
    const current = Date.UTC(2026, 2, 10, 12, 34)
    const oldest = current - 1439 * MINUTE
    expect(opens(candles(`instId=BTC-USDT&after=${oldest + MINUTE}`))).toEqual([oldest])
    expect(opens(candles(`instId=BTC-USDT&after=${oldest}`))).toEqual([])
    const old = Date.UTC(2024, 5, 1)
    expect(opens(history(`instId=BTC-USDT&after=${old}&limit=2`))).toEqual([old - MINUTE, old - 2 * MINUTE])
    expect(opens(candles(`instId=BTC-USDT&bar=1Dutc&after=${old}&limit=1`))).toEqual([old - DAY])
  })

  it('1s on history-candles only, for the last three months', () => {
    expectError(candles('instId=BTC-USDT&bar=1s'), 400, '51000', 'Parameter bar error')
    const seconds = rows(history('instId=BTC-USDT&bar=1s&limit=3'))
    expect(seconds.map((row) => Number(row[0]))).toEqual([NOW - 789, NOW - 789 - SECOND, NOW - 789 - 2 * SECOND])
    expect(seconds[0][8]).toBe('0')
    expect(opens(history(`instId=BTC-USDT&bar=1s&after=${NOW - 89 * DAY}&limit=1`))).toHaveLength(1)
    expect(opens(history(`instId=BTC-USDT&bar=1s&after=${NOW - 91 * DAY}&limit=1`))).toEqual([])
  })

  it('a window in the future, or a bound beyond any date, is empty or clamped, never an error', () => {
    expect(rows(candles(`instId=BTC-USDT&before=${NOW + DAY}`))).toEqual([])
    expect(opens(candles(`instId=BTC-USDT&after=${'9'.repeat(20)}&limit=1`))).toEqual([Date.UTC(2026, 2, 10, 12, 34)])
    expect(rows(history(`instId=BTC-USDT&bar=1M&after=0`))).toEqual([])
  })

  it('a candle that opens exactly at now is in progress, empty, and included', () => {
    const now = Date.UTC(2026, 2, 10, 12, 0)
    const data = rows(candles('instId=BTC-USDT&bar=1H&limit=2', { now }))
    expect(data.map((row) => [Number(row[0]), row[5], row[8]])).toEqual([
      [now, '0', '0'],
      [now - HOUR, expect.any(String), '1'],
    ])
  })
})

describe('bars (§5.3): UTC+8 unless `utc`, case-sensitive', () => {
  it('the docs example: the 1D candle holding 2023-11-14 22:13 UTC opens at 16:00 UTC, 1Dutc at midnight', () => {
    const now = Date.UTC(2023, 10, 14, 22, 13)
    expect(opens(history('instId=BTC-USDT&bar=1D&limit=1', { now }))).toEqual([1699977600000])
    expect(opens(history('instId=BTC-USDT&bar=1Dutc&limit=1', { now }))).toEqual([1699920000000])
  })

  it('6H/12H at 04:00 and 16:00 UTC, 1W on Monday 00:00 UTC+8 (Sunday 16:00 UTC), 2D/3D from the epoch in UTC+8', () => {
    expect(opens(candles('instId=BTC-USDT&bar=6H&limit=2'))).toEqual([Date.UTC(2026, 2, 10, 10), Date.UTC(2026, 2, 10, 4)])
    expect(opens(candles('instId=BTC-USDT&bar=12H&limit=2'))).toEqual([Date.UTC(2026, 2, 10, 4), Date.UTC(2026, 2, 9, 16)])
    expect(opens(candles('instId=BTC-USDT&bar=6Hutc&limit=1'))).toEqual([Date.UTC(2026, 2, 10, 12)])
    expect(opens(candles('instId=BTC-USDT&bar=1W&limit=1'))).toEqual([Date.UTC(2026, 2, 8, 16)])
    expect(opens(candles('instId=BTC-USDT&bar=1Wutc&limit=1'))).toEqual([Date.UTC(2026, 2, 9)])
    const [twoDays] = opens(candles('instId=BTC-USDT&bar=2D&limit=1'))
    expect((twoDays + 8 * HOUR) % (2 * DAY)).toBe(0)
  })

  it('1M and 3M in UTC+8 open at 16:00 UTC on the last day of the month before, and aggregate their UTC+8 days', () => {
    const months = rows(candles('instId=BTC-USDT&bar=1M&limit=3'))
    expect(months.map((row) => Number(row[0]))).toEqual([Date.UTC(2026, 1, 28, 16), Date.UTC(2026, 0, 31, 16), Date.UTC(2025, 11, 31, 16)])
    expect(months.map((row) => row[8])).toEqual(['0', '1', '1'])
    const days = engine.candles('BTC/USDT', { kind: 'fixed', name: '1D+8', ms: DAY, offset: 16 * HOUR }, { start: Date.UTC(2026, 0, 31, 16), end: Date.UTC(2026, 1, 28, 16) })
    expect(days).toHaveLength(28)
    expect(Number(months[1][1])).toBe(days[0].open)
    expect(Number(months[1][4])).toBe(days.at(-1)!.close)
    expect(Number(months[1][2])).toBe(Math.max(...days.map((d) => d.high)))
    expect(opens(candles('instId=BTC-USDT&bar=3M&limit=2'))).toEqual([Date.UTC(2025, 11, 31, 16), Date.UTC(2025, 8, 30, 16)])
    expect(opens(candles('instId=BTC-USDT&bar=1Mutc&limit=2'))).toEqual([Date.UTC(2026, 2, 1), Date.UTC(2026, 1, 1)])
    expect(opens(candles('instId=BTC-USDT&bar=3Mutc&limit=2'))).toEqual([Date.UTC(2026, 0, 1), Date.UTC(2025, 9, 1)])
  })

  it('refused: 1s on /candles, lowercase hours and days, unknown suffixes, anything else (51000, HTTP 400)', () => {
    for (const bar of ['1s', '1h', '1d', '1w', '1Y', '6M', '5D', '4Hutc', '1dutc', 'candle1m', '1m ']) {
      expectError(candles(`instId=BTC-USDT&bar=${encodeURIComponent(bar)}`), 400, '51000', 'Parameter bar error')
    }
    expect(rows(candles('instId=BTC-USDT&bar=&limit=1'))).toHaveLength(1)
  })
})

describe('native errors (§5.5): the envelope, HTTP 400 or 200 by code', () => {
  it('50014 instId missing or empty (400)', () => {
    expectError(candles('bar=1m'), 400, '50014', 'Parameter instId can not be empty.')
    expectError(history('instId='), 400, '50014', 'Parameter instId can not be empty.')
  })

  it('51000 for a bad after, before or limit (400)', () => {
    for (const [query, name] of [
      ['after=-1', 'after'],
      ['after=1.5', 'after'],
      ['before=1e12', 'before'],
      ['before=%2B5', 'before'],
      ['limit=0', 'limit'],
      ['limit=-1', 'limit'],
      ['limit=ten', 'limit'],
      ['limit=%205', 'limit'],
      [`after=${'1'.repeat(21)}`, 'after'],
    ]) {
      expectError(candles(`instId=BTC-USDT&${query}`), 400, '51000', `Parameter ${name} error`)
    }
  })

  it('51001 for an instrument nobody lists, with HTTP 200; ids are case-sensitive', () => {
    for (const instId of ['NOPE-USDT', 'btc-usdt', 'BTCUSDT', 'BTC/USDT', 'BTC-USDT-SWAP-SWAP']) {
      expectError(candles(`instId=${encodeURIComponent(instId)}`), 200, '51001', "Instrument ID doesn't exist.")
    }
  })

  it('a spot-only mock does not serve SWAP ids and a swap-only one not SPOT ids; the SWAP plugin lists every market', () => {
    expectError(candles('instId=BTC-USDT-SWAP', { engine: spotOnly }), 200, '51001', "Instrument ID doesn't exist.")
    expectError(candles('instId=BTC-USDT', { engine: swapOnly, plugin: okxPerpetual }), 200, '51001', "Instrument ID doesn't exist.")
    expectError(candles('instId=SOL-USDT', { engine: spotOnly }), 200, '51001', "Instrument ID doesn't exist.")
    expect(rows(candles('instId=SOL-USDT-SWAP&limit=1', { engine: swapOnly, plugin: okxPerpetual }))).toHaveLength(1)
    expect(rows(candles('instId=ETH-BTC-SWAP&limit=1', { engine: swapOnly, plugin: okxPerpetual }))).toHaveLength(1)
  })

  it('in a mock with both plugins, either one answers for the whole family', () => {
    for (const plugin of [okxSpot, okxPerpetual]) {
      expect(rows(candles('instId=BTC-USDT&limit=1', { plugin }))).toHaveLength(1)
      expect(rows(candles('instId=BTC-USDT-SWAP&limit=1', { plugin }))).toHaveLength(1)
    }
  })

  it('unknown parameters are ignored; of a repeated one the first counts', () => {
    expect(rows(candles('instId=BTC-USDT&limit=2&foo=1&signature=x'))).toHaveLength(2)
    expect(rows(candles('instId=BTC-USDT&limit=2&limit=5'))).toHaveLength(2)
  })

  it('errors.notFound: 404 with the envelope and the nearest route in x-mock-exchange-hint', () => {
    const reply = okxSpot.errors.notFound(makeRequest('https://www.okx.com/api/v5/market/candle'), 'GET /api/v5/market/candles')
    expect(reply).toEqual({ status: 404, body: { code: '404', msg: 'Not Found', data: [] }, headers: { 'x-mock-exchange-hint': expect.stringContaining('Nearest: GET /api/v5/market/candles') } })
    expect(reply.headers!['x-mock-exchange-hint']).toMatch(/^\[mock-exchange\] OKX Spot has no route GET \/api\/v5\/market\/candle\./)
  })

  it('errors.status: the documented code for each status', () => {
    expect(okxSpot.errors.status(500)).toEqual({ status: 500, body: { code: '50026', msg: 'System error. Try again later', data: [] } })
    expect(okxSpot.errors.status(503)).toEqual({ status: 503, body: { code: '50001', msg: 'Service temporarily unavailable. Try again later', data: [] } })
    expect(okxSpot.errors.status(429)).toEqual({ status: 429, body: { msg: 'Too Many Requests', code: '50011' } })
    expect(okxPerpetual.errors.status(504).body).toMatchObject({ code: '50004' })
    expect(okxSpot.errors.status(418).body).toEqual({ code: '418', msg: "I'm a teapot", data: [] })
  })

  it('errors.rateLimited: 429 {"msg":"Too Many Requests","code":"50011"}, no Retry-After, never a ban (§5.6)', () => {
    for (const banned of [false, true]) {
      expect(okxSpot.errors.rateLimited({ retryAfter: 2, banned, until: 0, limit: 40 })).toEqual({ status: 429, body: { msg: 'Too Many Requests', code: '50011' } })
    }
  })

  it('limits: 40 per 2 s, weighted so that each endpoint gets its documented rate alone; no headers, no ban', () => {
    expect(okxSpot.limits).toMatchObject({ windowMs: 2000, limit: 40 })
    expect(okxSpot.limits.banAfterIgnored).toBeUndefined()
    expect(okxSpot.limits.usageHeaders(7)).toEqual({})
    const weight = (path: string) => okxSpot.routes.find((r) => r.path === path)!.weight!(makeRequest(`https://www.okx.com${path}`))
    expect([weight('/api/v5/market/candles'), weight('/api/v5/market/history-candles'), weight('/api/v5/public/instruments'), weight('/api/v5/public/time')]).toEqual([1, 2, 2, 4])
    expect(okxPerpetual.limits).toBe(okxSpot.limits)
  })
})

describe('plugins, time and status (§5.1, §5.4, §7.1)', () => {
  it('types, kinds, ids and hosts', () => {
    expect([okxSpot.type, okxSpot.kind, okxPerpetual.type, okxPerpetual.kind]).toEqual(['okx_spot', 'spot', 'okx_perpetual', 'perpetual'])
    expect(okxSpot.marketId(spotOnly.market('BTC/USDT'))).toBe('BTC-USDT')
    expect(okxPerpetual.marketId(swapOnly.market('BTC/USDT'))).toBe('BTC-USDT-SWAP')
    for (const plugin of [okxSpot, okxPerpetual]) {
      expect(plugin.restOrigins).toEqual(expect.arrayContaining(['https://www.okx.com', 'https://aws.okx.com']))
      expect(plugin.wsOrigins).toEqual(expect.arrayContaining(['wss://ws.okx.com:8443', 'wss://ws.okx.com', 'wss://wsaws.okx.com:8443', 'wss://wspap.okx.com:8443']))
      expect(new Set(plugin.routes.map((r) => r.path)).size).toBe(plugin.routes.length)
      expect(plugin.routes.every((r) => !r.fallback)).toBe(true)
    }
  })

  it('time: {"code":"0","msg":"","data":[{"ts":"<ms>"}]}; status: an empty list', () => {
    expect(call(okxSpot, 'https://www.okx.com/api/v5/public/time')).toEqual({ status: 200, body: { code: '0', msg: '', data: [{ ts: String(NOW) }] } })
    expect(call(okxPerpetual, 'https://aws.okx.com/api/v5/system/status')).toEqual({ status: 200, body: { code: '0', msg: '', data: [] } })
  })
})

describe('instruments (§5.4, §6.4)', () => {
  const list = (query: string, options: { plugin?: ExchangePlugin; engine?: CandleEngine } = {}) => {
    const reply = call(options.plugin ?? okxSpot, `https://www.okx.com/api/v5/public/instruments?${query}`, options)
    return rows(reply) as unknown as Array<Record<string, unknown>>
  }

  it('SPOT rows: keys in alphabetical order, BASE-QUOTE ids, base/quote currencies, tick and lot', () => {
    const spot = list('instType=SPOT', { engine: spotOnly })
    expect(spot.map((row) => row.instId)).toEqual(['BTC-USDT', 'ETH-BTC'])
    const keys = Object.keys(spot[0])
    expect(keys).toEqual([...keys].sort())
    expect(spot[0]).toMatchObject({ instType: 'SPOT', instId: 'BTC-USDT', baseCcy: 'BTC', quoteCcy: 'USDT', uly: '', instFamily: '', settleCcy: '', ctVal: '', state: 'live', tickSz: '0.01', lotSz: '0.00001', minSz: '0.00001' })
    expect(spot[1]).toMatchObject({ tickSz: '0.00001', lotSz: '0.0001' })
  })

  it('SWAP rows: uly and instFamily, empty baseCcy/quoteCcy, linear, settled in the quote, ctVal 0.01 BTC, sizes in contracts', () => {
    const swap = list('instType=SWAP', { plugin: okxPerpetual, engine: swapOnly })
    expect(swap.map((row) => row.instId)).toEqual(['BTC-USDT-SWAP', 'ETH-BTC-SWAP', 'SOL-USDT-SWAP'])
    expect(swap[0]).toMatchObject({
      instType: 'SWAP',
      uly: 'BTC-USDT',
      instFamily: 'BTC-USDT',
      baseCcy: '',
      quoteCcy: '',
      settleCcy: 'USDT',
      ctType: 'linear',
      ctVal: '0.01',
      ctMult: '1',
      ctValCcy: 'BTC',
      tickSz: '0.01',
      lotSz: '0.001',
      state: 'live',
    })
    expect(swap.map((row) => row.ctVal)).toEqual(['0.01', '0.1', '1'])
  })

  it('siblings ccxt loads are well formed and empty where nothing is listed (§7.3)', () => {
    expect(list('instType=SWAP', { engine: spotOnly })).toEqual([])
    expect(list('instType=SPOT', { plugin: okxPerpetual, engine: swapOnly })).toEqual([])
    for (const query of ['instType=FUTURES', 'instType=OPTION&uly=BTC-USD', 'instType=OPTION&uly=ETH-USD', 'instType=OPTION&instFamily=BTC-USD', 'instType=MARGIN']) {
      expect(list(query, { engine: spotOnly })).toEqual([])
      expect(list(query, { plugin: okxPerpetual, engine: swapOnly })).toEqual([])
    }
  })

  it('filters: instId (51001 when nobody lists it), instFamily/uly on derivatives', () => {
    expect(list('instType=SPOT&instId=ETH-BTC').map((row) => row.instId)).toEqual(['ETH-BTC'])
    expect(list('instType=SWAP&instFamily=SOL-USDT').map((row) => row.instId)).toEqual(['SOL-USDT-SWAP'])
    expect(list('instType=SWAP&uly=NOPE-USDT')).toEqual([])
    expectError(call(okxSpot, 'https://www.okx.com/api/v5/public/instruments?instType=SPOT&instId=BTC-USDT-SWAP'), 200, '51001', "Instrument ID doesn't exist.")
  })

  it('errors: instType missing (50014) or unknown (51000); OPTION without uly or instFamily (50015)', () => {
    const reply = (query: string) => call(okxSpot, `https://www.okx.com/api/v5/public/instruments?${query}`)
    expectError(reply(''), 400, '50014', 'Parameter instType can not be empty.')
    expectError(reply('instType=spot'), 400, '51000', 'Parameter instType error')
    expectError(reply('instType=OPTION'), 400, '50015', 'Either parameter uly or instFamily is required.')
  })
})

// ── WebSocket (§5.7, §6.7) ──

interface Timer {
  due: number
  fn: () => void
  stopped: boolean
}

interface Follow {
  market: ListedMarket
  interval: IntervalInput
  cadenceMs: number
  onUpdate: (candle: Candle, closed: boolean) => void
  stopped: boolean
}

/** A WsSocket on a virtual clock: records frames and closes; `advance` runs the timers that fall due. */
class FakeSocket implements WsSocket {
  readonly url: URL
  readonly rejected = new Set<string>()
  readonly sent: string[] = []
  readonly follows: Follow[] = []
  readonly supportsPing = true
  closedWith: { code: number; reason?: string } | undefined
  silentToPings = false
  private readonly timers: Timer[] = []

  constructor(
    url: string,
    readonly clock: { now: number },
  ) {
    this.url = new URL(url)
  }

  send(frame: string | Uint8Array): void {
    if (!this.closedWith) this.sent.push(String(frame))
  }
  close(code: number, reason?: string): void {
    this.closedWith ??= { code, reason }
  }
  ping(): void {}
  answersPings(): boolean {
    return !this.silentToPings
  }
  rejects(channel: string): boolean {
    return this.rejected.has(channel)
  }
  follow(market: ListedMarket, interval: IntervalInput, cadenceMs: number, onUpdate: (candle: Candle, closed: boolean) => void): () => void {
    const entry: Follow = { market, interval, cadenceMs, onUpdate, stopped: false }
    this.follows.push(entry)
    return () => {
      entry.stopped = true
    }
  }
  every(): () => void {
    throw new Error('the OKX protocol has no periodic server timers')
  }
  after(ms: number, fn: () => void): () => void {
    const timer = { due: this.clock.now + ms, fn, stopped: false }
    this.timers.push(timer)
    return () => {
      timer.stopped = true
    }
  }

  advance(ms: number): void {
    const end = this.clock.now + ms
    for (;;) {
      const next = this.timers.filter((t) => !t.stopped && t.due <= end).sort((a, b) => a.due - b.due)[0]
      if (!next || this.closedWith) break
      this.clock.now = next.due
      next.stopped = true
      next.fn()
    }
    this.clock.now = end
  }

  get frames(): any[] {
    return this.sent.map((frame) => JSON.parse(frame))
  }
  get live(): Follow[] {
    return this.follows.filter((f) => !f.stopped)
  }
}

function open(url = 'wss://ws.okx.com:8443/ws/v5/business', options: { plugin?: ExchangePlugin; now?: number; engine?: CandleEngine } = {}) {
  const plugin = options.plugin ?? okxSpot
  const clock = { now: options.now ?? NOW }
  const socket = new FakeSocket(url, clock)
  expect(plugin.ws.accepts(socket.url)).toBe(true)
  const connection = plugin.ws.connect(socket, contextOf(plugin, options.engine ?? engine, () => clock.now))
  const send = (frame: unknown) => connection.message(typeof frame === 'string' ? frame : JSON.stringify(frame))
  return { socket, connection, clock, send }
}
const subscribe = (channel: string, instId: string, id?: string) => ({ ...(id ? { id } : {}), op: 'subscribe', args: [{ channel, instId }] })

describe('WebSocket endpoints (§5.7)', () => {
  it('/ws/v5/business, /public and /private on 8443 or 443; nothing else', () => {
    for (const url of ['wss://ws.okx.com:8443/ws/v5/business', 'wss://ws.okx.com/ws/v5/business', 'wss://wsaws.okx.com:8443/ws/v5/public', 'wss://wspap.okx.com:8443/ws/v5/business?brokerId=9999', 'wss://ws.okx.com:8443/ws/v5/private']) {
      expect(okxSpot.ws.accepts(new URL(url))).toBe(true)
    }
    for (const path of ['/ws/v5', '/ws/v5/business/', '/ws/v5/Business', '/ws', '/', '/api/v5/market/candles']) expect(okxSpot.ws.accepts(new URL(`wss://ws.okx.com:8443${path}`))).toBe(false)
  })

  it('candle channels on /public are refused with 64001 (migrated to /business)', () => {
    const { socket, send } = open('wss://ws.okx.com:8443/ws/v5/public')
    send(subscribe('candle1m', 'BTC-USDT'))
    expect(socket.frames).toEqual([{ event: 'error', code: '64001', msg: expect.stringContaining("migrated to the '/business' URL"), connId: expect.stringMatching(/^[0-9a-f]{8}$/) }])
    expect(socket.live).toEqual([])
  })
})

describe('WebSocket subscriptions (§5.7)', () => {
  it('one ack per arg {"event":"subscribe","arg":{channel,instId},"connId"}; the id leads when sent', () => {
    const { socket, send } = open()
    send({ op: 'subscribe', args: [{ channel: 'candle1m', instId: 'BTC-USDT' }, { channel: 'candle1D', instId: 'BTC-USDT-SWAP' }] })
    send(subscribe('candle1Wutc', 'ETH-BTC', 'abc123'))
    const connId = socket.frames[0].connId
    expect(connId).toMatch(/^[0-9a-f]{8}$/)
    expect(socket.sent).toEqual([
      `{"event":"subscribe","arg":{"channel":"candle1m","instId":"BTC-USDT"},"connId":"${connId}"}`,
      `{"event":"subscribe","arg":{"channel":"candle1D","instId":"BTC-USDT-SWAP"},"connId":"${connId}"}`,
      `{"id":"abc123","event":"subscribe","arg":{"channel":"candle1Wutc","instId":"ETH-BTC"},"connId":"${connId}"}`,
    ])
    expect(socket.live.map((f) => [f.market.id, f.interval, f.cadenceMs])).toEqual([
      ['BTC-USDT', { kind: 'fixed', name: '1m', ms: MINUTE, offset: 0 }, 1000],
      ['BTC-USDT-SWAP', { kind: 'fixed', name: '1D', ms: DAY, offset: 16 * HOUR }, 1000],
      ['ETH-BTC', { kind: 'fixed', name: '1Wutc', ms: 7 * DAY, offset: 4 * DAY }, 1000],
    ])
  })

  it('subscribing twice follows once; unsubscribe stops it and is acked; connIds differ per connection', () => {
    const { socket, send } = open()
    send(subscribe('candle1m', 'BTC-USDT'))
    send(subscribe('candle1m', 'BTC-USDT'))
    expect(socket.live).toHaveLength(1)
    send({ id: '7', op: 'unsubscribe', args: [{ channel: 'candle1m', instId: 'BTC-USDT' }] })
    expect(socket.live).toEqual([])
    expect(socket.frames.at(-1)).toEqual({ id: '7', event: 'unsubscribe', arg: { channel: 'candle1m', instId: 'BTC-USDT' }, connId: socket.frames[0].connId })
    const other = open()
    other.send(subscribe('candle1m', 'BTC-USDT'))
    expect(other.socket.frames[0].connId).not.toBe(socket.frames[0].connId)
  })

  it('error frames: 60012 invalid request (echoing it), 60013 invalid args, 60019 invalid op, 60018 wrong channel or instId', () => {
    const { socket, send } = open()
    send('not json')
    send('[1,2]')
    send('{}')
    send({ op: 'subscribe', args: [] })
    send({ id: '5', op: 'subscribe' })
    send({ op: 'order', args: [] })
    send(subscribe('candle7m', 'BTC-USDT'))
    send(subscribe('candle1m', 'NOPE-USDT', 'x9'))
    send(subscribe('tickers', 'BTC-USDT'))
    send({ id: 'no spaces', op: 'subscribe', args: [{ channel: 'candle1m', instId: 'BTC-USDT' }] })
    send({ op: 'subscribe', args: ['candle1m'] })
    const connId = socket.frames[0].connId
    const wrong = (channel: string, instId: string) => `Wrong URL or channel:${channel},instId:${instId} doesn't exist. Please use the correct URL, channel and parameters referring to API document.`
    expect(socket.frames).toEqual([
      { event: 'error', code: '60012', msg: 'Invalid request: not json', connId },
      { event: 'error', code: '60012', msg: 'Invalid request: [1,2]', connId },
      { event: 'error', code: '60012', msg: 'Invalid request: {}', connId },
      { event: 'error', code: '60013', msg: 'Invalid args', connId },
      { id: '5', event: 'error', code: '60013', msg: 'Invalid args', connId },
      { event: 'error', code: '60019', msg: 'Invalid op: order', connId },
      { event: 'error', code: '60018', msg: wrong('candle7m', 'BTC-USDT'), connId },
      { id: 'x9', event: 'error', code: '60018', msg: wrong('candle1m', 'NOPE-USDT'), connId },
      { event: 'error', code: '60018', msg: wrong('tickers', 'BTC-USDT'), connId },
      { event: 'error', code: '60012', msg: 'Invalid request: {"id":"no spaces","op":"subscribe","args":[{"channel":"candle1m","instId":"BTC-USDT"}]}', connId },
      { event: 'error', code: '60012', msg: 'Invalid request: {"op":"subscribe","args":["candle1m"]}', connId },
    ])
    expect(socket.live).toEqual([])
    expect(socket.closedWith).toBeUndefined()
  })

  it('one bad arg refuses the whole request; login is refused (60009): nothing private is simulated', () => {
    const { socket, send } = open()
    send({ op: 'subscribe', args: [{ channel: 'candle1m', instId: 'BTC-USDT' }, { channel: 'candle1m', instId: 'NOPE' }] })
    expect(socket.frames).toHaveLength(1)
    expect(socket.frames[0]).toMatchObject({ event: 'error', code: '60018' })
    expect(socket.live).toEqual([])
    send({ op: 'login', args: [{ apiKey: 'k' }] })
    expect(socket.frames[1]).toMatchObject({ event: 'error', code: '60009', msg: 'Login failed.' })
  })

  it('a rejectSubscription fault on the channel is answered 60018', () => {
    const { socket, send } = open()
    socket.rejected.add('candle1m')
    send(subscribe('candle1m', 'BTC-USDT'))
    expect(socket.frames[0]).toMatchObject({ event: 'error', code: '60018' })
    send(subscribe('candle5m', 'BTC-USDT'))
    expect(socket.frames[1]).toMatchObject({ event: 'subscribe' })
  })

  it('480 subscribe/unsubscribe/login requests per hour, then 60014; the budget refills', () => {
    const { socket, send, clock } = open()
    for (let i = 0; i < 480; i++) send(subscribe('candle1m', 'BTC-USDT'))
    expect(socket.frames.every((f) => f.event === 'subscribe')).toBe(true)
    send(subscribe('candle1m', 'BTC-USDT'))
    expect(socket.frames.at(-1)).toMatchObject({ event: 'error', code: '60014', msg: 'Requests too frequent.' })
    clock.now += HOUR
    send(subscribe('candle1m', 'BTC-USDT'))
    expect(socket.frames.at(-1)).toMatchObject({ event: 'subscribe' })
  })
})

describe('WebSocket pushes (§5.7, §6.7)', () => {
  it('{"arg":{channel,instId},"data":[[9 strings]]}: the REST row, confirm "0" while open and "1" on the closing push', () => {
    const { socket, send } = open()
    send(subscribe('candle1m', 'BTC-USDT'))
    const follow = socket.live[0]
    const start = Date.UTC(2026, 2, 10, 12, 30)
    const [closedCandle] = engine.candles('BTC/USDT', '1m', { start, end: start + 1, now: NOW })
    follow.onUpdate(engine.candleAt('BTC/USDT', '1m', NOW), false)
    follow.onUpdate(closedCandle, true)
    const [live, closing] = socket.sent.slice(1)
    expect(live.startsWith('{"arg":{"channel":"candle1m","instId":"BTC-USDT"},"data":[["')).toBe(true)
    expect(JSON.parse(live).data[0]).toEqual(rows(candles('instId=BTC-USDT&limit=1'))[0])
    expect(JSON.parse(closing).data[0]).toEqual(rows(candles(`instId=BTC-USDT&before=${start - 1}&after=${start + 1}`))[0])
    expect(JSON.parse(closing).data[0][8]).toBe('1')
  })

  it('SWAP pushes carry contracts in vol and base in volCcy', () => {
    const { socket, send } = open(undefined, { plugin: okxPerpetual })
    send(subscribe('candle1H', 'BTC-USDT-SWAP'))
    socket.live[0].onUpdate(engine.candleAt('BTC/USDT', '1h', NOW), false)
    const row = socket.frames[1].data[0] as string[]
    expect(row).toEqual(rows(candles('instId=BTC-USDT-SWAP&bar=1H&limit=1', { plugin: okxPerpetual }))[0])
    expect(Math.round(Number(row[5]) * 1000)).toBe(Math.round(Number(row[6]) * 100_000))
  })

  it('an unchanged candle in progress is not pushed again; the closing push always is', () => {
    const { socket, send } = open()
    send(subscribe('candle1m', 'BTC-USDT'))
    const candle = engine.candleAt('BTC/USDT', '1m', NOW)
    socket.live[0].onUpdate(candle, false)
    socket.live[0].onUpdate(candle, false)
    socket.live[0].onUpdate({ ...candle, closed: true }, true)
    expect(socket.sent).toHaveLength(3)
  })

  it('1M in UTC+8 follows each month as its own span, the next one from the closing push on', () => {
    const { socket, send } = open()
    send(subscribe('candle1M', 'BTC-USDT'))
    const march = socket.live[0]
    const marchOpen = Date.UTC(2026, 1, 28, 16)
    const aprilOpen = Date.UTC(2026, 2, 31, 16)
    expect(march.interval).toEqual({ kind: 'fixed', name: '1M', ms: aprilOpen - marchOpen, offset: marchOpen % (aprilOpen - marchOpen) })
    const [closed] = engine.candles('BTC/USDT', march.interval, { start: marchOpen, end: marchOpen + 1, now: aprilOpen })
    march.onUpdate(closed, true)
    expect(socket.frames[1].data[0].slice(0, 1)).toEqual([String(marchOpen)])
    expect(socket.frames[1].data[0][8]).toBe('1')
    expect(march.stopped).toBe(true)
    const [april] = socket.live
    expect(april.interval).toMatchObject({ kind: 'fixed', name: '1M', ms: Date.UTC(2026, 3, 30, 16) - aprilOpen })
    send({ op: 'unsubscribe', args: [{ channel: 'candle1M', instId: 'BTC-USDT' }] })
    expect(socket.live).toEqual([])
  })
})

describe('WebSocket keepalive (§5.7)', () => {
  it('text ping → text pong (not JSON); a noPong fault silences it', () => {
    const { socket, send } = open()
    send('ping')
    expect(socket.sent).toEqual(['pong'])
    socket.silentToPings = true
    send('ping')
    expect(socket.sent).toEqual(['pong'])
  })

  it('closes 4004 "No data received in 30s." when nothing is subscribed within 30 s', () => {
    const { socket } = open()
    socket.advance(29_999)
    expect(socket.closedWith).toBeUndefined()
    socket.advance(1)
    expect(socket.closedWith).toEqual({ code: 4004, reason: 'No data received in 30s.' })
  })

  it('pongs keep an idle connection alive; so do pushes; silence of 30 s on a subscribed channel closes it', () => {
    const { socket, send } = open()
    for (let i = 0; i < 5; i++) {
      socket.advance(20_000)
      send('ping')
    }
    expect(socket.closedWith).toBeUndefined()
    send(subscribe('candle1m', 'BTC-USDT'))
    const candle = engine.candleAt('BTC/USDT', '1m', NOW)
    socket.advance(25_000)
    socket.live[0].onUpdate(candle, false)
    socket.advance(25_000)
    expect(socket.closedWith).toBeUndefined()
    socket.advance(5_000)
    expect(socket.closedWith).toEqual({ code: 4004, reason: 'No data received in 30s.' })
    expect(socket.live).toEqual([])
  })

  it('a connection whose channels were all unsubscribed is not closed for idleness (our reading)', () => {
    const { socket, send } = open()
    send(subscribe('candle1m', 'BTC-USDT'))
    send({ op: 'unsubscribe', args: [{ channel: 'candle1m', instId: 'BTC-USDT' }] })
    socket.advance(5 * 60_000)
    expect(socket.closedWith).toBeUndefined()
  })

  it('a closed connection ignores further frames and stops its follows', () => {
    const { socket, connection, send } = open()
    send(subscribe('candle1m', 'BTC-USDT'))
    connection.closed?.()
    expect(socket.live).toEqual([])
    send('ping')
    expect(socket.sent).toHaveLength(1)
  })
})
