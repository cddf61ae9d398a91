import ccxt from 'ccxt'
import { connect as tcpConnect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { CandleEngine, supportedExchanges } from '../../src/index.js'
import { pluginFor } from '../../src/registry.js'
import { exited, run, runPython, serveCli, type CliServer } from './processes.js'

/**
 * Clients in other processes and languages against the CLI server (`mock-exchange serve`
 * in a child process, every registered exchange on its own port): a Python client on the
 * standard library, ccxt over loopback, and curl. What they read is checked against the
 * engine built here with the same seed, markets and clock start.
 */
const T0 = Date.UTC(2026, 0, 1, 12)
const MINUTE = 60_000
const engine = new CandleEngine({ seed: 42, anchor: T0, markets: [{ symbol: 'BTC/USDT', price: 50_000 }, { symbol: 'ETH/USDT' }] })
const expected = (start: number, end: number) => engine.candles('BTC/USDT', '1m', { start, end }).map((c) => [c.openTime, c.open, c.high, c.low, c.close, c.volume])

/** How a client in another language reads each exchange: its klines URL and stream, in its own wire format. */
interface WireSpec {
  klines(base: string): string
  rows(body: string): number[][]
  stream(ws: string): { url: string; send: string[]; until: string }
  closed(frame: string): number[]
}

const binance = (klines: string, stream: string): WireSpec => ({
  klines: (base) => `${base}${klines}?symbol=BTCUSDT&interval=1m&startTime=${T0 - 60 * MINUTE}&limit=60`,
  rows: (body) => (JSON.parse(body) as string[][]).map((row) => row.slice(0, 6).map(Number)),
  stream: (ws) => ({ url: `${ws}${stream}`, send: [], until: '"x":true' }),
  closed: (frame) => {
    const { k } = JSON.parse(frame)
    return [k.t, k.o, k.h, k.l, k.c, k.v].map(Number)
  },
})

const bybit = (category: string): WireSpec => ({
  klines: (base) => `${base}/v5/market/kline?category=${category}&symbol=BTCUSDT&interval=1&start=${T0 - 60 * MINUTE}&end=${T0 - 1}&limit=60`,
  rows: (body) => (JSON.parse(body).result.list as string[][]).map((row) => row.slice(0, 6).map(Number)).reverse(),
  stream: (ws) => ({ url: `${ws}/v5/public/${category}`, send: [JSON.stringify({ op: 'subscribe', args: ['kline.1.BTCUSDT'] })], until: '"confirm":true' }),
  closed: (frame) => {
    const candle = JSON.parse(frame).data.find((d: { confirm: boolean }) => d.confirm)
    return [candle.start, candle.open, candle.high, candle.low, candle.close, candle.volume].map(Number)
  },
})

const WIRE: Record<string, WireSpec> = {
  binance_spot: binance('/api/v3/klines', '/ws/btcusdt@kline_1m'),
  binance_perpetual: binance('/fapi/v1/klines', '/market/ws/btcusdt@kline_1m'),
  bybit_spot: bybit('spot'),
  bybit_perpetual: bybit('linear'),
}
const covered = supportedExchanges().filter((type) => type in WIRE)

/** ccxt unmodified but for where it sends: every REST and stream URL's origin swapped for the local one. */
function pointAt<T extends { urls: Record<string, unknown> }>(client: T, endpoint: { rest: string; ws: string }): T {
  const swap = (value: unknown): unknown => {
    if (typeof value === 'string') return value.replace(/^https:\/\/[^/]+/, endpoint.rest).replace(/^wss:\/\/[^/]+/, endpoint.ws)
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, swap(v)]))
    return value
  }
  client.urls.api = swap(client.urls.api) as Record<string, unknown>
  return client
}

let server: CliServer
beforeAll(async () => {
  server = await serveCli([
    '--exchange', 'all', '--seed', '42', '--speed', '60', '--start', '2026-01-01T12:00:00Z',
    '--market', 'BTC/USDT=50000', '--market', 'ETHUSDT',
    '--fault', JSON.stringify({ type: 'hang', exchange: 'binance_spot', route: 'ping' }),
  ])
}, 20_000)
afterAll(() => {
  if (server?.child.exitCode === null) server.child.kill('SIGKILL')
})

describe('the CLI server', () => {
  it('serves every registered exchange, each on its own loopback port', () => {
    expect(Object.keys(server.info.exchanges)).toEqual(supportedExchanges())
    for (const endpoint of Object.values(server.info.exchanges)) expect(endpoint.rest).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(server.info).toMatchObject({ seed: 42, clock: { mode: 'accelerated', start: T0, speed: 60 }, markets: ['BTC/USDT', 'ETH/USDT'] })
    expect(covered.length).toBeGreaterThanOrEqual(Math.min(3, supportedExchanges().length))
  })
})

describe('a Python client (standard library: urllib and a hand-written RFC 6455 client)', { timeout: 15_000 }, () => {
  it.concurrent.each(covered)('%s: REST candles equal the engine, and a stream delivers the closing candle', async (type) => {
    const spec = WIRE[type]
    const endpoint = server.info.exchanges[type]
    const result = await runPython({ rest: [{ url: spec.klines(endpoint.rest) }], ws: { ...spec.stream(endpoint.ws), max_frames: 2_000, timeout: 8 } })
    expect(result.rest[0].status).toBe(200)
    expect(spec.rows(result.rest[0].body)).toEqual(expected(T0 - 60 * MINUTE, T0))
    const frames = result.ws!.frames
    expect(frames.at(-1)).toContain(spec.stream(endpoint.ws).until)
    const closed = spec.closed(frames.at(-1)!)
    expect(closed).toEqual(expected(closed[0], closed[0] + MINUTE)[0])
  })
})

describe('every registered exchange over its port', { timeout: 15_000 }, () => {
  it('answers each of its fixed-path routes to a Python client natively (no 5xx, no mock-level miss)', async () => {
    const urls = supportedExchanges().flatMap((type) =>
      pluginFor(type)
        // (binance_spot's ping hangs: a fault the stopping test uses)
        .routes.filter((route) => !route.match && route.method === 'GET' && !(type === 'binance_spot' && route.name === 'ping'))
        .map((route) => ({ type, url: `${server.info.exchanges[type].rest}${route.path}` })),
    )
    const result = await runPython({ rest: urls.map(({ url }) => ({ url })) })
    const answers = result.rest.map((answer, i) => ({ ...urls[i], status: answer.status, body: answer.body.slice(0, 120) }))
    expect(answers.filter((a) => a.status >= 500 || a.body.includes('[mock-exchange]'))).toEqual([])
    // Every exchange with a fixed GET route was reached (Hyperliquid has only POST /info).
    const withGetRoutes = supportedExchanges().filter((type) => pluginFor(type).routes.some((route) => !route.match && route.method === 'GET'))
    expect(withGetRoutes.length).toBeGreaterThanOrEqual(supportedExchanges().length - 2)
    expect(new Set(answers.map((a) => a.type))).toEqual(new Set(withGetRoutes))
  })
})

describe('ccxt over loopback', { timeout: 15_000 }, () => {
  it('binance: loadMarkets, fetchOHLCV and watchOHLCV on the spot port', async () => {
    const endpoint = server.info.exchanges.binance_spot
    const rest = pointAt(new ccxt.binance({ enableRateLimit: false }), endpoint)
    const markets = await rest.loadMarkets()
    expect(markets['BTC/USDT']).toMatchObject({ spot: true, active: true })
    expect(await rest.fetchOHLCV('BTC/USDT', '1m', T0 - 30 * MINUTE, 30)).toEqual(expected(T0 - 30 * MINUTE, T0))
    const pro = pointAt(new ccxt.pro.binance({ enableRateLimit: false }), endpoint)
    await pro.loadHttpProxyAgent() // ccxt refuses ws:// without it
    try {
      const live = await pro.watchOHLCV('BTC/USDT', '1m')
      const [openTime, open] = live.at(-1)!
      expect(open).toBe(expected(openTime!, openTime! + MINUTE)[0][1])
    } finally {
      await pro.close()
    }
  })

  it.runIf(covered.includes('binance_perpetual'))('binanceusdm: fetchOHLCV on the perpetual port', async () => {
    const client = pointAt(new ccxt.binanceusdm({ enableRateLimit: false }), server.info.exchanges.binance_perpetual)
    expect(await client.fetchOHLCV('BTC/USDT:USDT', '1m', T0 - 10 * MINUTE, 10)).toEqual(expected(T0 - 10 * MINUTE, T0))
  })

  it.runIf(covered.includes('bybit_spot'))('bybit: fetchOHLCV on the spot port', async () => {
    const client = pointAt(new ccxt.bybit({ enableRateLimit: false }), server.info.exchanges.bybit_spot)
    expect(await client.fetchOHLCV('BTC/USDT', '1m', T0 - 10 * MINUTE, 10)).toEqual(expected(T0 - 10 * MINUTE, T0))
  })
})

describe.runIf(await run('which', ['curl']).then((r) => r.code === 0))('curl', { timeout: 15_000 }, () => {
  it('reads candles with only the base URL swapped, and reaches fapi by its Host header', async () => {
    const base = server.info.exchanges.binance_spot.rest
    const klines = await run('curl', ['-s', '-w', '\n%{http_code}', `${base}/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=${T0 - 5 * MINUTE}&limit=5`])
    const [body, status] = klines.stdout.split('\n')
    expect(status).toBe('200')
    expect((JSON.parse(body) as string[][]).map((row) => row.slice(0, 6).map(Number))).toEqual(expected(T0 - 5 * MINUTE, T0))
    // The real host in Host: fapi's rules apply (its exchangeInfo is served, an /api path is not).
    const fapi = await run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-H', 'Host: fapi.binance.com', `${base}/fapi/v1/exchangeInfo`])
    const wrongHost = await run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-H', 'Host: fapi.binance.com', `${base}/api/v3/time`])
    expect([fapi.stdout, wrongHost.stdout]).toEqual(['200', '404'])
  })
})

describe('stopping', () => {
  it('on SIGINT the server closes streams with 1001, cuts a hanging request and a half-sent frame, and the process exits 0 by itself', async () => {
    const endpoint = server.info.exchanges.binance_spot
    const clients = await Promise.all(
      Array.from({ length: 20 }, () => {
        const socket = new WebSocket(`${endpoint.ws}/ws/btcusdt@kline_1s`)
        const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)))
        return new Promise<{ closed: Promise<number> }>((resolve, reject) => {
          socket.once('open', () => resolve({ closed }))
          socket.once('error', reject)
        })
      }),
    )
    const hanging = fetch(`${endpoint.rest}/api/v3/ping`).then(
      (response) => `answered ${response.status}`,
      () => 'cut',
    )
    // A client that sent half a frame header and then nothing.
    const raw = tcpConnect(Number(new URL(endpoint.rest).port), '127.0.0.1')
    raw.on('error', () => {})
    raw.write(`GET /ws/ethusdt@kline_1m HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`)
    raw.write(Buffer.from([0x81]))
    server.child.kill('SIGINT')
    const ended = await exited(server.child, 8_000)
    expect(ended).toEqual({ code: 0, signal: null })
    expect(await Promise.all(clients.map((c) => c.closed))).toEqual(clients.map(() => 1001))
    expect(await hanging).toBe('cut')
    expect(server.stderr()).toContain('SIGINT, stopping')
    raw.destroy()
  }, 15_000)
})
