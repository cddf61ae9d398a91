import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { createMockServer, ExchangeType, type MockServer } from '../src/index.js'
import { fakePlugin } from './support/fake-plugin.js'

/**
 * How a local URL reaches an exchange: one port per exchange (paths as on the real host)
 * or one port with a prefix per exchange; and a real host in the Host header.
 */
const T0 = Date.UTC(2026, 0, 1, 12)
const options = { seed: 3, clock: { mode: 'manual' as const, start: T0 }, markets: [{ symbol: 'BTC/USDT', price: 50_000 }] }

/** GET with any Host header (fetch will not set one). */
function get(url: string, host?: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers: host ? { host } : {} }, (res) => {
      let body = ''
      res.on('data', (chunk) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** A ws client that collects parsed frames; `next(n)` waits for the n-th (bounded). */
function stream(url: string) {
  const socket = new WebSocket(url)
  const frames: any[] = []
  const waiters: Array<() => void> = []
  socket.on('message', (data) => {
    frames.push(JSON.parse(String(data)))
    waiters.splice(0).forEach((wake) => wake())
  })
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('error', reject)
  })
  const next = async (count: number) => {
    const deadline = Date.now() + 3_000
    while (frames.length < count) {
      if (Date.now() > deadline) throw new Error(`got ${frames.length} frames, wanted ${count}`)
      await new Promise<void>((resolve) => {
        waiters.push(resolve)
        setTimeout(resolve, 50)
      })
    }
    return frames
  }
  return { socket, frames, opened, next }
}

describe('one port per exchange', () => {
  let server: MockServer
  beforeAll(async () => {
    server = createMockServer({ exchangeType: [ExchangeType.BINANCE_SPOT, ExchangeType.BINANCE_PERPETUAL], ...options })
    await server.start()
  })
  afterAll(() => server.stop({ graceMs: 0 }))
  const [spot, perp] = [() => server.endpoints[0], () => server.endpoints[1]]

  it('each exchange has its port; paths are the real hosts’ paths; WS on the same port', async () => {
    expect(server.endpoints.map((e) => e.exchange)).toEqual(['binance_spot', 'binance_perpetual'])
    expect(spot().ws).toBe(spot().rest.replace('http:', 'ws:'))
    expect(new Set(server.endpoints.map((e) => new URL(e.rest).port)).size).toBe(2)
    expect((await get(`${spot().rest}/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=1`)).status).toBe(200)
    expect((await get(`${perp().rest}/fapi/v1/klines?symbol=BTCUSDT&interval=1m&limit=1`)).status).toBe(200)
    const wrong = await get(`${spot().rest}/fapi/v1/klines?symbol=BTCUSDT&interval=1m`)
    expect(wrong.status).toBe(404)
    expect(wrong.headers['x-mock-exchange-hint']).toMatch(/Binance Spot has no route GET \/fapi\/v1\/klines/)
  })

  it('a base URL reaches every host of the plugin by path: spot answers fapi’s exchangeInfo (empty), the perpetual port lists its symbols', async () => {
    const onSpot = JSON.parse((await get(`${spot().rest}/fapi/v1/exchangeInfo`)).body)
    const onPerp = JSON.parse((await get(`${perp().rest}/fapi/v1/exchangeInfo`)).body)
    expect([onSpot.symbols.length, onPerp.symbols.map((s: { symbol: string }) => s.symbol)]).toEqual([0, ['BTCUSDT']])
  })

  it('the journal shows the URL the client used', async () => {
    server.journal.clear()
    await get(`${perp().rest}/fapi/v1/time`)
    expect(server.journal.requests.map((r) => [r.exchange, r.url, r.route])).toEqual([['binance_perpetual', `${perp().rest}/fapi/v1/time`, 'time']])
  })

  it('streams push as the clock moves, and equal the REST candle at the close', async () => {
    const client = stream(`${spot().ws}/ws/btcusdt@kline_1m`)
    await client.opened
    await server.clock.advance(60_000)
    const frames = await client.next(30)
    expect(frames.at(-1).k).toMatchObject({ t: T0, x: true, s: 'BTCUSDT' })
    const [row] = JSON.parse((await get(`${spot().rest}/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=${T0}&limit=1`)).body)
    expect(frames.at(-1).k.c).toBe(row[4])
    client.socket.close()
  })

  it('an upgrade to a path no stream serves is refused with 404', async () => {
    const client = stream(`${perp().ws}/nope`)
    await expect(client.opened).rejects.toThrow(/Unexpected server response: 404/)
  })
})

describe('one port for all, a prefix per exchange', () => {
  let server: MockServer
  beforeAll(async () => {
    server = createMockServer({ exchangeType: [ExchangeType.BINANCE_SPOT, ExchangeType.BINANCE_PERPETUAL, fakePlugin], layout: 'one-port', ...options })
    await server.start()
  })
  afterAll(() => server.stop({ graceMs: 0 }))

  it('endpoints carry the prefix; each exchange answers under its own', async () => {
    const base = new URL(server.url).origin
    expect(server.endpoints.map((e) => e.rest)).toEqual([`${base}/binance_spot`, `${base}/binance_perpetual`, `${base}/fake`])
    expect((await get(`${base}/binance_spot/api/v3/time`)).body).toBe(JSON.stringify({ serverTime: T0 }))
    expect(JSON.parse((await get(`${base}/binance_perpetual/fapi/v1/exchangeInfo`)).body).symbols).toHaveLength(1)
    expect(JSON.parse((await get(`${base}/fake/v1/time`)).body)).toEqual({ time: T0 })
  })

  it('a path under no prefix gets mock-exchange’s 404 naming the prefixes', async () => {
    const miss = await get(`${new URL(server.url).origin}/api/v3/time`)
    expect(miss.status).toBe(404)
    expect(JSON.parse(miss.body).error).toMatch(/no exchange is mounted at \/api\/v3\/time. This port serves \/binance_spot, \/binance_perpetual, \/fake/)
  })

  it('WebSocket under the prefix, for a plugin’s own protocol too', async () => {
    const binance = stream(`${server.endpoints[1].ws}/market/ws/btcusdt@kline_1m`)
    const fake = stream(`${server.endpoints[2].ws}/stream`)
    await Promise.all([binance.opened, fake.opened])
    fake.socket.send(JSON.stringify({ op: 'sub', arg: 'BTC-USDT:1m' }))
    await fake.next(1)
    await server.clock.advance(1_000)
    expect((await binance.next(1))[0]).toMatchObject({ e: 'kline', s: 'BTCUSDT' })
    expect((await fake.next(2))[1]).toMatchObject({ final: false })
    binance.socket.close()
    fake.socket.close()
  })

  it('a real host in Host reaches that host’s routes without a prefix, as exchangeFor picks in process', async () => {
    server.journal.clear()
    const origin = new URL(server.url).origin
    const fapi = await get(`${origin}/fapi/v1/exchangeInfo`, 'fapi.binance.com')
    expect(JSON.parse(fapi.body).symbols).toHaveLength(1) // the perpetual's, not spot's fallback
    expect((await get(`${origin}/api/v3/time`, 'api.binance.com')).status).toBe(200)
    expect((await get(`${origin}/api/v3/time`, 'fapi.binance.com')).status).toBe(404) // an api path on fapi's host
    expect(server.journal.requests.map((r) => [r.exchange, r.url])).toEqual([
      ['binance_perpetual', 'https://fapi.binance.com/fapi/v1/exchangeInfo'],
      ['binance_spot', 'https://api.binance.com/api/v3/time'],
      ['binance_spot', 'https://fapi.binance.com/api/v3/time'],
    ])
  })
})
