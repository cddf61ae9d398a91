import { describe, expect, it } from 'vitest'
import { krakenSpot } from '../handlers/kraken/index.js'
import type { Candle } from '../src/engine/candle.js'
import { CandleEngine } from '../src/engine/engine.js'
import type { IntervalInput } from '../src/engine/interval.js'
import { createContext } from '../src/exchange/context.js'
import { ExchangeType, type ExchangeContext, type ListedMarket, type RestReply, type RestRequest, type WsConnection, type WsSocket } from '../src/exchange/types.js'

// Compliance tests of the Kraken Spot plugin against wire-formats §2 (and frames recorded
// live, cited where used), through the plugin contract only: no network, no MSW, no real time.

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
/** A Tuesday, mid-minute, mid-second. */
const NOW = Date.UTC(2026, 2, 10, 12, 34, 56, 789)
const GAP = { start: Date.UTC(2026, 2, 10, 10, 0), end: Date.UTC(2026, 2, 10, 10, 5) }
const engine = new CandleEngine({
  seed: 7,
  markets: [
    { symbol: 'BTC/USD', price: 50_000, scenarios: [{ type: 'gap', ...GAP }] },
    { symbol: 'ETH/USD' },
    { symbol: 'SOL/USD' },
    { symbol: 'DOGE/USD' },
    { symbol: 'USDT/USD', price: 1, tickSize: 0.0001, lotSize: 0.01 },
    { symbol: 'ETH/BTC', price: 0.05, tickSize: 0.00001, lotSize: 0.0001 },
    { symbol: 'BTC/USDT' },
    { symbol: 'ADA/EUR', price: 0.4, tickSize: 0.00001, lotSize: 0.1, scenarios: [{ type: 'halt', start: NOW - HOUR, end: NOW + HOUR }] },
  ],
})

type Row = [number, string, string, string, string, string, string, number]
interface Envelope {
  error: string[]
  result?: Record<string, unknown>
}

function context(now = NOW): ExchangeContext {
  return createContext(krakenSpot, engine, () => now)
}

function call(path: string, options: { now?: number; context?: ExchangeContext } = {}): RestReply {
  const url = new URL(`https://api.kraken.com${path}`)
  const request: RestRequest = { method: 'GET', url, query: url.searchParams, headers: new Headers() }
  const route = krakenSpot.routes.find((r) => r.method === 'GET' && r.path === url.pathname)
  if (!route) throw new Error(`no route for ${path}`)
  return route.handle(request, options.context ?? context(options.now))
}

/** The parsed body of a reply (string bodies are sent as is by the pipeline). */
function body(reply: RestReply): Envelope {
  expect(reply.status).toBe(200)
  return (typeof reply.body === 'string' ? JSON.parse(reply.body) : reply.body) as Envelope
}
const text = (reply: RestReply) => (typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body))

function ohlc(query: string, now = NOW): { rows: Row[]; last: number; key: string } {
  const { error, result } = body(call(`/0/public/OHLC?${query}`, { now }))
  expect(error).toEqual([])
  const keys = Object.keys(result!)
  expect(keys[1]).toBe('last')
  return { rows: result![keys[0]] as Row[], last: result!.last as number, key: keys[0] }
}
const errorOf = (path: string) => body(call(path))

const candles = (symbol: string, interval: IntervalInput, start: number, end: number, now = NOW) => engine.candles(symbol, interval, { start, end, now })

describe('the plugin', () => {
  it('is Kraken Spot on api.kraken.com and ws.kraken.com; markets are listed under their pair keys', () => {
    expect(krakenSpot).toMatchObject({ type: ExchangeType.KRAKEN_SPOT, kind: 'spot', name: 'Kraken Spot' })
    expect(krakenSpot.restOrigins).toContain('https://api.kraken.com')
    expect(krakenSpot.wsOrigins).toContain('wss://ws.kraken.com')
    expect(context().markets.map((m) => [m.market.symbol, m.id])).toEqual([
      ['BTC/USD', 'XXBTZUSD'],
      ['ETH/USD', 'XETHZUSD'],
      ['SOL/USD', 'SOLUSD'],
      ['DOGE/USD', 'XDGUSD'],
      ['USDT/USD', 'USDTZUSD'],
      ['ETH/BTC', 'XETHXXBT'],
      ['BTC/USDT', 'XBTUSDT'],
      ['ADA/EUR', 'ADAEUR'],
    ])
  })
})

describe('OHLC rows (§2.1)', () => {
  it('[time (s), "open", "high", "low", "close", "vwap", "volume", count]: prices with pair_decimals, volume with 8, vwap = quote/base volume', () => {
    const { rows, key } = ohlc('pair=XXBTZUSD&interval=60')
    expect(key).toBe('XXBTZUSD')
    const row = rows[rows.length - 3]
    const [candle] = candles('BTC/USD', '1h', row[0] * 1000, row[0] * 1000 + 1)
    expect(row).toHaveLength(8)
    expect(row[0]).toBe(candle.openTime / 1000)
    expect(row.slice(1, 5)).toEqual([candle.open, candle.high, candle.low, candle.close].map((p) => p.toFixed(2)))
    expect(row[6]).toBe(candle.volume.toFixed(8))
    expect(row[7]).toBe(candle.trades)
    expect(Number.isInteger(row[7])).toBe(true)
    for (const r of rows) {
      expect(r[5]).toMatch(/^\d+\.\d{2}$/)
      if (Number(r[6]) > 0) expect(Number(r[5])).toBeGreaterThanOrEqual(Number(r[3]))
      if (Number(r[6]) > 0) expect(Number(r[5])).toBeLessThanOrEqual(Number(r[2]))
    }
  })

  it('a pair with 5 price decimals prints 5 (ETH/BTC), and the pair key keeps the legacy prefixes (XETHXXBT)', () => {
    const { rows, key } = ohlc('pair=ETHXBT&interval=1440')
    expect(key).toBe('XETHXXBT')
    expect(rows.at(-1)![1]).toMatch(/^0\.\d{5}$/)
  })

  it('rows without trades are flat at the previous close with vwap and volume zero (a halt)', () => {
    const { rows } = ohlc('pair=ADAEUR&interval=5')
    const halted = rows.filter((r) => r[0] * 1000 >= NOW - HOUR)
    expect(halted.length).toBeGreaterThan(5)
    for (const r of halted) {
      expect(r[7]).toBe(0)
      expect(r[6]).toBe('0.00000000')
      expect(r[5]).toBe('0.00000')
      expect(new Set(r.slice(1, 5)).size).toBe(1)
    }
  })

  it('intervals the engine leaves out (a gap scenario) are filled flat, as Kraken fills intervals without trades', () => {
    const { rows } = ohlc('pair=XBTUSD&interval=1')
    const times = rows.map((r) => r[0])
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBe(60)
    const before = rows.find((r) => r[0] * 1000 === GAP.start - MINUTE)!
    const filled = rows.filter((r) => r[0] * 1000 >= GAP.start && r[0] * 1000 < GAP.end)
    expect(filled).toHaveLength(5)
    for (const r of filled) expect(r).toEqual([r[0], before[4], before[4], before[4], before[4], '0.00', '0.00000000', 0])
  })
})

describe('which rows come back (§2.1, §2.7)', () => {
  const current = Date.UTC(2026, 2, 10, 12, 34)

  it('no since: the 720 most recent committed candles and the one in progress, last = the newest committed', () => {
    const { rows, last } = ohlc('pair=XXBTZUSD&interval=1')
    expect(rows).toHaveLength(721)
    expect(rows[0][0]).toBe((current - 720 * MINUTE) / 1000)
    expect(rows.at(-1)![0]).toBe(current / 1000)
    expect(last).toBe(rows.at(-2)![0])
    const inProgress = engine.candleAt('BTC/USD', '1m', NOW)
    expect(inProgress.closed).toBe(false)
    expect(rows.at(-1)!.slice(4, 5)).toEqual([inProgress.close.toFixed(2)])
    expect(rows.at(-1)![7]).toBe(inProgress.trades)
  })

  it('since is exclusive, in seconds: rows opening strictly after it', () => {
    const open = (current - 10 * MINUTE) / 1000
    expect(ohlc(`pair=XBTUSD&since=${open}`).rows[0][0]).toBe(open + 60)
    expect(ohlc(`pair=XBTUSD&since=${open - 1}`).rows[0][0]).toBe(open)
    expect(ohlc(`pair=XBTUSD&since=${open - 30}`).rows[0][0]).toBe(open)
    expect(ohlc(`pair=XBTUSD&since=${open - 30}`).rows).toHaveLength(11)
  })

  it('the candle in progress always comes, even when since is at or after now; last does not depend on since', () => {
    for (const since of [current / 1000, NOW / 1000, NOW / 1000 + 86_400, 1e12]) {
      const { rows, last } = ohlc(`pair=XBTUSD&interval=1&since=${since}`)
      expect(rows.map((r) => r[0])).toEqual([current / 1000])
      expect(last).toBe(current / 1000 - 60)
    }
  })

  it('an old since (or 0, or negative) cannot reach past the 720-row window', () => {
    for (const since of ['0', '-5', '1000000000', String((current - 5000 * MINUTE) / 1000)]) expect(ohlc(`pair=XBTUSD&since=${since}`).rows).toHaveLength(721)
  })

  it('the same request gets the same bytes', () => {
    expect(text(call('/0/public/OHLC?pair=XBTUSD&interval=15'))).toBe(text(call('/0/public/OHLC?pair=XBTUSD&interval=15')))
  })
})

describe('intervals (§2.1)', () => {
  it('1 by default; minutes 1 5 15 30 60 240 1440 10080 21600, epoch-aligned: the week opens on Thursday, the 15-day candle every 15 days', () => {
    expect(ohlc('pair=XBTUSD').rows.at(-1)![0]).toBe(Date.UTC(2026, 2, 10, 12, 34) / 1000)
    const expected: Record<string, number> = {
      1: Date.UTC(2026, 2, 10, 12, 34),
      5: Date.UTC(2026, 2, 10, 12, 30),
      15: Date.UTC(2026, 2, 10, 12, 30),
      30: Date.UTC(2026, 2, 10, 12, 30),
      60: Date.UTC(2026, 2, 10, 12),
      240: Date.UTC(2026, 2, 10, 12),
      1440: Date.UTC(2026, 2, 10),
      10080: Date.UTC(2026, 2, 5),
      21600: Math.floor(NOW / (15 * DAY)) * 15 * DAY,
    }
    for (const [minutes, open] of Object.entries(expected)) {
      const { rows } = ohlc(`pair=XBTUSD&interval=${minutes}`)
      expect(rows.at(-1)![0], minutes).toBe(open / 1000)
      expect(rows.at(-1)![0] - rows.at(-2)![0], minutes).toBe(Number(minutes) * 60)
    }
    expect(new Date(Date.UTC(2026, 2, 5)).getUTCDay()).toBe(4)
  })

  it('the weekly row equals the engine candle of a Thursday-aligned week', () => {
    const { rows } = ohlc('pair=XBTUSD&interval=10080')
    const open = rows.at(-2)![0] * 1000
    const [week] = candles('BTC/USD', { kind: 'fixed', name: 'week', ms: 7 * DAY, offset: 0 }, open, open + 1)
    expect(rows.at(-2)!.slice(1, 5)).toEqual([week.open, week.high, week.low, week.close].map((p) => p.toFixed(2)))
    const days = candles('BTC/USD', '1d', open, open + 7 * DAY)
    expect(Number(rows.at(-2)![6])).toBeCloseTo(days.reduce((sum, d) => sum + d.volume, 0), 6)
  })

  it('anything else is EGeneral:Invalid arguments, with HTTP 200', () => {
    for (const interval of ['0', '2', '120', '720', '1m', '1h', '1.0', '-1', '', ' 1', '10081', '1e1']) {
      expect(errorOf(`/0/public/OHLC?pair=XBTUSD&interval=${encodeURIComponent(interval)}`), interval).toEqual({ error: ['EGeneral:Invalid arguments'] })
    }
  })
})

describe('pair names (§2.2)', () => {
  it('key, altname, BTC-named and display names, any case, are the same pair; the answer is keyed by the pair key', () => {
    const expected = ohlc('pair=XXBTZUSD').rows
    for (const name of ['XBTUSD', 'xbtusd', 'xXbTzUsD', 'BTCUSD', 'BTC/USD', 'btc/usd']) {
      const { rows, key } = ohlc(`pair=${encodeURIComponent(name)}`)
      expect(key, name).toBe('XXBTZUSD')
      expect(rows).toEqual(expected)
    }
    expect(ohlc('pair=DOGEUSD').key).toBe('XDGUSD')
    expect(ohlc('pair=XDGUSD').key).toBe('XDGUSD')
    expect(ohlc('pair=USDTUSD').key).toBe('USDTZUSD')
    expect(ohlc('pair=BTCUSDT').key).toBe('XBTUSDT')
  })

  it('assetVersion=1 keys the answer by the display name', () => {
    expect(ohlc('pair=XBTUSD&assetVersion=1').key).toBe('BTC/USD')
  })

  it('the v1 wsname (XBT/USD), unknown and several pairs are EQuery:Unknown asset pair; no pair is EGeneral:Invalid arguments', () => {
    for (const pair of ['XBT/USD', 'NOPEUSD', 'XBTUSD,ETHUSD', 'XBTUSD ', 'XBT']) {
      expect(errorOf(`/0/public/OHLC?pair=${encodeURIComponent(pair)}`), pair).toEqual({ error: ['EQuery:Unknown asset pair'] })
    }
    expect(errorOf('/0/public/OHLC')).toEqual({ error: ['EGeneral:Invalid arguments'] })
    expect(errorOf('/0/public/OHLC?pair=')).toEqual({ error: ['EGeneral:Invalid arguments'] })
  })

  it('a since that is not a number is EGeneral:Invalid arguments; unknown parameters are ignored', () => {
    for (const since of ['abc', '1e9', '0x10', ' 5']) expect(errorOf(`/0/public/OHLC?pair=XBTUSD&since=${encodeURIComponent(since)}`), since).toEqual({ error: ['EGeneral:Invalid arguments'] })
    expect(ohlc('pair=XBTUSD&until=5&limit=3&asset_class=tokenized_asset').rows).toHaveLength(721)
  })
})

describe('Time, SystemStatus (§2.1)', () => {
  it('Time: unixtime in seconds and rfc1123 with a two-digit year and a space-padded day', () => {
    expect(body(call('/0/public/Time'))).toEqual({ error: [], result: { unixtime: Math.floor(NOW / 1000), rfc1123: 'Tue, 10 Mar 26 12:34:56 +0000' } })
    expect((body(call('/0/public/Time', { now: Date.UTC(2020, 5, 7, 4, 7, 53) })).result as { rfc1123: string }).rfc1123).toBe('Sun,  7 Jun 20 04:07:53 +0000')
  })

  it('SystemStatus: online', () => {
    expect(body(call('/0/public/SystemStatus'))).toEqual({ error: [], result: { status: 'online', timestamp: '2026-03-10T12:34:56Z' } })
  })
})

describe('Assets and AssetPairs, as ccxt reads them (§2.1; rows recorded 2026-09-25)', () => {
  it('Assets: keyed by asset id (XXBT, ZUSD, SOL), sorted, with altname and decimals', () => {
    const { result } = body(call('/0/public/Assets'))
    expect(Object.keys(result!)).toEqual(['ADA', 'SOL', 'USDT', 'XETH', 'XXBT', 'XXDG', 'ZEUR', 'ZUSD'])
    expect(result!.XXBT).toEqual({ aclass: 'currency', altname: 'XBT', decimals: 10, display_decimals: 5, collateral_value: 0.99, status: 'enabled', margin_rate: '0.01' })
    expect(text(call('/0/public/Assets'))).toContain('"ZUSD":{"aclass":"currency","altname":"USD","decimals":4,"display_decimals":2,"collateral_value":1.0,"status":"enabled","margin_rate":"0.036"}')
    expect(result!.ADA).toEqual({ aclass: 'currency', altname: 'ADA', decimals: 8, display_decimals: 5, status: 'enabled' })
  })

  it('Assets: asset= takes ids and altnames; one unknown fails the call', () => {
    expect(Object.keys(body(call('/0/public/Assets?asset=XBT,ZUSD,xdg')).result!)).toEqual(['XXBT', 'ZUSD', 'XXDG'])
    expect(errorOf('/0/public/Assets?asset=XBT,NOPE')).toEqual({ error: ['EQuery:Unknown asset'] })
    expect(Object.keys(body(call('/0/public/Assets?assetVersion=1')).result!)).toContain('BTC')
  })

  it('AssetPairs: every field in Kraken’s order, decimals and tick from the market', () => {
    const { result } = body(call('/0/public/AssetPairs'))
    expect(Object.keys(result!)).toEqual(['ADAEUR', 'SOLUSD', 'USDTZUSD', 'XBTUSDT', 'XDGUSD', 'XETHXXBT', 'XETHZUSD', 'XXBTZUSD'])
    const btc = result!.XXBTZUSD as Record<string, unknown>
    expect(Object.keys(btc)).toEqual([
      'altname', 'wsname', 'aclass_base', 'base', 'aclass_quote', 'quote', 'lot', 'cost_decimals', 'pair_decimals', 'lot_decimals', 'lot_multiplier',
      'leverage_buy', 'leverage_sell', 'fees', 'fees_maker', 'fee_volume_currency', 'margin_call', 'margin_stop', 'ordermin', 'costmin', 'tick_size', 'status',
      'execution_venue', 'long_position_limit', 'short_position_limit',
    ])
    expect(btc).toMatchObject({ altname: 'XBTUSD', wsname: 'XBT/USD', base: 'XXBT', quote: 'ZUSD', pair_decimals: 2, lot_decimals: 8, tick_size: '0.01', status: 'online', ordermin: '0.0001', costmin: '0.5', fees: [], fees_maker: [] })
    expect(result!.XETHXXBT).toMatchObject({ altname: 'ETHXBT', wsname: 'ETH/XBT', base: 'XETH', quote: 'XXBT', pair_decimals: 5, tick_size: '0.00001', cost_decimals: 10, leverage_buy: [2, 3, 4, 5] })
    expect(result!.XDGUSD).toMatchObject({ altname: 'XDGUSD', wsname: 'XDG/USD', base: 'XXDG', quote: 'ZUSD' })
    expect(result!.XBTUSDT).toMatchObject({ altname: 'XBTUSDT', base: 'XXBT', quote: 'USDT' })
    expect(result!.ADAEUR).toMatchObject({ costmin: '0.45', quote: 'ZEUR' })
    expect(result!.USDTZUSD).toMatchObject({ altname: 'USDTUSD', base: 'USDT', quote: 'ZUSD', leverage_buy: [], pair_decimals: 4 })
    expect(result!.USDTZUSD).not.toHaveProperty('long_position_limit')
  })

  it('AssetPairs: pair= takes any accepted name; info= narrows the fields; assetVersion=1 uses display names', () => {
    expect(Object.keys(body(call('/0/public/AssetPairs?pair=BTCUSD,ethxbt')).result!)).toEqual(['XXBTZUSD', 'XETHXXBT'])
    expect(errorOf('/0/public/AssetPairs?pair=XBTUSD,NOPE')).toEqual({ error: ['EQuery:Unknown asset pair'] })
    expect(body(call('/0/public/AssetPairs?pair=XBTUSD&info=leverage')).result).toEqual({ XXBTZUSD: { leverage_buy: [2, 3, 4, 5, 6, 7, 8, 9, 10], leverage_sell: [2, 3, 4, 5, 6, 7, 8, 9, 10] } })
    expect(errorOf('/0/public/AssetPairs?info=everything')).toEqual({ error: ['EGeneral:Invalid arguments'] })
    expect(body(call('/0/public/AssetPairs?pair=XBTUSD&assetVersion=1')).result).toMatchObject({ 'BTC/USD': { base: 'BTC', quote: 'USD', fee_volume_currency: 'USD' } })
  })
})

describe('native errors for conditions the core creates (§2.3)', () => {
  const request = (path: string): RestRequest => {
    const url = new URL(`https://api.kraken.com${path}`)
    return { method: 'GET', url, query: url.searchParams, headers: new Headers() }
  }

  it('an unknown path: EGeneral:Unknown method, with a hint naming the nearest route', () => {
    const reply = krakenSpot.errors.notFound(request('/0/public/OHLCX'), 'GET /0/public/OHLC')
    expect(reply).toMatchObject({ status: 404, body: { error: ['EGeneral:Unknown method'] } })
    expect(reply.headers?.['x-mock-exchange-hint']).toContain('Nearest: GET /0/public/OHLC')
  })

  it('rate limited: HTTP 200 {"error":["EGeneral:Too many requests"]}, no Retry-After', () => {
    expect(krakenSpot.errors.rateLimited({ retryAfter: 3, banned: false, until: NOW + 3000, limit: 15 })).toEqual({ status: 200, body: { error: ['EGeneral:Too many requests'] } })
    expect(krakenSpot.limits).toMatchObject({ windowMs: 15_000, limit: 15 })
    expect(krakenSpot.limits.usageHeaders(3)).toEqual({})
  })

  it('an injected status keeps the envelope', () => {
    expect(krakenSpot.errors.status(503)).toEqual({ status: 503, body: { error: ['EService:Unavailable'] } })
    expect(krakenSpot.errors.status(500)).toEqual({ status: 500, body: { error: ['EGeneral:Internal error'] } })
    expect(krakenSpot.errors.status(429)).toEqual({ status: 429, body: { error: ['EGeneral:Too many requests'] } })
  })
})

// ─────────────────────────────── WebSocket v2 (§2.5) ───────────────────────────────

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

/** A WsSocket on a virtual clock: records frames; `advance` runs the timers that fall due; follows are driven by hand. */
class FakeSocket implements WsSocket {
  readonly url: URL
  readonly sent: string[] = []
  readonly follows: Follow[] = []
  readonly rejected = new Set<string>()
  readonly supportsPing = true
  private readonly timers: Timer[] = []

  constructor(
    url: string,
    readonly clock: { now: number },
  ) {
    this.url = new URL(url)
  }
  send(frame: string | Uint8Array): void {
    this.sent.push(String(frame))
  }
  close(): void {}
  ping(): void {}
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
      if (!next) break
      this.clock.now = next.due
      if (next.every) next.due += next.every
      else next.stopped = true
      next.fn()
    }
    this.clock.now = end
  }
  /** Frames sent since the last call, parsed. */
  take(): Array<Record<string, any>> {
    return this.sent.splice(0).map((frame) => JSON.parse(frame))
  }
  get live(): Follow[] {
    return this.follows.filter((f) => !f.stopped)
  }
}

function open(url = 'wss://ws.kraken.com/v2', now = NOW): { socket: FakeSocket; connection: WsConnection; send: (frame: unknown) => void; ctx: ExchangeContext } {
  const clock = { now }
  const socket = new FakeSocket(url, clock)
  expect(krakenSpot.ws.accepts(socket.url)).toBe(true)
  const ctx = createContext(krakenSpot, engine, () => clock.now)
  const connection = krakenSpot.ws.connect(socket, ctx)
  socket.advance(0)
  const send = (frame: unknown) => connection.message(typeof frame === 'string' ? frame : JSON.stringify(frame))
  return { socket, connection, send, ctx }
}

const T = '2026-03-10T12:34:56.789000Z'
const subscribeOhlc = (symbol: string[], interval: unknown = 1, extra: Record<string, unknown> = {}) => ({ method: 'subscribe', params: { channel: 'ohlc', symbol, interval, ...extra }, req_id: 1 })

describe('WebSocket v2: endpoint and banner', () => {
  it('/v2 (and the bare host, v1) is served on ws.kraken.com and its beta and auth hosts; other paths are refused', () => {
    for (const url of ['wss://ws.kraken.com/v2', 'wss://ws.kraken.com/v2/', 'wss://beta-ws.kraken.com/v2', 'wss://ws-auth.kraken.com/v2', 'wss://ws.kraken.com', 'wss://ws.kraken.com/']) expect(krakenSpot.ws.accepts(new URL(url)), url).toBe(true)
    for (const url of ['wss://ws.kraken.com/v1', 'wss://ws.kraken.com/ws', 'wss://ws.kraken.com/v2/x', 'wss://ws.kraken.com/v3']) expect(krakenSpot.ws.accepts(new URL(url)), url).toBe(false)
  })

  it('greets with the status banner (recorded 2026-09-10): a u64 connection id beyond 2^53, deterministic per exchange', () => {
    const { socket } = open()
    const [banner] = socket.sent
    expect(banner).toMatch(/^\{"channel":"status","type":"update","data":\[\{"version":"2\.0\.10","system":"online","api_version":"v2","connection_id":\d{1,20},"upcoming_maintenance":\[\],"emergency":\[\]\}\]\}$/)
    const ctx = createContext(krakenSpot, engine, () => NOW)
    const ids = [0, 1].map(() => {
      const s = new FakeSocket('wss://ws.kraken.com/v2', { now: NOW })
      krakenSpot.ws.connect(s, ctx)
      s.advance(0)
      return /"connection_id":(\d+)/.exec(s.sent[0])![1]
    })
    expect(ids[0]).not.toBe(ids[1])
    const again = createContext(krakenSpot, engine, () => NOW)
    const s = new FakeSocket('wss://ws.kraken.com/v2', { now: NOW })
    krakenSpot.ws.connect(s, again)
    s.advance(0)
    expect(/"connection_id":(\d+)/.exec(s.sent[0])![1]).toBe(ids[0])
  })
})

describe('WebSocket v2: ohlc subscriptions', () => {
  it('subscribe: one ack per symbol (keys alphabetical, with the deprecation warning), then the snapshot, then updates on the clock', () => {
    const { socket, send } = open()
    socket.take()
    send(subscribeOhlc(['BTC/USD'], 5))
    expect(socket.sent[0]).toBe(
      `{"method":"subscribe","req_id":1,"result":{"channel":"ohlc","interval":5,"snapshot":true,"symbol":"BTC/USD","warnings":["timestamp is deprecated, use interval_begin"]},"success":true,"time_in":"${T}","time_out":"${T}"}`,
    )
    const [, snapshot] = socket.take()
    expect(snapshot).toMatchObject({ channel: 'ohlc', type: 'snapshot', timestamp: '2026-03-10T12:34:56.789000000Z' })
    // The candles of the last 12 intervals with trades, and the candle in progress, oldest first.
    const current = Date.UTC(2026, 2, 10, 12, 30)
    const expected = candles('BTC/USD', '5m', current - 12 * 5 * MINUTE, current + 1).filter((c) => c.trades > 0)
    expect(snapshot.data.map((row: any) => Date.parse(row.interval_begin))).toEqual(expected.map((c) => c.openTime))
    expect(socket.live).toHaveLength(1)
    expect(socket.live[0]).toMatchObject({ cadenceMs: 1000, market: { id: 'XXBTZUSD' }, interval: { kind: 'fixed', ms: 5 * MINUTE, offset: 0 } })
  })

  it('a candle row: numbers with the REST decimals, interval_begin its open (9 places), timestamp its end (6 places)', () => {
    const { socket, send } = open()
    send(subscribeOhlc(['BTC/USD'], 1, { snapshot: false }))
    socket.take()
    const candle = engine.candleAt('BTC/USD', '1m', NOW + 1000)
    socket.clock.now = NOW + 1000
    socket.live[0].onUpdate(candle, false)
    const [frame] = socket.sent
    const n = (x: number) => x.toFixed(2)
    expect(frame).toBe(
      `{"channel":"ohlc","type":"update","timestamp":"2026-03-10T12:34:57.789000000Z","data":[{"symbol":"BTC/USD","open":${n(candle.open)},"high":${n(candle.high)},"low":${n(candle.low)},"close":${n(candle.close)},"trades":${candle.trades},"volume":${candle.volume.toFixed(8)},"vwap":${JSON.parse(frame).data[0].vwap.toFixed(2)},"interval_begin":"2026-03-10T12:34:00.000000000Z","interval":1,"timestamp":"2026-03-10T12:35:00.000000Z"}]}`,
    )
    const rest = ohlc('pair=XBTUSD', NOW + 1000).rows.at(-1)!
    expect(JSON.parse(frame).data[0].vwap).toBe(Number(rest[5]))
  })

  it('updates carry changes only; the closing update always comes; a candle without trades is never sent', () => {
    const { socket, send } = open()
    send(subscribeOhlc(['BTC/USD'], 1, { snapshot: false }))
    socket.take()
    const follow = socket.live[0]
    const candle = engine.candleAt('BTC/USD', '1m', NOW)
    follow.onUpdate(candle, false)
    follow.onUpdate(candle, false)
    expect(socket.take()).toHaveLength(1)
    follow.onUpdate(candle, true)
    expect(socket.take()).toHaveLength(1)
    follow.onUpdate({ ...candle, trades: 0, volume: 0 }, false)
    follow.onUpdate({ ...candle, trades: 0, volume: 0 }, true)
    expect(socket.take()).toEqual([])
  })

  it('several symbols: an ack or an error per symbol; the v1 name XBT/USD is not supported (recorded)', () => {
    const { socket, send } = open()
    socket.take()
    send({ method: 'subscribe', params: { channel: 'ohlc', symbol: ['XBT/USD', 'ETH/USD', 'btc/usd'], interval: 60, snapshot: false }, req_id: 3 })
    expect(socket.sent).toEqual([
      `{"error":"Currency pair not supported XBT/USD","method":"subscribe","req_id":3,"success":false,"symbol":"XBT/USD","time_in":"${T}","time_out":"${T}"}`,
      `{"method":"subscribe","req_id":3,"result":{"channel":"ohlc","interval":60,"snapshot":false,"symbol":"ETH/USD","warnings":["timestamp is deprecated, use interval_begin"]},"success":true,"time_in":"${T}","time_out":"${T}"}`,
      `{"error":"Currency pair not supported btc/usd","method":"subscribe","req_id":3,"success":false,"symbol":"btc/usd","time_in":"${T}","time_out":"${T}"}`,
    ])
    expect(socket.live.map((f) => f.market.id)).toEqual(['XETHZUSD'])
  })

  it('the same symbol and interval twice is "Already subscribed"; another interval is another subscription', () => {
    const { socket, send } = open()
    send(subscribeOhlc(['BTC/USD'], 1, { snapshot: false }))
    socket.take()
    send(subscribeOhlc(['BTC/USD'], 1, { snapshot: false }))
    expect(socket.take()).toMatchObject([{ error: 'Already subscribed', method: 'subscribe', success: false, symbol: 'BTC/USD' }])
    send(subscribeOhlc(['BTC/USD'], 15, { snapshot: false }))
    expect(socket.take()).toMatchObject([{ method: 'subscribe', success: true, result: { interval: 15 } }])
    expect(socket.live).toHaveLength(2)
  })

  it('unsubscribe: acked per symbol and the updates stop; one not subscribed is "Subscription Not Found"', () => {
    const { socket, send } = open()
    send(subscribeOhlc(['BTC/USD', 'ETH/USD'], 1, { snapshot: false }))
    socket.take()
    send({ method: 'unsubscribe', params: { channel: 'ohlc', symbol: ['BTC/USD', 'SOL/USD'], interval: 1 }, req_id: 9 })
    expect(socket.sent).toEqual([
      `{"method":"unsubscribe","req_id":9,"result":{"channel":"ohlc","interval":1,"symbol":"BTC/USD"},"success":true,"time_in":"${T}","time_out":"${T}"}`,
      `{"error":"Subscription Not Found","method":"unsubscribe","req_id":9,"success":false,"symbol":"SOL/USD","time_in":"${T}","time_out":"${T}"}`,
    ])
    expect(socket.live.map((f) => f.market.id)).toEqual(['XETHZUSD'])
  })

  it('a rejectSubscription fault (channel "ohlc") refuses with an error frame', () => {
    const { socket, send } = open()
    socket.take()
    socket.rejected.add('ohlc')
    send(subscribeOhlc(['BTC/USD']))
    expect(socket.take()).toMatchObject([{ error: 'EGeneral:Internal error', method: 'subscribe', success: false, symbol: 'BTC/USD' }])
    expect(socket.live).toEqual([])
  })

  it('other public channels are acknowledged and stay silent (this mock makes candles only)', () => {
    const { socket, send } = open()
    socket.take()
    send({ method: 'subscribe', params: { channel: 'ticker', symbol: ['BTC/USD'] } })
    expect(socket.sent).toEqual([`{"method":"subscribe","result":{"channel":"ticker","snapshot":true,"symbol":"BTC/USD"},"success":true,"time_in":"${T}","time_out":"${T}"}`])
    expect(socket.live).toEqual([])
  })

  it('closing the connection stops every follow', () => {
    const { socket, send, connection } = open()
    send(subscribeOhlc(['BTC/USD', 'ETH/USD'], 1, { snapshot: false }))
    connection.closed?.()
    expect(socket.live).toEqual([])
  })
})

describe('WebSocket v2: ping, heartbeat', () => {
  it('{"method":"ping"} → {"method":"pong"} with the req_id when given (§2.5)', () => {
    const { socket, send } = open()
    socket.take()
    send({ method: 'ping', req_id: 101 })
    send({ method: 'ping' })
    expect(socket.sent).toEqual([`{"method":"pong","req_id":101,"time_in":"${T}","time_out":"${T}"}`, `{"method":"pong","time_in":"${T}","time_out":"${T}"}`])
  })

  it('heartbeats about once a second after a subscription, only when nothing else was sent', () => {
    const { socket, send } = open()
    socket.advance(5000)
    expect(socket.take().map((f) => f.channel)).toEqual(['status'])
    send(subscribeOhlc(['BTC/USD'], 1, { snapshot: false }))
    socket.take()
    socket.advance(3600)
    expect(socket.take()).toEqual([{ channel: 'heartbeat' }, { channel: 'heartbeat' }, { channel: 'heartbeat' }])
    // An update each second keeps them away.
    const follow = socket.live[0]
    for (let i = 0; i < 3; i++) {
      socket.advance(1000)
      follow.onUpdate(engine.candleAt('BTC/USD', '1m', socket.clock.now), false)
    }
    expect(socket.take().filter((f) => f.channel === 'heartbeat').length).toBeLessThanOrEqual(1)
  })
})

describe('WebSocket v2: errors (texts recorded where cited; the rest our choice)', () => {
  const error = (frame: unknown, url?: string) => {
    const { socket, send } = open(url)
    socket.take()
    send(frame)
    const answers = socket.take()
    expect(answers).toHaveLength(1)
    expect(answers[0]).toMatchObject({ success: false, time_in: T, time_out: T })
    return answers[0]
  }

  it('malformed frames', () => {
    for (const frame of ['nonsense', '[1,2,3]', '{}', '{"method":5}', 'null', '"ping"']) expect(error(frame), frame).toEqual({ error: 'Malformed request', success: false, time_in: T, time_out: T })
  })

  it('unknown methods, bad fields, missing fields', () => {
    expect(error({ method: 'hello', req_id: 4 })).toMatchObject({ error: 'Event(s) not found', method: 'hello', req_id: 4 })
    expect(error({ method: 'ping', req_id: 0, params: {} })).toMatchObject({ error: "Unsupported field: 'params' for the given msg type: ping", method: 'ping', req_id: 0 })
    expect(error({ method: 'ping', req_id: '1' })).toMatchObject({ error: 'Req_id field must be an integer', method: 'ping' })
    expect(error({ method: 'subscribe' })).toMatchObject({ error: "Missing field: 'params' for the given msg type: subscribe" })
    expect(error({ method: 'subscribe', params: [] })).toMatchObject({ error: 'Params field must be an object' })
    expect(error({ method: 'subscribe', params: { symbol: ['BTC/USD'] } })).toMatchObject({ error: "Missing field: 'channel' for the given msg type: subscribe" })
    expect(error({ method: 'subscribe', params: { channel: 'candles', symbol: ['BTC/USD'] } })).toMatchObject({ error: 'Subscription name invalid' })
    expect(error({ method: 'subscribe', params: { channel: 'ohlc', symbol: 'BTC/USD', interval: 1 } })).toMatchObject({ error: 'Symbol field must be a non-empty array of strings' })
    expect(error({ method: 'subscribe', params: { channel: 'ohlc', symbol: [], interval: 1 } })).toMatchObject({ error: 'Symbol field must be a non-empty array of strings' })
    expect(error(subscribeOhlc(['BTC/USD'], 1, { snapshot: 'yes' }))).toMatchObject({ error: 'Snapshot field must be a boolean' })
    expect(error(subscribeOhlc(['BTC/USD'], 1, { depth: 10 }))).toMatchObject({ error: "Unsupported field: 'depth' for the given msg type: subscribe" })
    expect(error({ method: 'subscribe', params: { channel: 'book', symbol: ['BTC/USD'], depth: 27 } })).toMatchObject({ error: 'Subscription depth not supported' })
  })

  it('ohlc intervals: required, an integer (a string is refused, ccxt PR #20787), one of Kraken’s', () => {
    expect(error({ method: 'subscribe', params: { channel: 'ohlc', symbol: ['BTC/USD'] } })).toMatchObject({ error: 'Subscription ohlc requires interval' })
    expect(error(subscribeOhlc(['BTC/USD'], '1'))).toMatchObject({ error: 'Subscription ohlc interval must be an integer' })
    expect(error(subscribeOhlc(['BTC/USD'], 1.5))).toMatchObject({ error: 'Subscription ohlc interval must be an integer' })
    expect(error(subscribeOhlc(['BTC/USD'], 2))).toMatchObject({ error: 'Subscription ohlc interval not supported' })
  })

  it('private channels and trading on the public host, public data on the auth host (recorded 2026-09-25)', () => {
    expect(error({ method: 'subscribe', params: { channel: 'executions' } })).toMatchObject({ error: 'Private data and trading are unavailable on this endpoint. Try ws-auth.kraken.com', method: 'subscribe' })
    expect(error({ method: 'add_order', params: {} })).toMatchObject({ error: 'Private data and trading are unavailable on this endpoint. Try ws-auth.kraken.com', method: 'add_order' })
    const auth = 'wss://ws-auth.kraken.com/v2'
    expect(error(subscribeOhlc(['BTC/USD']), auth)).toMatchObject({ error: 'Public market data subscriptions are unavailable on this endpoint. Try ws.kraken.com', method: 'subscribe' })
    const session = error({ method: 'subscribe', params: { channel: 'executions' } }, auth)
    expect(Object.keys(session)).toEqual(['channel', 'error', 'method', 'status', 'success', 'time_in', 'time_out'])
    expect(session).toMatchObject({ channel: 'executions', error: 'ESession:Invalid session', status: 'error' })
  })
})

// ─────────────────────────────── WebSocket v1 (§2.6) ───────────────────────────────

describe('WebSocket v1 (legacy, wss://ws.kraken.com)', () => {
  const v1 = () => {
    const opened = open('wss://ws.kraken.com')
    return { ...opened, banner: opened.socket.take()[0] }
  }

  it('greets with systemStatus and a connection id', () => {
    const { socket, banner } = v1()
    expect(banner).toMatchObject({ event: 'systemStatus', status: 'online', version: '1.9.5' })
    expect(Object.keys(banner)).toEqual(['connectionID', 'event', 'status', 'version'])
    expect(socket.sent).toEqual([])
  })

  it('subscribe: the ack names the channel (ohlc-5), then the last valid candle, then updates as arrays of strings', () => {
    const { socket, send } = v1()
    send({ event: 'subscribe', pair: ['XBT/USD'], subscription: { name: 'ohlc', interval: 5 }, reqid: 42 })
    expect(socket.sent[0]).toBe('{"channelID":1,"channelName":"ohlc-5","event":"subscriptionStatus","pair":"XBT/USD","reqid":42,"status":"subscribed","subscription":{"interval":5,"name":"ohlc"}}')
    const [, snapshot] = socket.take()
    const candle = engine.candleAt('BTC/USD', '5m', NOW)
    const vwap = ohlc('pair=XBTUSD&interval=5').rows.at(-1)![5]
    expect(snapshot).toEqual([
      1,
      [(NOW / 1000).toFixed(6), (Date.UTC(2026, 2, 10, 12, 35) / 1000).toFixed(6), ...[candle.open, candle.high, candle.low, candle.close].map((p) => p.toFixed(2)), vwap, candle.volume.toFixed(8), candle.trades],
      'ohlc-5',
      'XBT/USD',
    ])
    socket.clock.now = NOW + 1000
    socket.live[0].onUpdate(engine.candleAt('BTC/USD', '5m', NOW + 1000), false)
    const [update] = socket.take() as unknown as [number, unknown[], string, string][]
    expect([update[0], update[1][0], update[1][1], update[1].length, update[2], update[3]]).toEqual([1, ((NOW + 1000) / 1000).toFixed(6), '1773146100.000000', 9, 'ohlc-5', 'XBT/USD'])
  })

  it('interval defaults to 1; BTC/USD is read too; errors per pair in the documented texts', () => {
    const { socket, send } = v1()
    send({ event: 'subscribe', pair: ['BTC/USD', 'foobar', 'NOPE/USD', 'BTC/USD'], subscription: { name: 'ohlc' } })
    const frames = socket.take().filter((f) => !Array.isArray(f))
    expect(frames).toEqual([
      { channelID: 1, channelName: 'ohlc-1', event: 'subscriptionStatus', pair: 'BTC/USD', status: 'subscribed', subscription: { interval: 1, name: 'ohlc' } },
      { errorMessage: 'Currency pair not in ISO 4217-A3 format foobar', event: 'subscriptionStatus', pair: 'foobar', status: 'error', subscription: { interval: 1, name: 'ohlc' } },
      { errorMessage: 'Currency pair not supported NOPE/USD', event: 'subscriptionStatus', pair: 'NOPE/USD', status: 'error', subscription: { interval: 1, name: 'ohlc' } },
      { errorMessage: 'Already subscribed', event: 'subscriptionStatus', pair: 'BTC/USD', status: 'error', subscription: { interval: 1, name: 'ohlc' } },
    ])
    send({ event: 'subscribe', pair: ['XBT/USD'], subscription: { name: 'ohlc', interval: 2 }, reqid: 1 })
    send({ event: 'subscribe', pair: ['XBT/USD'], subscription: { name: 'ohlc', interval: '5' }, reqid: 1 })
    send({ event: 'subscribe', pair: 'XBT/USD', subscription: { name: 'ohlc' }, reqid: 1 })
    send({ event: 'subscribe', pair: ['XBT/USD'], subscription: { name: 'candles' }, reqid: 1 })
    expect(socket.take().map((f) => f.errorMessage)).toEqual([
      'Subscription ohlc interval not supported',
      'Subscription ohlc interval must be an integer',
      'Pair field must be an array',
      'Subscription name invalid',
    ])
  })

  it('unsubscribe by pair or by channel id; ping → pong; heartbeats; malformed frames', () => {
    const { socket, send } = v1()
    send({ event: 'subscribe', pair: ['XBT/USD', 'ETH/USD'], subscription: { name: 'ohlc', interval: 60 } })
    socket.take()
    send({ event: 'unsubscribe', pair: ['XBT/USD'], subscription: { name: 'ohlc', interval: 60 }, reqid: 5 })
    send({ event: 'unsubscribe', channelID: 2 })
    send({ event: 'unsubscribe', channelID: 2 })
    expect(socket.take()).toEqual([
      { channelID: 1, channelName: 'ohlc-60', event: 'subscriptionStatus', pair: 'XBT/USD', reqid: 5, status: 'unsubscribed', subscription: { interval: 60, name: 'ohlc' } },
      { channelID: 2, channelName: 'ohlc-60', event: 'subscriptionStatus', pair: 'ETH/USD', status: 'unsubscribed', subscription: { interval: 60, name: 'ohlc' } },
      { errorMessage: 'Subscription Not Found', event: 'subscriptionStatus', status: 'error' },
    ])
    expect(socket.live).toEqual([])
    send({ event: 'ping', reqid: 42 })
    expect(socket.sent).toEqual(['{"event":"pong","reqid":42}'])
    socket.take()
    socket.advance(2600)
    expect(socket.take()).toEqual([{ event: 'heartbeat' }, { event: 'heartbeat' }])
    send('nonsense')
    send({ event: 'hello' })
    expect(socket.take()).toEqual([
      { errorMessage: 'Malformed request', event: 'error' },
      { errorMessage: 'Event(s) not found', event: 'error' },
    ])
  })
})
