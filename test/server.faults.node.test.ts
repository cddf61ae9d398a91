import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { createMockServer, ExchangeType, networkFaults, type MockServer } from '../src/index.js'
import { until as waitUntil } from './support/wait.js'

/** Network conditions and faults over a real port, on a manual clock (latency waits for advance, nothing sleeps). */
const T0 = Date.UTC(2026, 0, 1, 12)

const until = (check: () => boolean, ms = 3_000) => waitUntil(check, ms)

describe('network conditions map onto the fault catalog', () => {
  it('latency → latency, openLatency and delay (× the clock speed); loss → drop; errors → status, each with its probability', () => {
    expect(networkFaults({ latencyMs: 100, packetLossRate: 0.1, errorRate: 0.05 }, 60)).toEqual([
      { type: 'drop', probability: 0.1 },
      { type: 'latency', ms: 6_000 },
      { type: 'openLatency', ms: 6_000 },
      { type: 'delay', ms: 6_000 },
      { type: 'status', status: 503, probability: 0.05 },
    ])
    expect(networkFaults({})).toEqual([])
    expect(() => networkFaults({ latencyMs: -1 })).toThrow(/latencyMs must be/)
    expect(() => networkFaults({ errorStatus: 404, errorRate: 1 })).toThrow(/errorStatus must be a 5xx/)
    expect(() => networkFaults({ lossRate: 1 } as never)).toThrow(/unknown key "lossRate"/)
  })
})

describe('on a real port', () => {
  let server: MockServer
  let url: string
  beforeAll(async () => {
    server = createMockServer({ exchangeType: ExchangeType.BINANCE_SPOT, clock: { mode: 'manual', start: T0 }, limits: false, faults: [{ type: 'networkError', route: 'ping' }] })
    url = await server.start()
  })
  afterEach(() => {
    server.setNetworkConditions({})
    server.journal.clear()
  })
  afterAll(() => server.stop({ graceMs: 0 }))

  it('errorRate 1: every request gets 503 with Binance’s body; back to normal when cleared', async () => {
    server.setNetworkConditions({ errorRate: 1 })
    const failed = await fetch(`${url}/api/v3/time`)
    expect([failed.status, await failed.json()]).toEqual([503, expect.objectContaining({ code: -1001 })])
    server.setNetworkConditions(undefined)
    expect((await fetch(`${url}/api/v3/time`)).status).toBe(200)
  })

  it('latency holds the answer until the clock has moved that far', async () => {
    server.setNetworkConditions({ latencyMs: 500 })
    let answered = false
    const pending = fetch(`${url}/api/v3/time`).then(async (r) => {
      answered = true
      return r.json()
    })
    await until(() => server.faults.log.some((e) => e.type === 'latency'))
    expect(answered).toBe(false)
    await server.clock.advance(500)
    expect(await pending).toEqual({ serverTime: T0 + 500 })
  })

  it('packet loss 1 loses every frame; latency delays frames and the opening; clearing restores the stream', async () => {
    server.setNetworkConditions({ packetLossRate: 1 })
    const frames: string[] = []
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/ws/btcusdt@kline_1m`)
    socket.on('message', (data) => frames.push(String(data)))
    await new Promise((resolve) => socket.once('open', resolve))
    await server.clock.advance(10_000)
    expect(server.faults.log.filter((e) => e.type === 'drop')).toHaveLength(5)
    server.setNetworkConditions({ latencyMs: 1_000 })
    await server.clock.advance(2_000) // the push at +12 s is due at +13 s
    await server.clock.advance(1_000)
    await until(() => frames.length === 1)
    expect(JSON.parse(frames[0]).E).toBe(T0 + 12_000)
    socket.close()
    // An opening waits too.
    let opened = false
    const late = new WebSocket(`${server.url.replace('http', 'ws')}/ws/btcusdt@kline_1m`)
    late.once('open', () => (opened = true))
    await until(() => server.faults.log.some((e) => e.type === 'openLatency'))
    expect(opened).toBe(false)
    await server.clock.advance(1_000)
    await until(() => opened)
    late.close()
  })

  it('a networkError fault resets the connection: the client’s fetch rejects; the server goes on', async () => {
    await expect(fetch(`${url}/api/v3/ping`)).rejects.toThrow(/fetch failed/)
    expect((await fetch(`${url}/api/v3/time`)).status).toBe(200)
  })

  it('a hang ends when the client aborts; the server goes on', async () => {
    const hang = server.faults.add({ type: 'hang', route: 'time', times: 1 })
    const abort = new AbortController()
    const pending = fetch(`${url}/api/v3/time`, { signal: abort.signal })
    await until(() => hang.fired === 1)
    abort.abort()
    await expect(pending).rejects.toThrow(/abort/)
    expect((await fetch(`${url}/api/v3/time`)).status).toBe(200)
  })
})

describe('on an accelerated clock', () => {
  it('latency is in real milliseconds whatever the speed', async () => {
    const server = createMockServer({ exchangeType: ExchangeType.BINANCE_SPOT, clock: { mode: 'accelerated', speed: 1_000, start: T0 }, network: { latencyMs: 40 } })
    const url = await server.start()
    try {
      expect(server.faults.log).toHaveLength(0)
      const started = performance.now()
      expect((await fetch(`${url}/api/v3/ping`)).status).toBe(200)
      const elapsed = performance.now() - started
      expect(elapsed).toBeGreaterThanOrEqual(35)
      expect(elapsed).toBeLessThan(2_000)
    } finally {
      await server.stop({ graceMs: 0 })
    }
  })
})
