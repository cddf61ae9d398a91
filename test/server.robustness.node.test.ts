import { connect, type Socket } from 'node:net'
import { describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { createMockServer, ExchangeType, type ExchangePlugin } from '../src/index.js'
import { fakePlugin } from './support/fake-plugin.js'
import { until as waitUntil } from './support/wait.js'

/** Many clients, broken clients, slow clients, and a stop while they are connected: no crash, nothing left open. */
const T0 = Date.UTC(2026, 0, 1, 12)

const until = (check: () => boolean, ms = 5_000) => waitUntil(check, ms)

const tcpHandles = () => process.getActiveResourcesInfo().filter((r) => r.startsWith('TCP')).length

function rawSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket))
    socket.on('error', reject)
  })
}

const UPGRADE = (path: string) =>
  `GET ${path} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`

/** A masked text frame, as a client sends it. */
function clientFrame(text: string): Buffer {
  const payload = Buffer.from(text)
  const mask = Buffer.from([1, 2, 3, 4])
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, Buffer.from(payload.map((b, i) => b ^ mask[i % 4]))])
}

describe('robustness on a real port', () => {
  it('200 streams and 200 concurrent requests, then a stop with everyone connected: all get 1001, no TCP handle is left', async () => {
    const before = tcpHandles()
    const server = createMockServer({ exchangeType: ExchangeType.BINANCE_SPOT, clock: { mode: 'manual', start: T0 }, limits: false })
    const url = await server.start()
    const ws = server.endpoints[0].ws
    const clients = await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        const socket = new WebSocket(`${ws}/ws/${i % 2 ? 'btc' : 'eth'}usdt@kline_1m`)
        const state = { frames: 0, closed: undefined as number | undefined }
        socket.on('message', () => state.frames++)
        socket.on('close', (code) => (state.closed = code))
        return new Promise<typeof state>((resolve) => socket.once('open', () => resolve(state)))
      }),
    )
    const answers = await Promise.all(Array.from({ length: 200 }, () => fetch(`${url}/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=100`).then(async (r) => [r.status, (await r.json()).length])))
    expect(answers.every(([status, rows]) => status === 200 && rows === 100)).toBe(true)
    expect(server.connections).toBe(200)
    await server.clock.advance(2_000)
    await until(() => clients.every((c) => c.frames === 1))
    const stopping = performance.now()
    await server.stop()
    expect(performance.now() - stopping).toBeLessThan(1_000) // clients answer the close; nothing waits for the grace
    await until(() => clients.every((c) => c.closed !== undefined))
    expect(new Set(clients.map((c) => c.closed))).toEqual(new Set([1001]))
    await until(() => tcpHandles() <= before)
  })

  it('clients that break off mid-request or mid-frame, send garbage or bad frames: the server goes on', async () => {
    const server = createMockServer({ exchangeType: ExchangeType.BINANCE_SPOT, clock: { mode: 'manual', start: T0 } })
    const url = await server.start()
    const port = Number(new URL(url).port)
    try {
      const halfRequest = await rawSocket(port)
      halfRequest.end('GET /api/v3/klines?symbol=BTCUSDT HTTP/1.1\r\nHost: x\r\nX-Cut: ')
      const garbage = await rawSocket(port)
      const garbageAnswer = new Promise<string>((resolve) => garbage.once('data', (d) => resolve(String(d))))
      garbage.write('NOT HTTP AT ALL\r\n\r\n')
      expect(await garbageAnswer).toMatch(/^HTTP\/1.1 400/)
      const midFrame = await rawSocket(port)
      midFrame.write(UPGRADE('/ws/btcusdt@kline_1m'))
      midFrame.write(clientFrame('{"method":"SUBSCRIBE","params":["ethusdt@kline_1m"],"id":1}').subarray(0, 9))
      await until(() => server.connections === 1)
      midFrame.destroy()
      const badFrame = await rawSocket(port)
      let received = Buffer.alloc(0)
      badFrame.on('data', (chunk) => (received = Buffer.concat([received, chunk])))
      badFrame.write(UPGRADE('/ws/btcusdt@kline_1m'))
      badFrame.write(Buffer.from([0x83, 0x80, 0, 0, 0, 0])) // reserved opcode 3
      // The server answers with a close frame, 1002 (protocol error).
      await until(() => received.includes(Buffer.from([0x88])) && received.subarray(received.indexOf(0x88)).length >= 4)
      expect(received.subarray(received.indexOf(0x88) + 2, received.indexOf(0x88) + 4).readUInt16BE()).toBe(1002)
      badFrame.destroy()
      await until(() => server.connections === 0)
      expect((await fetch(`${url}/api/v3/time`)).status).toBe(200)
      expect(server.journal.entries.filter((e) => e.kind === 'ws-close')).toHaveLength(2)
    } finally {
      await server.stop({ graceMs: 0 })
    }
  })

  it('a client that does not read is cut off once maxBufferedBytes wait for it', async () => {
    const big = 'x'.repeat(64 * 1024)
    // The fake exchange, with a stream that answers "flood" with 20 MB.
    const flood: ExchangePlugin = {
      ...fakePlugin,
      ws: { accepts: () => true, connect: (socket) => ({ message: () => { for (let i = 0; i < 320; i++) socket.send(big) } }) },
    }
    const server = createMockServer({ exchangeType: flood, clock: { mode: 'manual', start: T0 }, maxBufferedBytes: 256 * 1024, journalLimit: 10 })
    const url = await server.start()
    try {
      const reader = await rawSocket(Number(new URL(url).port))
      reader.on('error', () => {})
      reader.write(UPGRADE('/stream'))
      await until(() => server.connections === 1)
      reader.pause() // reads nothing more
      reader.write(clientFrame('flood'))
      await until(() => server.connections === 0)
      const close = server.journal.entries.find((e) => e.kind === 'ws-close')
      expect(close).toMatchObject({ code: 1006, by: 'client' })
      // The journal kept its bound although hundreds of frames were sent.
      expect(server.journal.entries.length).toBeLessThanOrEqual(20)
      reader.destroy()
    } finally {
      await server.stop({ graceMs: 0 })
    }
  })

  it('a stop cuts what cannot finish (a hanging request, an opening held by latency) after the grace', async () => {
    const server = createMockServer({ exchangeType: ExchangeType.BINANCE_SPOT, clock: { mode: 'manual', start: T0 }, faults: [{ type: 'hang', route: 'time' }, { type: 'openLatency', ms: 60_000 }] })
    const url = await server.start()
    const hanging = fetch(`${url}/api/v3/time`).then(() => 'answered', () => 'cut')
    const opening = new WebSocket(`${server.endpoints[0].ws}/ws/btcusdt@kline_1m`)
    const openingEnd = new Promise((resolve) => opening.once('error', () => resolve('cut')))
    await until(() => server.faults.log.length === 2)
    await server.stop({ graceMs: 20 })
    expect([await hanging, await openingEnd]).toEqual(['cut', 'cut'])
  })
})
