import { createServer, type IncomingMessage } from 'node:http'
import { duplexPair, type Duplex } from 'node:stream'
import WebSocket, { WebSocketServer } from 'ws'
import { ExchangeType, setupMockExchange } from '../src/index.js'
import { Countdown, runRounds, type OpTask } from './harness.js'

/**
 * WebSocket fan-out: 1000 kline streams (100 markets × 10 intervals, 1m … 8h), on 5
 * combined-stream connections of 200 streams each (`/stream?streams=…`, the way ccxt
 * and the Binance SDKs split many streams), `ws`-package clients in process through
 * wsClientOptions(). One operation = the manual clock advanced one minute: every stream
 * pushes its candle every 2 s and its close, 30 pushes a stream, 30,000 in all; timed
 * until the clients have received the last one. Faults on but idle (a drop rule for a
 * channel nobody subscribes).
 * Baseline, same run: the same 5 client connections over duplexPair to a bare `ws`
 * WebSocketServer({ noServer: true }) (as src/transports/ws-node.ts builds it), sending
 * the same 30,000 frames captured from the mock (same sizes, same split per connection).
 */

const NOW = Date.UTC(2026, 0, 1)
const MINUTE = 60_000
const MARKETS = Array.from({ length: 100 }, (_, i) => ({ symbol: `C${String(i).padStart(3, '0')}/USDT`, price: 1 + i * 7.5 }))
const INTERVALS = ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h']
const CONNECTIONS = 5
const STREAMS = MARKETS.flatMap((m) => INTERVALS.map((interval) => `${m.symbol.replace('/', '').toLowerCase()}@kline_${interval}`))
const PER_CONNECTION = STREAMS.length / CONNECTIONS
const PUSHES_PER_MINUTE = STREAMS.length * 30
const urls = Array.from({ length: CONNECTIONS }, (_, c) => `wss://stream.binance.com:9443/stream?streams=${STREAMS.slice(c * PER_CONNECTION, (c + 1) * PER_CONNECTION).join('/')}`)

const opened = (socket: WebSocket) => new Promise<void>((resolve, reject) => socket.once('open', () => resolve()).once('error', reject))

export interface WsBench {
  tasks: Awaited<ReturnType<typeof runRounds>>
  streams: number
  connections: number
  pushesPerMinute: number
  meanFrameBytes: number
}

export async function wsBench(rounds = 4, iterations = 5): Promise<WsBench> {
  // ── ours ──
  const mock = setupMockExchange(ExchangeType.BINANCE_SPOT, { seed: 42, clock: { mode: 'manual', start: NOW }, markets: MARKETS, limits: false })
  mock.faults.add({ type: 'drop', channel: 'nope' })
  let received = 0
  const ourArrival = new Countdown(() => received)
  const captured: string[][] = urls.map(() => [])
  let capture = false
  const clients = urls.map((url, c) => {
    const socket = new WebSocket(url, mock.wsClientOptions())
    socket.on('message', (data: Buffer) => {
      received++
      if (capture) captured[c].push(data.toString())
      ourArrival.poke()
    })
    return socket
  })

  // ── bare transport ──
  const wss = new WebSocketServer({ noServer: true, autoPong: false })
  const upgrades = createServer()
  const pairs = new Set<Duplex>()
  const servers: WebSocket[] = []
  upgrades.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => wss.handleUpgrade(request, socket, head, (server) => servers.push(server)))
  const createConnection = (): Duplex => {
    const [client, server] = duplexPair()
    pairs.add(client).add(server)
    upgrades.emit('connection', server)
    return client
  }
  let bareReceived = 0
  const bareArrival = new Countdown(() => bareReceived)
  const bareClients = urls.map((url) => {
    const socket = new WebSocket(url, { createConnection })
    socket.on('message', () => {
      bareReceived++
      bareArrival.poke()
    })
    return socket
  })

  try {
    await Promise.all([...clients, ...bareClients].map(opened))
    if (servers.length !== CONNECTIONS) throw new Error(`bare: ${servers.length} server sockets`)

    /** One clock minute of pushes, until the clients hold them all. */
    const minute = async () => {
      received = 0
      mock.journal.clear()
      await mock.clock.advance(MINUTE)
      const sent = mock.journal.entries.reduce((n, e) => n + (e.kind === 'ws-out' ? 1 : 0), 0)
      if (sent !== PUSHES_PER_MINUTE) throw new Error(`ours sent ${sent} pushes in a minute, expected ${PUSHES_PER_MINUTE}`)
      await ourArrival.until(sent)
    }

    // Capture one minute of real frames for the baseline (also a first warmup of ours).
    capture = true
    await minute()
    capture = false
    const frames = captured.flat()
    if (frames.length !== PUSHES_PER_MINUTE) throw new Error(`captured ${frames.length} frames`)
    const meanFrameBytes = frames.reduce((n, f) => n + Buffer.byteLength(f), 0) / frames.length
    // Interleaved across connections, as the mock sends them (boundary by boundary, all streams).
    const longest = Math.max(...captured.map((c) => c.length))

    const ours: OpTask = { unit: 'push', unitsPerOp: PUSHES_PER_MINUTE, fn: minute }
    const bare: OpTask = {
      unit: 'push',
      unitsPerOp: PUSHES_PER_MINUTE,
      fn: async () => {
        bareReceived = 0
        for (let i = 0; i < longest; i++) {
          for (let c = 0; c < CONNECTIONS; c++) if (i < captured[c].length) servers[c].send(captured[c][i])
        }
        await bareArrival.until(PUSHES_PER_MINUTE)
      },
    }
    const tasks = await runRounds(rounds, iterations, {
      'WS ours: 1000 klines, 1 clock minute': ours,
      'WS baseline: bare ws, same frames': bare,
    })
    return { tasks, streams: STREAMS.length, connections: CONNECTIONS, pushesPerMinute: PUSHES_PER_MINUTE, meanFrameBytes }
  } finally {
    for (const socket of [...clients, ...bareClients, ...servers]) socket.terminate()
    for (const pair of pairs) pair.destroy()
    wss.close()
    mock.close()
    mock.clock.dispose()
  }
}
