// A default import, as clients such as axios use: ESM named imports of builtins are not patched.
import https from 'node:https'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { setupMockExchange } from '../src/index.js'
import { fakePlugin } from './support/fake-plugin.js'
import { untilFrame } from './support/ws.js'

/** The core pipeline and transports, through a made-up exchange (no real exchange's rules involved). */
const T0 = Date.UTC(2026, 0, 1)
const exchange = setupMockExchange(fakePlugin, { seed: 7, clock: { mode: 'manual', start: T0 }, markets: [{ symbol: 'BTC/USDT', price: 50_000 }] })
beforeAll(() => exchange.listen())
afterEach(() => exchange.reset())
afterAll(() => exchange.close())

const CANDLES = 'https://api.fake.test/v1/candles?symbol=BTC-USDT&interval=1m&limit=5'

describe('REST through fetch (the fast path)', () => {
  it('answers from the engine', async () => {
    const rows = await (await fetch(CANDLES)).json()
    expect(rows).toHaveLength(6)
    expect(rows[0][0]).toBe(T0 - 5 * 60_000)
    expect(Number(rows[5][1])).toBe(50_000)
  })

  it('refuses loudly a request that no mocked exchange answers', async () => {
    await expect(fetch('https://example.com/')).rejects.toThrow(/reached no mocked exchange/)
  })

  it("answers an unknown path on the exchange's host with its own not-found and the nearest route", async () => {
    const response = await fetch('https://api.fake.test/v1/candle')
    expect(response.status).toBe(404)
    expect(await response.json()).toEqual({ error: 'not found', nearest: 'GET /v1/candles' })
  })
})

describe('REST through node:https (MSW)', () => {
  it('answers http.request clients the same', async () => {
    const body = await new Promise<string>((resolve, reject) => {
      https.request(CANDLES, (res) => {
        let text = ''
        res.on('data', (chunk) => (text += chunk))
        res.on('end', () => resolve(text))
      })
        .on('error', reject)
        .end()
    })
    expect(JSON.parse(body)).toEqual(await (await fetch(CANDLES)).json())
  })
})

describe('faults', () => {
  it('a status fault answers with the exchange body, a given number of times, and is logged', async () => {
    exchange.faults.add({ type: 'status', status: 503, route: 'candles', times: 2 })
    expect((await fetch(CANDLES)).status).toBe(503)
    expect((await fetch(CANDLES)).status).toBe(503)
    expect((await fetch(CANDLES)).status).toBe(200)
    expect(exchange.faults.log.map((e) => [e.type, e.route])).toEqual([['status', 'candles'], ['status', 'candles']])
  })

  it('after and every pick which requests fail', async () => {
    exchange.faults.add({ type: 'status', status: 500, after: 1, every: 2 })
    const statuses = []
    for (let i = 0; i < 6; i++) statuses.push((await fetch('https://api.fake.test/v1/time')).status)
    expect(statuses).toEqual([200, 200, 500, 200, 500, 200])
  })

  it('a network error makes fetch reject', async () => {
    exchange.faults.add({ type: 'networkError', times: 1 })
    await expect(fetch(CANDLES)).rejects.toThrow(TypeError)
    expect((await fetch(CANDLES)).ok).toBe(true)
  })

  it('a hang lasts until the client aborts', async () => {
    exchange.faults.add({ type: 'hang' })
    const controller = new AbortController()
    const pending = fetch(CANDLES, { signal: controller.signal })
    controller.abort()
    await expect(pending).rejects.toThrow(/abort/i)
  })

  it('latency waits on the exchange clock', async () => {
    exchange.faults.add({ type: 'latency', ms: 500 })
    let done = false
    const pending = fetch('https://api.fake.test/v1/time').then(async (r) => {
      done = true
      return r.json()
    })
    await untilFrame(exchange, () => false, 50).catch(() => undefined)
    expect(done).toBe(false)
    await exchange.clock.advance(500)
    expect(await pending).toEqual({ time: T0 + 500 })
  })

  it('malformed and truncated bodies', async () => {
    exchange.faults.add({ type: 'malformed', times: 1 })
    await expect((await fetch(CANDLES)).json()).rejects.toThrow(SyntaxError)
    exchange.faults.add({ type: 'truncate', bytes: 10, times: 1 })
    expect(await (await fetch(CANDLES)).text()).toHaveLength(10)
  })

  it('probability draws replay with the seed', async () => {
    const run = async () => {
      exchange.reset()
      exchange.faults.add({ type: 'status', status: 500, probability: 0.5 })
      const statuses = []
      for (let i = 0; i < 20; i++) statuses.push((await fetch('https://api.fake.test/v1/time')).status)
      return statuses
    }
    const first = await run()
    expect(first).toContain(500)
    expect(first).toContain(200)
    expect(await run()).toEqual(first)
  })

  it('refuses a rule it cannot read, saying why', () => {
    expect(() => exchange.faults.add({ type: 'explode' } as never)).toThrow(/type must be one of/)
    expect(() => exchange.faults.add({ type: 'status', status: 99 })).toThrow(/status must be an HTTP status/)
  })
})

describe('rate limits', () => {
  it('count weight per window, answer 429 over the limit, then ban a client that keeps going', async () => {
    const statuses = []
    for (let i = 0; i < 14; i++) statuses.push((await fetch('https://api.fake.test/v1/time')).status)
    expect(statuses).toEqual([...Array(10).fill(200), 429, 429, 418, 418])
    await exchange.clock.advance(60_000)
    expect((await fetch('https://api.fake.test/v1/time')).status).toBe(418)
    await exchange.clock.advance(2 * 60_000)
    const response = await fetch('https://api.fake.test/v1/time')
    expect(response.status).toBe(200)
    expect(response.headers.get('x-used')).toBe('1')
  })
})

describe('WebSocket', () => {
  it('the global WebSocket (MSW ws.link) gets pushes as the clock moves', async () => {
    const socket = new globalThis.WebSocket('wss://ws.fake.test/stream')
    const frames: string[] = []
    socket.addEventListener('message', (event) => frames.push(String(event.data)))
    await new Promise((resolve) => socket.addEventListener('open', resolve))
    socket.send(JSON.stringify({ op: 'sub', arg: 'BTC-USDT:1m' }))
    await untilFrame(exchange, (e) => e.kind === 'ws-out')
    await exchange.clock.advance(60_000)
    for (let i = 0; i < 100 && !frames.some((f) => f.includes('"final":true')); i++) await new Promise((resolve) => setImmediate(resolve))
    const pushes = frames.slice(1).map((f) => JSON.parse(f))
    expect(pushes).toHaveLength(60)
    expect(pushes.slice(0, -1).every((p) => p.final === false)).toBe(true)
    expect(pushes.at(-1).final).toBe(true)
    const closed = exchange.engine.candles('BTC/USDT', '1m', { start: T0, end: T0 + 1 })[0]
    expect(pushes.at(-1).candle).toEqual([T0, closed.open, closed.close, closed.volume])
    socket.close()
  })

  it('a ws-package client connects in process, with protocol pings answered', async () => {
    const socket = new WebSocket('wss://ws.fake.test/stream', exchange.wsClientOptions())
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
    const pong = new Promise((resolve) => socket.once('pong', resolve))
    socket.ping('hello')
    expect(String(await pong)).toBe('hello')
    const frame = new Promise((resolve) => socket.once('message', (data) => resolve(String(data))))
    socket.send('not json')
    expect(await frame).toBe('{"error":"bad json"}')
    socket.terminate()
  })

  it('faults drop frames and close connections with a chosen code', async () => {
    exchange.faults.add({ type: 'drop', every: 2 })
    exchange.faults.add({ type: 'close', code: 1011, afterFrames: 3 })
    const socket = new WebSocket('wss://ws.fake.test/stream', exchange.wsClientOptions())
    const frames: string[] = []
    socket.on('message', (data) => frames.push(String(data)))
    const closed = new Promise<number>((resolve) => socket.once('close', resolve))
    await new Promise((resolve) => socket.once('open', resolve))
    socket.send(JSON.stringify({ op: 'sub', arg: 'BTC-USDT:1m' }))
    await untilFrame(exchange, (e) => e.kind === 'ws-out')
    await exchange.clock.advance(10_000)
    expect(await closed).toBe(1011)
    expect(frames).toHaveLength(3)
    expect(exchange.faults.log.filter((e) => e.type === 'drop').length).toBeGreaterThan(0)
  })
})

describe('WebSocket connection faults', () => {
  it('openLatency holds the opening until the clock has moved (ws-package clients)', async () => {
    exchange.faults.add({ type: 'openLatency', ms: 2_000 })
    const socket = new WebSocket('wss://ws.fake.test/stream', exchange.wsClientOptions())
    let open = false
    socket.once('open', () => (open = true))
    for (let i = 0; i < 1_000 && exchange.faults.log.length === 0; i++) await new Promise((resolve) => setImmediate(resolve))
    expect(exchange.faults.log.map((e) => e.type)).toEqual(['openLatency'])
    expect(open).toBe(false)
    await exchange.clock.advance(2_000)
    for (let i = 0; i < 1_000 && !open; i++) await new Promise((resolve) => setImmediate(resolve))
    expect(open).toBe(true)
    socket.terminate()
  })

  it('an unknown stream path is refused at the upgrade with a 404', async () => {
    const socket = new WebSocket('wss://ws.fake.test/nope', exchange.wsClientOptions())
    const error = await new Promise<Error>((resolve) => socket.once('error', resolve))
    expect(error.message).toMatch(/Unexpected server response: 404/)
  })

  it('a path that is no URL (//%) is refused, and does not change the host', async () => {
    for (const path of ['//%/stream', '//evil.test/stream']) {
      const socket = new WebSocket(`wss://ws.fake.test${path}`, exchange.wsClientOptions())
      const error = await new Promise<Error>((resolve) => socket.once('error', resolve))
      expect(error.message).toMatch(/404|Invalid URL/)
    }
  })

  it('refuse turns a connection away and the next one through', async () => {
    exchange.faults.add({ type: 'refuse', times: 1 })
    const refused = new WebSocket('wss://ws.fake.test/stream', exchange.wsClientOptions())
    expect(await new Promise<number>((resolve) => refused.once('close', resolve))).toBe(1006)
    const next = new WebSocket('wss://ws.fake.test/stream', exchange.wsClientOptions())
    await new Promise((resolve) => next.once('open', resolve))
    next.terminate()
  })

  it('noPong leaves protocol pings unanswered', async () => {
    exchange.faults.add({ type: 'noPong' })
    const socket = new WebSocket('wss://ws.fake.test/stream', exchange.wsClientOptions())
    await new Promise((resolve) => socket.once('open', resolve))
    let ponged = false
    socket.once('pong', () => (ponged = true))
    socket.ping()
    socket.send(JSON.stringify({ op: 'sub', arg: 'BTC-USDT:1m' }))
    await new Promise((resolve) => socket.once('message', resolve))
    expect(ponged).toBe(false)
    socket.terminate()
  })
})

describe('WebSocket frame faults', () => {
  async function pushes(rules: Parameters<typeof exchange.faults.add>[0][], seconds: number): Promise<Array<{ candle: number[]; final: boolean } | string>> {
    for (const rule of rules) exchange.faults.add(rule)
    const socket = new WebSocket('wss://ws.fake.test/stream', exchange.wsClientOptions())
    const frames: string[] = []
    socket.on('message', (data) => frames.push(String(data)))
    await new Promise((resolve) => socket.once('open', resolve))
    socket.send(JSON.stringify({ op: 'sub', arg: 'BTC-USDT:1m' }))
    await untilFrame(exchange, (e) => e.kind === 'ws-out')
    await exchange.clock.advance(seconds * 1_000)
    const sent = exchange.journal.frames.filter((f) => f.kind === 'ws-out').length
    for (let i = 0; i < 1_000 && frames.length < sent; i++) await new Promise((resolve) => setImmediate(resolve))
    socket.terminate()
    return frames.slice(1).map((f) => {
      try {
        return JSON.parse(f)
      } catch {
        return f
      }
    })
  }
  const times = (frames: Array<{ candle: number[] } | string>) => frames.map((f) => (typeof f === 'string' ? f : f.candle[2]))

  it('duplicate sends a frame twice', async () => {
    const frames = await pushes([{ type: 'duplicate', times: 1, after: 1 }], 3)
    expect(frames).toHaveLength(4)
    expect(frames[0]).toEqual(frames[1])
  })

  it('reorder swaps a frame with the next one', async () => {
    const plain = times(await pushes([], 3))
    exchange.reset()
    const swapped = times(await pushes([{ type: 'reorder', times: 1, after: 1 }], 3))
    expect(swapped).toEqual([plain[1], plain[0], plain[2]])
  })

  it('delay holds a frame on the exchange clock', async () => {
    const frames = await pushes([{ type: 'delay', ms: 1_500, times: 1, after: 1 }], 3)
    const plain = (exchange.reset(), await pushes([], 3))
    expect(frames).toEqual([plain[1], plain[0], plain[2]])
  })

  it('garbage replaces a frame with bytes that are not JSON', async () => {
    const frames = await pushes([{ type: 'garbage', times: 1, after: 1 }], 2)
    expect(typeof frames[0]).toBe('string')
    expect(typeof frames[1]).toBe('object')
  })

  it('a bare close closes at the next frame', async () => {
    exchange.faults.add({ type: 'close', code: 1001, reason: 'going away', after: 2 })
    const socket = new WebSocket('wss://ws.fake.test/stream', exchange.wsClientOptions())
    const closed = new Promise<[number, string]>((resolve) => socket.once('close', (code, reason) => resolve([code, String(reason)])))
    await new Promise((resolve) => socket.once('open', resolve))
    socket.send(JSON.stringify({ op: 'sub', arg: 'BTC-USDT:1m' }))
    await untilFrame(exchange, (e) => e.kind === 'ws-out')
    await exchange.clock.advance(5_000)
    expect(await closed).toEqual([1001, 'going away'])
  })
})

describe('stale answers', () => {
  it('answer as if the clock read earlier', async () => {
    exchange.faults.add({ type: 'stale', ms: 120_000, times: 1 })
    expect(await (await fetch('https://api.fake.test/v1/time')).json()).toEqual({ time: T0 - 120_000 })
    expect(await (await fetch('https://api.fake.test/v1/time')).json()).toEqual({ time: T0 })
  })
})
