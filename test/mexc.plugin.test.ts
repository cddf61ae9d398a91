import { describe, expect, it } from 'vitest'
import { mexcPerpetual, mexcSpot } from '../handlers/mexc/index.js'
import { encodePushWrapper } from '../handlers/mexc/protobuf.js'
import type { Candle } from '../src/engine/candle.js'
import { CandleEngine } from '../src/engine/engine.js'
import type { IntervalInput } from '../src/engine/interval.js'
import { createContext } from '../src/exchange/context.js'
import type { ExchangePlugin, ListedMarket, RestReply, RestRequest, WsSocket } from '../src/exchange/types.js'

// Compliance tests of the MEXC plugins against wire-formats §1 (Spot v3) and §2 (contract API),
// through the plugin contract only: no network, no MSW, no real time.

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const NOW = Date.UTC(2026, 2, 10, 12, 34, 56, 789)
const engine = new CandleEngine({
  seed: 7,
  markets: [{ symbol: 'BTC/USDT' }, { symbol: 'ETH/BTC', price: 0.05, tickSize: 0.00001, lotSize: 0.0001 }],
})
/** One engine market per symbol: the perpetual BTC/USDT lives in its own engine. */
const perpEngine = new CandleEngine({ seed: 7, markets: [{ symbol: 'BTC/USDT', kind: 'perpetual' }] })
const engineOf = (plugin: ExchangePlugin) => (plugin === mexcPerpetual ? perpEngine : engine)

type Row = [number, string, string, string, string, string, number, string]
interface Columns {
  time: number[]
  open: number[]
  close: number[]
  high: number[]
  low: number[]
  vol: number[]
  amount: number[]
}

function call(plugin: ExchangePlugin, url: string, now = NOW): RestReply {
  const parsed = new URL(url)
  const request: RestRequest = { method: 'GET', url: parsed, query: parsed.searchParams, headers: new Headers() }
  const route = plugin.routes.find((r) => r.method === 'GET' && (r.match ? r.match(parsed.pathname) : r.path === parsed.pathname))
  if (!route) throw new Error(`no route for ${url}`)
  return route.handle(request, createContext(plugin, engineOf(plugin), () => now))
}
const spot = (query: string, now?: number) => call(mexcSpot, `https://api.mexc.com/api/v3/klines?${query}`, now)
const perp = (path: string, now?: number) => call(mexcPerpetual, `https://contract.mexc.com/api/v1/contract/kline/${path}`, now)
const rows = (reply: RestReply) => {
  expect(reply.status).toBe(200)
  return reply.body as Row[]
}
const columns = (reply: RestReply) => {
  expect(reply.status).toBe(200)
  const body = reply.body as { success: boolean; code: number; data: Columns }
  expect(body.success).toBe(true)
  expect(body.code).toBe(0)
  return body.data
}
const spotError = (reply: RestReply, code: number, msg: string) => expect(reply).toEqual({ status: 400, body: { msg, code, _extend: null } })
const contractError = (reply: RestReply, code: number, message: string) => expect(reply).toEqual({ status: 200, body: { success: false, code, message } })

describe('spot REST klines (§1.1–1.3)', () => {
  it('8 columns: times numbers, prices and volumes unpadded strings, close time = open + interval', () => {
    const [row] = rows(spot('symbol=BTCUSDT&interval=1m&startTime=1767225600000&limit=1'))
    expect(row).toHaveLength(8)
    expect(row[0]).toBe(1767225600000)
    expect(row[6]).toBe(1767225600000 + MINUTE)
    for (const index of [1, 2, 3, 4, 5, 7]) expect(row[index]).toMatch(/^\d+(\.\d*[1-9])?$/)
    const [c] = engine.candles('BTC/USDT', '1m', { start: 1767225600000, end: 1767225600000 + MINUTE })
    expect(row.slice(1, 6).map(Number)).toEqual([c.open, c.high, c.low, c.close, c.volume])
    expect(Number(row[7])).toBeCloseTo(c.quoteVolume, 6)
  })

  it('MEXC interval names: 60m and 1W are accepted, 1h and 1w are "Invalid interval." -1121', () => {
    expect(rows(spot('symbol=BTCUSDT&interval=60m&limit=2')).map((r) => r[6] - r[0])).toEqual([HOUR, HOUR])
    expect(rows(spot('symbol=BTCUSDT&interval=1W&limit=1'))[0][0]).toBe(Date.UTC(2026, 2, 9))
    expect(rows(spot('symbol=BTCUSDT&interval=1M&limit=1'))[0][0]).toBe(Date.UTC(2026, 2, 1))
    for (const bad of ['1h', '1w', 'Min1', '8h', '']) spotError(spot(`symbol=BTCUSDT&interval=${bad}`), -1121, 'Invalid interval.')
  })

  it('no range: the latest 500, ascending, the candle in progress last; limit caps at 1000', () => {
    const latest = rows(spot('symbol=BTCUSDT&interval=1m'))
    expect(latest).toHaveLength(500)
    expect(latest.at(-1)![0]).toBe(NOW - (NOW % MINUTE))
    for (let i = 1; i < latest.length; i++) expect(latest[i][0] - latest[i - 1][0]).toBe(MINUTE)
    expect(rows(spot('symbol=BTCUSDT&interval=1m&limit=5000'))).toHaveLength(1000)
  })

  it('startTime inclusive (aligned up), endTime exclusive', () => {
    const start = Date.UTC(2026, 0, 1)
    expect(rows(spot(`symbol=BTCUSDT&interval=1m&startTime=${start}&endTime=${start + 3 * MINUTE}`)).map((r) => r[0])).toEqual([start, start + MINUTE, start + 2 * MINUTE])
    expect(rows(spot(`symbol=BTCUSDT&interval=1m&startTime=${start + 1}&limit=1`))[0][0]).toBe(start + MINUTE)
    expect(rows(spot(`symbol=BTCUSDT&interval=1m&endTime=${start}&limit=2`)).map((r) => r[0])).toEqual([start - 2 * MINUTE, start - MINUTE])
    expect(rows(spot(`symbol=BTCUSDT&interval=1m&startTime=${NOW + HOUR}`))).toEqual([])
  })

  it('errors: unknown or contract symbol -1121, bad numbers -1128, all 400 with _extend', () => {
    spotError(spot('symbol=NOPE&interval=1m'), -1121, 'Invalid symbol.')
    spotError(spot('symbol=BTC_USDT&interval=1m'), -1121, 'Invalid symbol.')
    spotError(spot('interval=1m'), -1121, 'Invalid symbol.')
    spotError(spot('symbol=BTCUSDT&interval=1m&limit=abc'), -1128, 'Combination of optional parameters invalid.')
    spotError(spot('symbol=BTCUSDT&interval=1m&limit=0'), -1128, 'Combination of optional parameters invalid.')
  })

  it('time, ping, exchangeInfo (status "1", spot markets only), defaultSymbols', () => {
    expect(call(mexcSpot, 'https://api.mexc.com/api/v3/time').body).toEqual({ serverTime: NOW })
    expect(call(mexcSpot, 'https://api.mexc.com/api/v3/ping').body).toEqual({})
    const info = call(mexcSpot, 'https://api.mexc.com/api/v3/exchangeInfo').body as { symbols: { symbol: string; status: string; isSpotTradingAllowed: boolean }[] }
    expect(info.symbols.map((s) => [s.symbol, s.status, s.isSpotTradingAllowed])).toEqual([
      ['BTCUSDT', '1', true],
      ['ETHBTC', '1', true],
    ])
    expect((call(mexcSpot, 'https://api.mexc.com/api/v3/exchangeInfo?symbol=ETHBTC').body as { symbols: unknown[] }).symbols).toHaveLength(1)
    spotError(call(mexcSpot, 'https://api.mexc.com/api/v3/exchangeInfo?symbol=NOPE'), -1121, 'Invalid symbol.')
    expect(call(mexcSpot, 'https://api.mexc.com/api/v3/defaultSymbols').body).toEqual({ code: 200, data: ['BTCUSDT', 'ETHBTC'], msg: null })
  })

  it('spot answers contract/detail as a stand-in with no contracts (ccxt loads it, §1.4)', () => {
    const route = mexcSpot.routes.find((r) => r.path === '/api/v1/contract/detail')!
    expect(route.fallback).toBe(true)
    expect(call(mexcSpot, 'https://api.mexc.com/api/v1/contract/detail').body).toEqual({ success: true, code: 0, data: [] })
  })
})

describe('contract REST klines (§2.1–2.3)', () => {
  it('columnar numbers in seconds, key order, vol in contracts, default Min1, latest 2000 with the candle in progress', () => {
    const data = columns(perp('BTC_USDT'))
    expect(Object.keys(data)).toEqual(['time', 'open', 'close', 'high', 'low', 'vol', 'amount', 'realOpen', 'realClose', 'realHigh', 'realLow'])
    expect(data.time).toHaveLength(2000)
    expect(data.time.at(-1)).toBe((NOW - (NOW % MINUTE)) / 1000)
    const [c] = perpEngine.candles('BTC/USDT', '1m', { start: NOW - (NOW % MINUTE) - MINUTE, end: NOW - (NOW % MINUTE) })
    const i = data.time.length - 2
    expect([data.open[i], data.high[i], data.low[i], data.close[i]]).toEqual([c.open, c.high, c.low, c.close])
    expect(data.vol[i]).toBe(Math.round(c.volume / perpEngine.market('BTC/USDT').lotSize))
    expect(Number.isInteger(data.vol[i])).toBe(true)
  })

  it('start/end in seconds, both inclusive; only end → the 2000 up to it; lowercase symbol accepted', () => {
    const start = Date.UTC(2026, 0, 1) / 1000
    expect(columns(perp(`BTC_USDT?interval=Min5&start=${start}&end=${start + 600}`)).time).toEqual([start, start + 300, start + 600])
    const onlyEnd = columns(perp(`btc_usdt?interval=Min60&end=${start}`)).time
    expect(onlyEnd).toHaveLength(2000)
    expect(onlyEnd.at(-1)).toBe(start)
    expect(columns(perp(`BTC_USDT?interval=Day1&start=${start}`)).time[0]).toBe(start)
  })

  it('errors are HTTP 200 with success:false: unknown contract 1001, bad interval or time 600', () => {
    contractError(perp('NOPE_USDT'), 1001, 'Contract does not exist')
    contractError(perp('BTCUSDT'), 1001, 'Contract does not exist')
    contractError(perp('BTC_USDT?interval=1m'), 600, 'Param error!')
    contractError(perp('BTC_USDT?start=yesterday'), 600, 'Param error!')
  })

  it('ping (server time), detail list and detail?symbol object, spot stand-ins with no markets', () => {
    expect(call(mexcPerpetual, 'https://api.mexc.com/api/v1/contract/ping').body).toEqual({ success: true, code: 0, data: NOW })
    const detail = call(mexcPerpetual, 'https://api.mexc.com/api/v1/contract/detail').body as { data: { symbol: string; state: number; settleCoin: string }[] }
    expect(detail.data.map((d) => [d.symbol, d.state, d.settleCoin])).toEqual([['BTC_USDT', 0, 'USDT']])
    expect((call(mexcPerpetual, 'https://api.mexc.com/api/v1/contract/detail?symbol=BTC_USDT').body as { data: { symbol: string } }).data.symbol).toBe('BTC_USDT')
    contractError(call(mexcPerpetual, 'https://api.mexc.com/api/v1/contract/detail?symbol=NOPE_USDT'), 1001, 'Contract does not exist')
    expect((call(mexcPerpetual, 'https://api.mexc.com/api/v3/exchangeInfo').body as { symbols: unknown[] }).symbols).toEqual([])
    expect(mexcPerpetual.routes.filter((r) => r.fallback).map((r) => r.path)).toContain('/api/v3/exchangeInfo')
  })
})

describe('native errors the core asks for', () => {
  it('spot 429 with Retry-After; contract rate limit is HTTP 200 code 510', () => {
    expect(mexcSpot.errors.rateLimited({ retryAfter: 2.5, banned: false, until: 0, limit: 500 })).toEqual({
      status: 429,
      body: { msg: 'Too Many Requests', code: 429, _extend: null },
      headers: { 'Retry-After': '3' },
    })
    contractError(mexcPerpetual.errors.rateLimited({ retryAfter: 1, banned: false, until: 0, limit: 20 }), 510, 'Requests are too frequent, please try again later')
    expect(mexcPerpetual.errors.status(503)).toEqual({ status: 503, body: { success: false, code: 500, message: 'System internal error!' } })
    const request: RestRequest = { method: 'GET', url: new URL('https://api.mexc.com/api/v3/kline'), query: new URLSearchParams(), headers: new Headers() }
    expect(mexcSpot.errors.notFound(request, 'GET /api/v3/klines').status).toBe(404)
  })
})

describe('spot protobuf (§1.7)', () => {
  it('encodes the documented example to the exact 183 bytes', () => {
    const bytes = encodePushWrapper({
      channel: 'spot@public.kline.v3.api.pb@BTCUSDT@Min1',
      symbol: 'BTCUSDT',
      symbolId: '2fb942154ef44a4ab2ef98c8afb6a4a7',
      createTime: 1754737941062,
      sendTime: 1754737941063,
      publicSpotKline: {
        interval: 'Min1',
        windowStart: 1754737920,
        openingPrice: '117317.31',
        closingPrice: '117325.26',
        highestPrice: '117341',
        lowestPrice: '117317.3',
        volume: '3.12599854',
        amount: '366804.43',
        windowEnd: 1754737980,
      },
    })
    const expected =
      '0a2873706f74407075626c69632e6b6c696e652e76332e6170692e70624042544355534454404d696e31' +
      '1a0742544355534454222032666239343231353465663434613461623265663938633861666236613461' +
      '3728c6b4a0f4883330c7b4a0f48833a213510a044d696e311080dadcc4061a093131373331372e333122' +
      '093131373332352e32362a0631313733343132083131373331372e333a0a332e3132353939383534420933' +
      '36363830342e343348bcdadcc406'
    expect(Buffer.from(bytes).toString('hex')).toBe(expected)
    expect(bytes).toHaveLength(183)
  })
})

// ---------------------------------------------------------------- WebSocket

interface Follow {
  market: ListedMarket
  interval: IntervalInput
  cadenceMs: number
  onUpdate: (candle: Candle, closed: boolean) => void
  stopped: boolean
}
interface Timer {
  due: number
  every?: number
  fn: () => void
  stopped: boolean
}

/** A WsSocket on a virtual clock: records frames and closes; `advance` runs the timers that fall due. */
class FakeSocket implements WsSocket {
  readonly url: URL
  readonly supportsPing = false
  readonly rejected = new Set<string>()
  readonly sent: (string | Uint8Array)[] = []
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
    if (!this.closedWith) this.sent.push(frame)
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
  get texts(): unknown[] {
    return this.sent.filter((f) => typeof f === 'string').map((f) => JSON.parse(f as string))
  }
  get live(): Follow[] {
    return this.follows.filter((f) => !f.stopped)
  }
}

function open(plugin: ExchangePlugin, url: string) {
  const clock = { now: NOW }
  const socket = new FakeSocket(url, clock)
  expect(plugin.ws.accepts(socket.url)).toBe(true)
  const connection = plugin.ws.connect(socket, createContext(plugin, engineOf(plugin), () => clock.now))
  const send = (frame: unknown) => connection.message(typeof frame === 'string' ? frame : JSON.stringify(frame))
  return { socket, connection, clock, send }
}

/** Reads a protobuf message into field number → values (varints as numbers, bytes as Uint8Array). */
function decode(bytes: Uint8Array): Map<number, (number | Uint8Array)[]> {
  const fields = new Map<number, (number | Uint8Array)[]>()
  let at = 0
  const varint = () => {
    let value = 0
    let scale = 1
    for (;;) {
      const byte = bytes[at++]
      value += (byte & 0x7f) * scale
      scale *= 128
      if (byte < 0x80) return value
    }
  }
  while (at < bytes.length) {
    const tag = varint()
    const field = Math.floor(tag / 8)
    let value: number | Uint8Array
    if (tag % 8 === 0) value = varint()
    else {
      const length = varint()
      value = bytes.slice(at, at + length)
      at += length
    }
    fields.set(field, [...(fields.get(field) ?? []), value])
  }
  return fields
}
const text = (value: number | Uint8Array | undefined) => new TextDecoder().decode(value as Uint8Array)

describe('spot WebSocket (§1.7)', () => {
  it('accepts /ws only', () => {
    expect(mexcSpot.ws.accepts(new URL('wss://wbs-api.mexc.com/ws'))).toBe(true)
    expect(mexcSpot.ws.accepts(new URL('wss://wbs-api.mexc.com/edge'))).toBe(false)
  })

  it('SUBSCRIPTION is acked with the channel (code 0), follows at 1 s and pushes binary protobuf with seconds', () => {
    const { socket, send } = open(mexcSpot, 'wss://wbs-api.mexc.com/ws')
    const channel = 'spot@public.kline.v3.api.pb@BTCUSDT@Min60'
    send({ method: 'SUBSCRIPTION', params: [channel] })
    expect(socket.texts).toEqual([{ id: 0, code: 0, msg: channel }])
    expect(socket.live.map((f) => [f.market.id, f.interval, f.cadenceMs])).toEqual([['BTCUSDT', '1h', 1000]])
    const candle = engine.candleAt('BTC/USDT', '1h', NOW)
    socket.live[0].onUpdate(candle, false)
    const frame = socket.sent.at(-1) as Uint8Array
    expect(frame).toBeInstanceOf(Uint8Array)
    const wrapper = decode(frame)
    expect(text(wrapper.get(1)![0])).toBe(channel)
    expect(text(wrapper.get(3)![0])).toBe('BTCUSDT')
    expect(wrapper.get(5)![0]).toBe(NOW)
    const kline = decode(wrapper.get(308)![0] as Uint8Array)
    expect(text(kline.get(1)![0])).toBe('Min60')
    expect(kline.get(2)![0]).toBe(candle.openTime / 1000)
    expect(kline.get(9)![0]).toBe(candle.openTime / 1000 + 3600)
    expect([3, 4, 5, 6, 7].map((f) => Number(text(kline.get(f)![0])))).toEqual([candle.open, candle.close, candle.high, candle.low, candle.volume])
  })

  it('PING and ccxt\'s lowercase ping both get {"msg":"PONG"}; unknown channels are refused with code 0 "Blocked!"', () => {
    const { socket, send } = open(mexcSpot, 'wss://wbs-api.mexc.com/ws')
    send({ method: 'PING' })
    send({ method: 'ping' })
    send({ method: 'SUBSCRIPTION', params: ['spot@public.kline.v3.api@BTCUSDT@Min1', 'spot@public.kline.v3.api.pb@NOPE@Min1', 'spot@public.kline.v3.api.pb@BTCUSDT@1m'], id: 7 })
    expect(socket.texts).toEqual([
      { id: 0, code: 0, msg: 'PONG' },
      { id: 0, code: 0, msg: 'PONG' },
      {
        id: 7,
        code: 0,
        msg: 'Not Subscribed successfully! [spot@public.kline.v3.api@BTCUSDT@Min1,spot@public.kline.v3.api.pb@NOPE@Min1,spot@public.kline.v3.api.pb@BTCUSDT@1m].  Reason： Blocked! ',
      },
    ])
    expect(socket.live).toHaveLength(0)
  })

  it('UNSUBSCRIPTION stops the follow; a rejectSubscription fault refuses; no subscription for 30 s closes', () => {
    const { socket, send } = open(mexcSpot, 'wss://wbs-api.mexc.com/ws')
    const channel = 'spot@public.kline.v3.api.pb@ETHBTC@Min1'
    socket.rejected.add(channel)
    send({ method: 'SUBSCRIPTION', params: [channel] })
    expect((socket.texts.at(-1) as { msg: string }).msg).toMatch(/^Not Subscribed successfully!/)
    socket.rejected.clear()
    send({ method: 'SUBSCRIPTION', params: [channel] })
    send({ method: 'UNSUBSCRIPTION', params: [channel] })
    expect(socket.texts.at(-1)).toEqual({ id: 0, code: 0, msg: channel })
    expect(socket.live).toHaveLength(0)
    const idle = open(mexcSpot, 'wss://wbs-api.mexc.com/ws')
    idle.socket.advance(30_000)
    expect(idle.socket.closedWith?.code).toBe(1000)
  })

  it('subscribed but silent for more than 60 s closes; a client PING keeps it open', () => {
    const { socket, send } = open(mexcSpot, 'wss://wbs-api.mexc.com/ws')
    send({ method: 'SUBSCRIPTION', params: ['spot@public.kline.v3.api.pb@BTCUSDT@Min1'] })
    socket.advance(50_000)
    send({ method: 'PING' })
    socket.advance(50_000)
    expect(socket.closedWith).toBeUndefined()
    socket.advance(20_000)
    expect(socket.closedWith?.code).toBe(1000)
  })
})

describe('futures WebSocket (§2.7)', () => {
  it('sub.kline → rs.sub.kline success, push.kline JSON with seconds and contracts; ping → pong', () => {
    expect(mexcPerpetual.ws.accepts(new URL('wss://contract.mexc.com/ws'))).toBe(false)
    const { socket, send } = open(mexcPerpetual, 'wss://contract.mexc.com/edge')
    send({ method: 'sub.kline', param: { symbol: 'BTC_USDT', interval: 'Min1' } })
    send({ method: 'sub.kline', param: { symbol: 'BTC_USDT', interval: 'Min1' } })
    expect(socket.texts).toEqual([
      { channel: 'rs.sub.kline', data: 'success', ts: NOW },
      { channel: 'rs.sub.kline', data: 'success', ts: NOW },
    ])
    expect(socket.live).toHaveLength(1)
    const candle = perpEngine.candleAt('BTC/USDT', '1m', NOW)
    socket.live[0].onUpdate(candle, false)
    const push = socket.texts.at(-1) as { channel: string; symbol: string; data: Record<string, unknown> }
    expect(push.channel).toBe('push.kline')
    expect(push.symbol).toBe('BTC_USDT')
    expect(Object.keys(push.data)).toEqual(['a', 'c', 'h', 'interval', 'l', 'o', 'q', 'rc', 'rh', 'rl', 'ro', 'symbol', 't'])
    expect(push.data).toMatchObject({ o: candle.open, c: candle.close, h: candle.high, l: candle.low, t: candle.openTime / 1000, interval: 'Min1' })
    expect(push.data.q).toBe(Math.round(candle.volume / perpEngine.market('BTC/USDT').lotSize))
    send({ method: 'ping' })
    expect(socket.texts.at(-1)).toEqual({ channel: 'pong', data: NOW, ts: NOW })
    send({ method: 'unsub.kline', param: { symbol: 'BTC_USDT' } })
    expect(socket.live).toHaveLength(0)
  })

  it('unknown contract → rs.error naming it; unknown method → no reply; garbage ignored', () => {
    const { socket, send } = open(mexcPerpetual, 'wss://contract.mexc.com/edge')
    send({ method: 'sub.kline', param: { symbol: 'NOPE_USDT', interval: 'Min1' } })
    send({ method: 'sub.nothing' })
    send('{not json')
    expect(socket.texts).toEqual([{ channel: 'rs.error', data: 'Contract [NOPE_USDT] not exists', ts: NOW }])
  })

  it('no client frame for more than 66 s closes (probed 65–68 s)', () => {
    const { socket } = open(mexcPerpetual, 'wss://contract.mexc.com/edge')
    socket.advance(66_000)
    expect(socket.closedWith).toBeUndefined()
    socket.advance(1_000)
    expect(socket.closedWith?.code).toBe(1000)
  })
})
