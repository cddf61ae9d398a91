import { describe, expect, it } from 'vitest'
import { coinbaseAdvancedTrade as plugin } from '../handlers/coinbase/index.js'
import type { Candle } from '../src/engine/candle.js'
import { CandleEngine } from '../src/engine/engine.js'
import type { IntervalInput } from '../src/engine/interval.js'
import { createContext } from '../src/exchange/context.js'
import type { ListedMarket, RestReply, RestRequest, WsSocket } from '../src/exchange/types.js'
import { setupMockExchange } from '../src/index.js'
import { WsClient } from './conformance/harness.js'

// Compliance tests of the Coinbase Advanced Trade plugin against wire-formats §1 (and §0),
// through the plugin contract: no network, no MSW, no real time. The last block runs the
// WebSocket rules that need the core's clock and transport.

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
/** A Tuesday, mid-minute, mid-second. */
const NOW = Date.UTC(2026, 2, 10, 12, 34, 56, 789)
const NOW_S = Math.floor(NOW / 1000)
const HALT = { start: Date.UTC(2026, 2, 9, 10), end: Date.UTC(2026, 2, 9, 10, 3) }
const engine = new CandleEngine({
  seed: 7,
  markets: [
    { symbol: 'BTC/USD', price: 50_000, scenarios: [{ type: 'halt', ...HALT }] },
    { symbol: 'ETH/BTC', price: 0.05, tickSize: 0.00001, lotSize: 0.001 },
    { symbol: 'SOL/USDT' },
  ],
})
const context = (now = NOW) => createContext(plugin, engine, () => now)

function makeRequest(url: string, headers: Record<string, string> = {}): RestRequest {
  const parsed = new URL(url)
  return { method: 'GET', url: parsed, query: parsed.searchParams, headers: new Headers(headers) }
}

/** Calls the route the core would pick for `url` (exact path, or the route's own match). */
function call(url: string, options: { now?: number; headers?: Record<string, string> } = {}): RestReply {
  const request = makeRequest(url, options.headers)
  const { pathname } = request.url
  const route = plugin.routes.find((r) => r.method === 'GET' && (r.match ? r.match(pathname) : r.path === pathname))
  return route ? route.handle(request, context(options.now)) : plugin.errors.notFound(request, undefined)
}

const API = 'https://api.coinbase.com'
const candlesUrl = (query: string, product = 'BTC-USD') => `${API}/api/v3/brokerage/market/products/${product}/candles?${query}`
const candles = (query: string, options?: { now?: number; product?: string }) => call(candlesUrl(query, options?.product), options)
type Row = { start: string; low: string; high: string; open: string; close: string; volume: string }
const rows = (reply: RestReply): Row[] => {
  expect(reply.status, JSON.stringify(reply.body)).toBe(200)
  return (reply.body as { candles: Row[] }).candles
}
const starts = (reply: RestReply) => rows(reply).map((row) => Number(row.start))
const invalid = (message: string) => ({ status: 400, body: { error: 'INVALID_ARGUMENT', error_details: message, message } })
/** A candle as Coinbase prints it: trimmed decimals (§1.3). */
const printed = (c: Candle, decimals = { price: 2, volume: 5 }) => {
  const text = (value: number, places: number) => value.toFixed(places).replace(/\.?0+$/, '')
  return { start: String(c.openTime / 1000), low: text(c.low, decimals.price), high: text(c.high, decimals.price), open: text(c.open, decimals.price), close: text(c.close, decimals.price), volume: text(c.volume, decimals.volume) }
}

describe('candles: rows (§1.3)', () => {
  it('{"candles":[…]}: keys start, low, high, open, close, volume; every value a string, decimals without trailing zeros; start in seconds', () => {
    const start = Date.UTC(2026, 2, 1) / 1000
    const [row] = rows(candles(`granularity=ONE_HOUR&start=${start}&end=${start}`))
    expect(Object.keys(row)).toEqual(['start', 'low', 'high', 'open', 'close', 'volume'])
    const [candle] = engine.candles('BTC/USD', '1h', { start: start * 1000, end: start * 1000 + 1, now: NOW })
    expect(row).toEqual(printed(candle))
    for (const value of Object.values(row)) expect(value).toMatch(/^\d+(\.\d*[1-9])?$/)
  })

  it('prices and volumes keep the market\'s own decimals (ETH-BTC: 5 and 3)', () => {
    const start = Date.UTC(2026, 2, 1) / 1000
    const [row] = rows(candles(`granularity=ONE_DAY&start=${start}&end=${start}`, { product: 'ETH-BTC' }))
    const [candle] = engine.candles('ETH/BTC', '1d', { start: start * 1000, end: start * 1000 + 1, now: NOW })
    expect(row).toEqual(printed(candle, { price: 5, volume: 3 }))
  })

  it('newest first; open time within [start, end], both inclusive; unaligned bounds round inwards', () => {
    const start = Date.UTC(2026, 2, 10, 10) / 1000
    expect(starts(candles(`granularity=FIVE_MINUTE&start=${start}&end=${start + 900}`))).toEqual([start + 900, start + 600, start + 300, start])
    expect(starts(candles(`granularity=FIVE_MINUTE&start=${start + 1}&end=${start + 899}`))).toEqual([start + 600, start + 300])
    expect(starts(candles(`granularity=FIVE_MINUTE&start=${start}&end=${start}`))).toEqual([start])
    expect(starts(candles(`granularity=FIVE_MINUTE&start=${start + 1}&end=${start + 299}`))).toEqual([])
  })

  it('the bucket in progress is the first row, the engine\'s candle at now; nothing after now', () => {
    const got = rows(candles(`granularity=ONE_HOUR&start=${NOW_S - 5 * 3600}&end=${NOW_S + 5 * 3600}`))
    expect(got).toHaveLength(5)
    expect(got[0]).toEqual(printed(engine.candleAt('BTC/USD', '1h', NOW)))
    expect(Number(got[0].start)).toBe(Date.UTC(2026, 2, 10, 12) / 1000)
    expect(rows(candles(`granularity=ONE_HOUR&start=${NOW_S + 3600}&end=${NOW_S + 7200}`))).toEqual([])
  })

  it('buckets without a trade are left out (§0.3: no data for intervals without ticks), in progress too, but for its first second', () => {
    const start = HALT.start / 1000 - 120
    const got = starts(candles(`granularity=ONE_MINUTE&start=${start}&end=${start + 360}`))
    expect(got).toEqual([start + 360, start + 300, start + 60, start])
    // Halfway through the halt, its bucket in progress has no trade: nothing is served for it.
    const during = HALT.start + 90_000
    expect(starts(candles(`granularity=ONE_MINUTE&start=${start}&end=${start + 360}`, { now: during }))).toEqual([start + 60, start])
    // A bucket that has just opened is served (the engine counts by the second).
    const opening = Date.UTC(2026, 2, 10, 12, 35)
    const [row] = rows(candles('granularity=ONE_MINUTE&limit=1', { now: opening + 500 }))
    expect(row).toMatchObject({ start: String(opening / 1000), volume: '0' })
  })

  it('without start and end: the newest `limit` buckets (default 350) up to now', () => {
    const open = Math.floor(NOW / 300_000) * 300
    expect(starts(candles('granularity=FIVE_MINUTE&limit=3'))).toEqual([open, open - 300, open - 600])
    const all = starts(candles('granularity=FIVE_MINUTE'))
    expect(all).toHaveLength(350)
    expect(all.at(-1)).toBe(open - 349 * 300)
    // Only end: `limit` buckets back from it; only start: up to now.
    expect(starts(candles(`granularity=ONE_HOUR&end=${open}&limit=2`))).toEqual([Math.floor(open / 3600) * 3600, Math.floor(open / 3600) * 3600 - 3600])
    expect(starts(candles(`granularity=ONE_DAY&start=${NOW_S - 2 * 86400}`))).toEqual([Date.UTC(2026, 2, 10) / 1000, Date.UTC(2026, 2, 9) / 1000])
  })

  it('`limit` keeps the newest of the window; 0 is unset (proto3); above 350 or negative is refused', () => {
    const start = Date.UTC(2026, 2, 10, 10) / 1000
    expect(starts(candles(`granularity=FIVE_MINUTE&start=${start}&end=${start + 900}&limit=2`))).toEqual([start + 900, start + 600])
    expect(starts(candles(`granularity=FIVE_MINUTE&start=${start}&end=${start + 900}&limit=0`))).toHaveLength(4)
    expect(candles('granularity=FIVE_MINUTE&limit=351')).toEqual(invalid('limit argument is invalid - limit should be between 1 and 350'))
    expect(candles('granularity=FIVE_MINUTE&limit=-1')).toEqual(invalid('limit argument is invalid - limit should be between 1 and 350'))
    expect(candles('granularity=FIVE_MINUTE&limit=ten')).toEqual(invalid('type mismatch, parameter: limit, error: strconv.ParseInt: parsing "ten": invalid syntax'))
    expect(candles('granularity=FIVE_MINUTE&limit=99999999999')).toEqual(invalid('type mismatch, parameter: limit, error: strconv.ParseInt: parsing "99999999999": value out of range'))
  })
})

describe('candles: the 350 rule (§1.2)', () => {
  const tooMany = invalid('start and end argument is invalid - number of candles requested should be less than 350')

  it('350 buckets between start and end pass (351 rows inclusive, the newest 350 kept); 351 is refused, not truncated', () => {
    const start = Date.UTC(2026, 2, 1) / 1000
    const got = starts(candles(`granularity=ONE_MINUTE&start=${start}&end=${start + 350 * 60}`))
    expect(got).toHaveLength(350)
    expect(got[0]).toBe(start + 350 * 60)
    expect(candles(`granularity=ONE_MINUTE&start=${start}&end=${start + 350 * 60 + 1}`)).toEqual(tooMany)
    expect(candles(`granularity=ONE_MINUTE&start=${start}&end=${start + 351 * 60}`)).toEqual(tooMany)
    expect(candles(`granularity=ONE_DAY&start=${start - 400 * 86400}&end=${start}`)).toEqual(tooMany)
  })

  it('ccxt\'s window (start, start + 300 buckets) passes, whatever the granularity', () => {
    const start = Date.UTC(2025, 0, 1) / 1000
    for (const [name, seconds] of [['ONE_MINUTE', 60], ['SIX_HOUR', 21600], ['ONE_DAY', 86400]] as const) {
      expect(starts(candles(`granularity=${name}&start=${start}&end=${start + 300 * seconds}`)).length).toBe(301)
    }
  })

  it('a start after end, or a time that is not whole seconds since 1970, is INVALID_ARGUMENT', () => {
    const notSeconds = invalid('start and end argument is invalid - start and end should be UNIX timestamps in seconds')
    expect(candles(`granularity=ONE_MINUTE&start=${NOW_S}&end=${NOW_S - 60}`)).toEqual(invalid('start and end argument is invalid - start should be before end'))
    for (const bad of ['-1', '1.5', '1e9', 'now', '2026-03-10T00:00:00Z', '99999999999999999999', ' 1']) {
      expect(candles(`granularity=ONE_MINUTE&start=${encodeURIComponent(bad)}&end=${NOW_S}`), bad).toEqual(notSeconds)
    }
    // Go's ParseInt takes a sign.
    expect(starts(candles(`granularity=ONE_MINUTE&start=${encodeURIComponent(`+${NOW_S - 120}`)}&end=${NOW_S}`))).toHaveLength(2)
  })
})

describe('candles: granularity, product and parameters (§1.1, §1.4)', () => {
  it('the eight ccxt names and FOUR_HOUR, epoch-aligned like the engine; days at 00:00 UTC', () => {
    const cases: Array<[string, IntervalInput]> = [
      ['ONE_MINUTE', '1m'], ['FIVE_MINUTE', '5m'], ['FIFTEEN_MINUTE', '15m'], ['THIRTY_MINUTE', '30m'],
      ['ONE_HOUR', '1h'], ['TWO_HOUR', '2h'], ['FOUR_HOUR', '4h'], ['SIX_HOUR', '6h'], ['ONE_DAY', '1d'],
    ]
    for (const [name, interval] of cases) {
      const [row] = rows(candles(`granularity=${name}&limit=1`))
      expect(row, name).toEqual(printed(engine.candleAt('BTC/USD', interval, NOW)))
    }
  })

  it('any other granularity (missing, UNKNOWN_GRANULARITY, ONE_WEEK, lower case, seconds) is refused', () => {
    for (const query of ['', 'granularity=', 'granularity=UNKNOWN_GRANULARITY', 'granularity=ONE_WEEK', 'granularity=one_minute', 'granularity=60', 'granularity=1m', 'granularity=constructor']) {
      expect(candles(query), query).toEqual(invalid('granularity argument is invalid'))
    }
  })

  it('an unknown product is the captured 404 NOT_FOUND, two keys only; ids are exact and percent-decoded', () => {
    expect(candles('granularity=ONE_MINUTE', { product: 'NOPE-USD' })).toEqual({ status: 404, body: { error: 'NOT_FOUND', message: 'Product NOPE-USD not supported' } })
    expect(candles('granularity=ONE_MINUTE', { product: 'btc-usd' }).status).toBe(404)
    expect(rows(candles('granularity=ONE_MINUTE&limit=1', { product: 'BTC%2DUSD' }))).toHaveLength(1)
  })

  it('a field given twice is refused (grpc-gateway); unknown parameters are ignored', () => {
    expect(candles('granularity=ONE_MINUTE&granularity=ONE_HOUR')).toEqual(invalid('parsing field "granularity": too many values: [ONE_MINUTE ONE_HOUR]'))
    expect(rows(candles('granularity=ONE_MINUTE&limit=2&product_id=ETH-USD&foo=bar'))).toHaveLength(2)
  })

  it('the authenticated mirror is 401 without a JWT ("Bearer undefined" is none) and serves the same body with one', () => {
    const url = `${API}/api/v3/brokerage/products/BTC-USD/candles?granularity=ONE_MINUTE&limit=3`
    const jwt = `${btoa('{"alg":"ES256"}')}.${btoa('{"sub":"x"}')}.sig`.replace(/=/g, '')
    const refused: Array<Record<string, string>> = [{}, { Authorization: 'Bearer undefined' }, { Authorization: 'Basic abc' }, { Authorization: 'Bearer a.b.c' }]
    for (const headers of refused) {
      const reply = call(url, { headers })
      expect(reply.status).toBe(401)
      expect(reply.body).toBe('Unauthorized\n')
      expect(reply.headers?.['content-type']).toMatch(/^text\/plain/)
    }
    expect(call(url, { headers: { Authorization: `Bearer ${jwt}` } })).toEqual(candles('granularity=ONE_MINUTE&limit=3'))
    expect(call(`${API}/api/v3/brokerage/products/BTC-USD`).status).toBe(401)
    expect(call(`${API}/api/v3/brokerage/products`).status).toBe(401)
    expect(call(`${API}/api/v3/brokerage/products`, { headers: { Authorization: `Bearer ${jwt}` } })).toEqual(call(`${API}/api/v3/brokerage/market/products`))
  })
})

describe('products (§1.1, §1.5)', () => {
  const list = (query = '') => {
    const reply = call(`${API}/api/v3/brokerage/market/products${query ? `?${query}` : ''}`)
    expect(reply.status).toBe(200)
    return reply.body as { products: Array<Record<string, any>>; num_products: number; pagination: null }
  }

  it('SPOT products with the fields ccxt reads, strings for numbers, in the captured key order', () => {
    const body = list()
    expect(Object.keys(body)).toEqual(['products', 'num_products', 'pagination'])
    expect(body.num_products).toBe(3)
    expect(body.products.map((p) => p.product_id)).toEqual(['BTC-USD', 'ETH-BTC', 'SOL-USDT'])
    const btc = body.products[0]
    expect(Object.keys(btc).slice(0, 13)).toEqual([
      'product_id', 'price', 'price_percentage_change_24h', 'volume_24h', 'volume_percentage_change_24h', 'base_increment', 'quote_increment',
      'quote_min_size', 'quote_max_size', 'base_min_size', 'base_max_size', 'base_name', 'quote_name',
    ])
    expect(btc).toMatchObject({
      product_id: 'BTC-USD', base_currency_id: 'BTC', quote_currency_id: 'USD', product_type: 'SPOT', status: 'online', trading_disabled: false, is_disabled: false,
      base_increment: '0.00001', quote_increment: '0.01', price_increment: '0.01', base_min_size: '0.00001', quote_min_size: '1', base_name: 'Bitcoin', quote_name: 'US Dollar',
      alias: '', alias_to: [], display_name: 'BTC-USD', product_venue: 'CBE', fcm_trading_session_details: null,
    })
    expect(btc.price).toBe(String(engine.priceAt('BTC/USD', Math.floor(NOW / 1000) * 1000)))
    const day = engine.candles('BTC/USD', { kind: 'fixed', name: '24h', ms: DAY, offset: (NOW_S * 1000) % DAY }, { start: NOW_S * 1000 - DAY, end: NOW_S * 1000 - DAY + 1, now: NOW })[0]
    expect(Number(btc.volume_24h)).toBe(day.volume)
    expect(Number(btc.price_percentage_change_24h)).toBeCloseTo(((Number(btc.price) - day.open) / day.open) * 100, 10)
    for (const key of ['price', 'volume_24h', 'price_percentage_change_24h', 'base_max_size', 'quote_max_size', 'approximate_quote_24h_volume']) expect(btc[key]).toMatch(/^-?\d+(\.\d+)?$/)
    expect(body.products[1]).toMatchObject({ product_id: 'ETH-BTC', quote_increment: '0.00001', base_increment: '0.001', quote_name: 'Bitcoin', quote_min_size: '0.00001' })
  })

  it('product_type: none or SPOT lists the spot products; FUTURE lists none (ccxt loads both FUTURE variants); another value is refused', () => {
    expect(list('product_type=SPOT').products).toHaveLength(3)
    expect(list('product_type=FUTURE')).toEqual({ products: [], num_products: 0, pagination: null })
    expect(list('product_type=FUTURE&contract_expiry_type=PERPETUAL').products).toEqual([])
    expect(call(`${API}/api/v3/brokerage/market/products?product_type=spot`)).toEqual(invalid('type mismatch, parameter: product_type, error: "spot" is not a valid value'))
  })

  it('product_ids (repeated key), limit and offset', () => {
    expect(list('product_ids=SOL-USDT&product_ids=BTC-USD&product_ids=NOPE').products.map((p) => p.product_id)).toEqual(['BTC-USD', 'SOL-USDT'])
    expect(list('limit=1&offset=1').products.map((p) => p.product_id)).toEqual(['ETH-BTC'])
    expect(list('limit=0').products).toHaveLength(3)
  })

  it('one product, unwrapped; an unknown one is 404', () => {
    expect(call(`${API}/api/v3/brokerage/market/products/ETH-BTC`)).toEqual({ status: 200, body: list().products[1] })
    expect(call(`${API}/api/v3/brokerage/market/products/NOPE-USD`)).toEqual({ status: 404, body: { error: 'NOT_FOUND', message: 'Product NOPE-USD not supported' } })
  })
})

describe('time, currencies and rates (§1.1, §0.2)', () => {
  it('/api/v3/brokerage/time: epochs as strings; /v2/time: epoch as a number of seconds', () => {
    expect(call(`${API}/api/v3/brokerage/time`)).toEqual({ status: 200, body: { iso: '2026-03-10T12:34:56Z', epochSeconds: String(NOW_S), epochMillis: String(NOW) } })
    expect(call(`${API}/v2/time`)).toEqual({ status: 200, body: { data: { iso: '2026-03-10T12:34:56Z', epoch: NOW_S } } })
  })

  it('/v2/currencies: fiat with a name (ccxt lower-cases it) and min_size', () => {
    const { data } = call(`${API}/v2/currencies`).body as { data: Array<Record<string, string>> }
    expect(data[0]).toEqual({ id: 'USD', name: 'US Dollar', min_size: '0.01' })
    for (const entry of data) expect(Object.keys(entry)).toEqual(['id', 'name', 'min_size'])
  })

  it('/v2/currencies/crypto: the crypto assets of the markets, string fields, stable UUIDs', () => {
    const { data } = call(`${API}/v2/currencies/crypto`).body as { data: Array<Record<string, string>> }
    expect(data.map((d) => d.code)).toEqual(['BTC', 'ETH', 'USDT', 'SOL'])
    expect(data[0]).toMatchObject({ code: 'BTC', name: 'Bitcoin', color: '#F7931A', sort_index: '100', exponent: '8', type: 'crypto' })
    for (const entry of data) {
      expect(Object.keys(entry)).toEqual(['asset_id', 'code', 'name', 'color', 'sort_index', 'exponent', 'type', 'address_regex'])
      expect(entry.asset_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      expect(() => new RegExp(entry.address_regex)).not.toThrow()
    }
    expect(new Set(data.map((d) => d.asset_id)).size).toBe(data.length)
    expect(call(`${API}/v2/currencies/crypto`).body).toEqual({ data })
  })

  it('/v2/exchange-rates: what one unit of `currency` (default USD) buys, as strings; an unknown currency is a v2 error', () => {
    const btc = engine.priceAt('BTC/USD', NOW)
    const usd = call(`${API}/v2/exchange-rates`).body as { data: { currency: string; rates: Record<string, string> } }
    expect(usd.data.currency).toBe('USD')
    expect(usd.data.rates.USD).toBe('1.0')
    expect(Number(usd.data.rates.BTC)).toBeCloseTo(1 / btc, 12)
    expect(usd.data.rates.BTC).not.toMatch(/e/)
    expect(usd.data.rates.USDT).toBe('1')
    const inBtc = call(`${API}/v2/exchange-rates?currency=btc`).body as typeof usd
    expect(inBtc.data.currency).toBe('BTC')
    expect(inBtc.data.rates.BTC).toBe('1.0')
    expect(Number(inBtc.data.rates.USD)).toBeCloseTo(btc, 0)
    expect(call(`${API}/v2/exchange-rates?currency=NOPE`)).toEqual({ status: 400, body: { errors: [{ id: 'invalid_request', message: 'Currency is invalid' }] } })
  })
})

describe('native errors and limits (§1.6, §1.7)', () => {
  it('an unknown path: v2 paths in the v2 envelope, the rest as NOT_FOUND; a hint names the nearest route', () => {
    const v2 = call(`${API}/v2/prices/BTC-USD/spot`)
    expect(v2).toMatchObject({ status: 404, body: { errors: [{ id: 'not_found', message: 'Not found' }] } })
    const v3 = plugin.errors.notFound(makeRequest(`${API}/api/v3/brokerage/market/product/BTC-USD/candles`), 'GET /api/v3/brokerage/market/products/{product_id}/candles')
    expect(v3).toMatchObject({ status: 404, body: { error: 'NOT_FOUND', error_details: 'Not Found', message: 'Not Found' } })
    expect(v3.headers?.['x-mock-exchange-hint']).toContain('Nearest: GET /api/v3/brokerage/market/products/{product_id}/candles')
  })

  it('injected statuses carry gRPC names in the v3 envelope; 429 is resource_exhausted (RateLimitExceeded in ccxt) without headers', () => {
    expect(plugin.errors.status(503)).toEqual({ status: 503, body: { error: 'UNAVAILABLE', error_details: 'Service Unavailable', message: 'Service Unavailable' } })
    expect(plugin.errors.status(500).body).toMatchObject({ error: 'INTERNAL' })
    expect(plugin.errors.status(418).body).toMatchObject({ error: 'UNKNOWN' })
    const limited = { status: 429, body: { error: 'resource_exhausted', error_details: 'Too many requests', message: 'Too many requests' } }
    expect(plugin.errors.status(429)).toEqual(limited)
    expect(plugin.errors.rateLimited({ retryAfter: 1, banned: false, until: 0, limit: 10 })).toEqual(limited)
  })

  it('10 requests a second, no usage headers, no ban; 8 WebSocket messages a second', () => {
    expect(plugin.limits).toMatchObject({ windowMs: 1000, limit: 10, wsMessagesPerSecond: 8 })
    expect(plugin.limits.banAfterIgnored).toBeUndefined()
    expect(plugin.limits.usageHeaders(5)).toEqual({})
    for (const route of plugin.routes) expect(route.weight?.(makeRequest(`${API}${route.path}`))).toBe(1)
  })

  it('the plugin: type, kind, product ids, hosts, route names', () => {
    expect([plugin.type, plugin.kind, plugin.name]).toEqual(['coinbase_advanced_trade', 'spot', 'Coinbase Advanced Trade'])
    expect(plugin.marketId(engine.market('BTC/USD'))).toBe('BTC-USD')
    expect(plugin.restOrigins).toEqual(['https://api.coinbase.com'])
    expect(plugin.wsOrigins).toEqual(['wss://advanced-trade-ws.coinbase.com'])
    expect(new Set(plugin.routes.map((r) => r.name)).size).toBe(plugin.routes.length)
    const route = (path: string) => plugin.routes.find((r) => (r.match ? r.match(path) : r.path === path))?.name
    expect(route('/api/v3/brokerage/market/products/BTC-USD/candles')).toBe('candles')
    expect(route('/api/v3/brokerage/market/products/BTC-USD')).toBe('product')
    expect(route('/api/v3/brokerage/market/products//candles')).toBeUndefined()
    expect(route('/api/v3/brokerage/market/products/a/b/candles')).toBeUndefined()
  })
})

// ─────────────────────────────── WebSocket (§1.8) ───────────────────────────────

interface Timer {
  due: number
  every?: number
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

/** A WsSocket on a virtual clock: records frames and closes; `advance` runs the timers that fall due; follows are driven by hand. */
class FakeSocket implements WsSocket {
  readonly url: URL
  readonly supportsPing = true
  readonly rejected = new Set<string>()
  readonly sent: string[] = []
  readonly follows: Follow[] = []
  closedWith: { code: number; reason?: string } | undefined
  private readonly timers: Timer[] = []

  constructor(
    url: string,
    readonly clock: { now: number },
  ) {
    this.url = new URL(url)
  }

  rejects(channel: string): boolean {
    return this.rejected.has(channel)
  }
  send(frame: string | Uint8Array): void {
    if (!this.closedWith) this.sent.push(String(frame))
  }
  close(code: number, reason?: string): void {
    this.closedWith ??= { code, reason }
  }
  ping(): void {}
  follow(market: ListedMarket, interval: IntervalInput, cadenceMs: number, onUpdate: (candle: Candle, closed: boolean) => void): () => void {
    const entry: Follow = { market, interval, cadenceMs, onUpdate, stopped: false }
    this.follows.push(entry)
    return () => {
      entry.stopped = true
    }
  }
  every(ms: number, fn: () => void): () => void {
    return this.schedule({ due: this.clock.now + ms, every: ms, fn, stopped: false })
  }
  after(ms: number, fn: () => void): () => void {
    return this.schedule({ due: this.clock.now + ms, fn, stopped: false })
  }
  private schedule(timer: Timer): () => void {
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
      if (next.every) next.due += next.every
      else next.stopped = true
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
  /** Drives the live follows as the core would at `clock.now`. */
  tick(closed = false): void {
    for (const f of this.live) {
      const candle = closed ? engine.candles(f.market.market.symbol, f.interval, { start: this.clock.now - 1, end: this.clock.now, now: this.clock.now })[0] : engine.candleAt(f.market.market.symbol, f.interval, this.clock.now)
      f.onUpdate(candle, closed)
    }
  }
}

const WS = 'wss://advanced-trade-ws.coinbase.com'
/** A connection on its own clock; `shared` puts it on another connection's exchange (one context, one IP). */
function open(now = NOW, shared?: { clock: { now: number }; context: ReturnType<typeof createContext> }) {
  const clock = shared?.clock ?? { now }
  const socket = new FakeSocket(WS, clock)
  expect(plugin.ws.accepts(socket.url)).toBe(true)
  const context = shared?.context ?? createContext(plugin, engine, () => clock.now)
  const connection = plugin.ws.connect(socket, context)
  const send = (frame: unknown) => {
    const before = socket.sent.length
    connection.message(typeof frame === 'string' ? frame : JSON.stringify(frame))
    return socket.frames.slice(before)
  }
  /** Sends after a fifth of a second: under the 8 messages/second limit. */
  const paced = (frame: unknown) => {
    clock.now += 200
    return send(frame)
  }
  return { socket, connection, clock, context, send, paced }
}
const subscribe = (channel: string, productIds?: string[]) => ({ type: 'subscribe', channel, ...(productIds ? { product_ids: productIds } : {}) })
const unsubscribe = (channel: string, productIds?: string[]) => ({ type: 'unsubscribe', channel, ...(productIds ? { product_ids: productIds } : {}) })
const wsRow = (c: Candle, product = 'BTC-USD') => {
  const { start, low, high, open: o, close, volume } = printed(c)
  return { start, high, low, open: o, close, volume, product_id: product }
}

describe('WebSocket: endpoint and subscriptions (§1.8)', () => {
  it('the host root is the market-data endpoint; other paths are not', () => {
    for (const path of ['', '/', '/?x=1']) expect(plugin.ws.accepts(new URL(`${WS}${path}`))).toBe(true)
    for (const path of ['/ws', '/candles', '//']) expect(plugin.ws.accepts(new URL(`${WS}${path}`))).toBe(false)
  })

  it('subscribe to candles: a snapshot of the bucket in progress, then the cumulative subscriptions message; envelope fields and sequence numbers', () => {
    const { send } = open()
    const [snapshot, ack] = send(subscribe('candles', ['BTC-USD']))
    expect(Object.keys(snapshot)).toEqual(['channel', 'client_id', 'timestamp', 'sequence_num', 'events'])
    expect(snapshot).toEqual({
      channel: 'candles',
      client_id: '',
      timestamp: '2026-03-10T12:34:56.789Z',
      sequence_num: 0,
      events: [{ type: 'snapshot', candles: [wsRow(engine.candleAt('BTC/USD', '5m', NOW))] }],
    })
    expect(Object.keys(snapshot.events[0].candles[0])).toEqual(['start', 'high', 'low', 'open', 'close', 'volume', 'product_id'])
    expect(ack).toEqual({ channel: 'subscriptions', client_id: '', timestamp: '2026-03-10T12:34:56.789Z', sequence_num: 1, events: [{ subscriptions: { candles: ['BTC-USD'] } }] })
    // Cumulative, keys in order, ids sorted; heartbeats lists no product.
    const [, ack2] = send(subscribe('candles', ['SOL-USDT']))
    expect(ack2.events).toEqual([{ subscriptions: { candles: ['BTC-USD', 'SOL-USDT'] } }])
    const [ack3] = send(subscribe('heartbeats'))
    expect(ack3).toMatchObject({ sequence_num: 4, events: [{ subscriptions: { candles: ['BTC-USD', 'SOL-USDT'], heartbeats: [] } }] })
  })

  it('updates: each second when the candle changed, one message per product, the bucket\'s final values once at its end; always 5-minute buckets', () => {
    const { socket, clock, send } = open(Date.UTC(2026, 2, 10, 12, 34, 58))
    send(subscribe('candles', ['BTC-USD']))
    expect(socket.live).toHaveLength(1)
    expect(socket.live[0]).toMatchObject({ interval: '5m', cadenceMs: 1000 })
    const before = socket.sent.length
    clock.now += 1000
    socket.tick()
    socket.tick() // unchanged: not sent again
    expect(socket.frames.slice(before)).toEqual([
      { channel: 'candles', client_id: '', timestamp: '2026-03-10T12:34:59Z', sequence_num: 2, events: [{ type: 'update', candles: [wsRow(engine.candleAt('BTC/USD', '5m', clock.now))] }] },
    ])
    clock.now = Date.UTC(2026, 2, 10, 12, 35)
    socket.tick(true)
    socket.tick(true) // the closing update is always sent
    const closing = socket.frames.slice(-1)[0]
    expect(closing.events[0].candles[0]).toEqual(wsRow(engine.candles('BTC/USD', '5m', { start: Date.UTC(2026, 2, 10, 12, 30), end: Date.UTC(2026, 2, 10, 12, 30, 1), now: clock.now })[0]))
    expect(closing.timestamp).toBe('2026-03-10T12:35:00Z')
  })

  it('unsubscribe: the new list ({} when empty) and the stream stops; by product or the whole channel', () => {
    const { socket, send } = open()
    send(subscribe('candles', ['BTC-USD', 'SOL-USDT']))
    send(subscribe('heartbeats'))
    expect(send(unsubscribe('candles', ['BTC-USD']))[0].events).toEqual([{ subscriptions: { candles: ['SOL-USDT'], heartbeats: [] } }])
    expect(socket.live.map((f) => f.market.id)).toEqual(['SOL-USDT'])
    expect(send(unsubscribe('heartbeats'))[0].events).toEqual([{ subscriptions: { candles: ['SOL-USDT'] } }])
    expect(send(unsubscribe('candles'))[0].events).toEqual([{ subscriptions: {} }])
    expect(socket.live).toEqual([])
    expect(send(unsubscribe('candles', ['NOPE-USD']))[0].events).toEqual([{ subscriptions: {} }])
  })

  it('-USDC ids get the -USD book\'s candles (§1.8), listed as asked', () => {
    const { socket, send } = open()
    const [snapshot, ack] = send(subscribe('candles', ['BTC-USDC']))
    expect(snapshot.events[0].candles[0].product_id).toBe('BTC-USD')
    expect(ack.events).toEqual([{ subscriptions: { candles: ['BTC-USDC'] } }])
    send(subscribe('candles', ['BTC-USD']))
    expect(socket.live).toHaveLength(1)
    send(unsubscribe('candles', ['BTC-USDC']))
    expect(socket.live).toHaveLength(1)
  })

  it('heartbeats: one a second, counter as a string, Go time with the monotonic reading', () => {
    const { socket, clock, send } = open(Date.UTC(2026, 2, 10, 12, 0, 0, 250))
    send(subscribe('heartbeats'))
    socket.advance(2000)
    const beats = socket.frames.filter((f) => f.channel === 'heartbeats')
    expect(beats).toEqual([
      { channel: 'heartbeats', client_id: '', timestamp: '2026-03-10T12:00:01.25Z', sequence_num: 1, events: [{ current_time: '2026-03-10 12:00:01.25 +0000 UTC m=+1.000000000', heartbeat_counter: '1' }] },
      { channel: 'heartbeats', client_id: '', timestamp: '2026-03-10T12:00:02.25Z', sequence_num: 2, events: [{ current_time: '2026-03-10 12:00:02.25 +0000 UTC m=+2.000000000', heartbeat_counter: '2' }] },
    ])
    expect(clock.now).toBe(Date.UTC(2026, 2, 10, 12, 0, 2, 250))
  })

  it('silent channels are acknowledged; user channels need a jwt', () => {
    const { send } = open()
    expect(send(subscribe('market_trades', ['BTC-USD']))[0].events).toEqual([{ subscriptions: { market_trades: ['BTC-USD'] } }])
    expect(send(subscribe('status'))[0].events[0].subscriptions).toHaveProperty('status', [])
    expect(send(subscribe('user'))).toEqual([{ type: 'error', message: 'authentication failure' }])
    expect(send({ ...subscribe('user'), jwt: 'x.y.z' })[0].events[0].subscriptions).toHaveProperty('user', [])
  })

  it('errors: {"type":"error","message"} for a bad frame, and the subscribe is ignored', () => {
    const { socket, paced, connection } = open()
    const error = (message: string) => [{ type: 'error', message }]
    expect(paced('not json')).toEqual(error('malformed message'))
    expect(paced('[1]')).toEqual(error('malformed message'))
    expect(paced({ type: 'subscribe', channel: 'candles', product_ids: 'BTC-USD' })).toEqual(error('malformed message'))
    expect(paced({ type: 'subscribe', channel: 7 })).toEqual(error('malformed message'))
    expect(paced({ type: 'SUBSCRIBE', channel: 'candles', product_ids: ['BTC-USD'] })).toEqual(error('unknown message type'))
    expect(paced({ type: 'subscribe', channels: ['candles'], product_ids: ['BTC-USD'] })).toEqual(error('channel is required'))
    expect(paced(subscribe('klines', ['BTC-USD']))).toEqual(error('unknown channel'))
    expect(paced(subscribe('candles'))).toEqual(error('product_ids are required'))
    expect(paced(subscribe('candles', ['BTC-USD', 'NOPE-USD']))).toEqual(error('invalid product_id: NOPE-USD'))
    expect(socket.live).toEqual([])
    // A rejectSubscription fault on the channel: the native refusal.
    socket.rejected.add('candles')
    expect(paced(subscribe('candles', ['BTC-USD']))).toEqual(error('failure to subscribe'))
    expect(socket.live).toEqual([])
    socket.rejected.clear()
    // Binary frames are read as text.
    const before = socket.sent.length
    socket.clock.now += 200
    connection.message(new TextEncoder().encode(JSON.stringify(subscribe('candles', ['BTC-USD']))))
    expect(socket.frames.slice(before).map((f) => f.channel)).toEqual(['candles', 'subscriptions'])
  })
})

describe('WebSocket: server-side rules (§1.7, §1.8)', () => {
  it('no subscribe within 5 s: the connection is dropped (1006); an error does not count as one', () => {
    const { socket, send } = open()
    send(subscribe('candles', ['NOPE-USD']))
    socket.advance(4_999)
    expect(socket.closedWith).toBeUndefined()
    socket.advance(1)
    expect(socket.closedWith?.code).toBe(1006)
    const ok = open()
    ok.send(subscribe('heartbeats'))
    ok.socket.advance(5_000)
    expect(ok.socket.closedWith).toBeUndefined()
  })

  it('subscribed but nothing sent for 60 s: dropped within 60–75 s; heartbeats keep it open; with nothing subscribed the rule does not apply', () => {
    const quiet = open()
    quiet.send(subscribe('market_trades', ['BTC-USD']))
    quiet.socket.advance(59_999)
    expect(quiet.socket.closedWith).toBeUndefined()
    quiet.socket.advance(15_001)
    expect(quiet.socket.closedWith?.code).toBe(1006)
    const beating = open()
    beating.send(subscribe('market_trades', ['BTC-USD']))
    beating.send(subscribe('heartbeats'))
    beating.socket.advance(10 * 60_000)
    expect(beating.socket.closedWith).toBeUndefined()
    const emptied = open()
    emptied.send(subscribe('market_trades', ['BTC-USD']))
    emptied.send(unsubscribe('market_trades'))
    emptied.socket.advance(10 * 60_000)
    expect(emptied.socket.closedWith).toBeUndefined()
  })

  it('more than 8 messages a second over all connections: an error each, the message ignored; the next second is fine', () => {
    const a = open()
    const b = open(NOW, a)
    for (let i = 0; i < 4; i++) a.send(subscribe('status'))
    for (let i = 0; i < 4; i++) b.send(subscribe('status'))
    expect(b.send(subscribe('heartbeats'))).toEqual([{ type: 'error', message: 'rate limit exceeded' }])
    expect(a.send(subscribe('heartbeats'))).toEqual([{ type: 'error', message: 'rate limit exceeded' }])
    a.clock.now += 1000
    expect(a.send(subscribe('heartbeats'))[0].channel).toBe('subscriptions')
    // A closed connection's messages no longer count.
    for (let i = 0; i < 7; i++) b.send(subscribe('status'))
    b.connection.closed?.()
    expect(a.send(subscribe('heartbeats'))[0].channel).toBe('subscriptions')
    a.connection.closed?.()
  })
})

describe('WebSocket through the core: the rules on the exchange clock and a real transport', () => {
  it('a silent connection is dropped after 5 s (1006); a subscribed one streams 5-minute candles every second', async () => {
    const exchange = setupMockExchange(plugin, { seed: 3, clock: { mode: 'manual', start: Date.UTC(2026, 2, 10, 12, 2) }, markets: [{ symbol: 'BTC/USD', price: 50_000 }] })
    exchange.listen()
    try {
      const silent = await new WsClient(exchange, WS).open()
      const live = await new WsClient(exchange, WS).open()
      await live.send(JSON.stringify(subscribe('candles', ['BTC-USD'])))
      const frames = (await live.advance(5_000)).map((f) => JSON.parse(f))
      await silent.settle()
      expect(silent.closed?.code).toBe(1006)
      expect(live.isOpen).toBe(true)
      expect(frames.length).toBeGreaterThan(0)
      expect(frames.every((f) => f.channel === 'candles' && f.events[0].type === 'update' && f.events[0].candles[0].start === String(Date.UTC(2026, 2, 10, 12) / 1000))).toBe(true)
      expect(frames.at(-1).events[0].candles[0]).toEqual(wsRow(exchange.engine.candleAt('BTC/USD', '5m', exchange.clock.now())))
      await live.close()
    } finally {
      exchange.close()
    }
  })
})
