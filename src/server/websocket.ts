import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import type { SimulatedExchange } from '../runtime/simulated.js'
import { clockSleep } from '../runtime/timers.js'
import { openingDelay, openSession, type Wire } from '../runtime/ws.js'
import type { PortRouter } from './routing.js'

/** Frames larger than this from a client close the connection (1009), as exchanges cap them. */
const MAX_PAYLOAD = 1 << 20

/**
 * WebSocket on a real port: the `ws` server speaks the protocol (pings and pongs
 * included), the core's session speaks the exchange's. Upgrades to a path no exchange
 * serves are refused with 404, as a real server does. A client that reads slower than
 * the server sends is cut off once `maxBufferedBytes` wait for it (a 1006 for the client).
 */
export class PortWebSockets {
  private readonly wss = new WebSocketServer({ noServer: true, autoPong: false, maxPayload: MAX_PAYLOAD, clientTracking: true })
  /** Every socket that asked to upgrade, until it closes: destroyed at shutdown whatever its state. */
  private readonly sockets = new Set<Duplex>()
  /** Sockets whose opening is still pending (an openLatency fault): no client to say goodbye to yet. */
  private readonly opening = new Set<Duplex>()

  constructor(
    private readonly router: PortRouter,
    private readonly maxBufferedBytes: number,
    private readonly onTraffic: () => void,
  ) {}

  get clients(): ReadonlySet<WebSocket> {
    return this.wss.clients
  }

  /** Set once stopping: an upgrade that arrives after that is cut at once, or it would keep the process alive. */
  private stopping = false

  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => {})
    if (this.stopping) {
      socket.destroy()
      return
    }
    this.sockets.add(socket)
    socket.once('close', () => {
      this.sockets.delete(socket)
      this.opening.delete(socket)
    })
    const routed = this.router.ws(request)
    if ('miss' in routed || !routed.exchange.plugin.ws.accepts(routed.url)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    const { exchange, url } = routed
    this.opening.add(socket)
    const upgrade = () => {
      this.opening.delete(socket)
      if (socket.destroyed || this.stopping) return void socket.destroy()
      this.wss.handleUpgrade(request, socket, head, (client) => this.connect(client, exchange, url))
    }
    const delay = openingDelay(exchange, url)
    if (delay > 0) void clockSleep(exchange.clock, delay).then(upgrade)
    else upgrade()
  }

  /** Going away (1001) for every client; whoever has not closed after `graceMs` is cut. */
  async close(graceMs: number): Promise<void> {
    this.stopping = true
    const closed = [...this.sockets].map((socket) => new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve()))))
    for (const client of this.wss.clients) closeQuietly(client, 1001, 'server stopping')
    const cut = setTimeout(() => this.destroyAll(), graceMs)
    cut.unref()
    for (const socket of this.opening) socket.destroy()
    await Promise.all(closed)
    clearTimeout(cut)
    this.wss.close()
  }

  destroyAll(): void {
    for (const client of this.wss.clients) client.terminate()
    for (const socket of this.sockets) socket.destroy()
  }

  private connect(client: WebSocket, exchange: SimulatedExchange, url: URL): void {
    client.on('error', () => {}) // a protocol error from the client closes it (the 'close' below); it is not the server's
    const wire: Wire = {
      send: (frame) => {
        this.onTraffic()
        if (client.readyState !== client.OPEN) return
        if (client.bufferedAmount > this.maxBufferedBytes) return client.terminate()
        client.send(frame)
      },
      close: (code, reason) => (code === 1006 || code === 1005 ? client.terminate() : closeQuietly(client, code, reason)),
      ping: (payload) => {
        if (client.readyState === client.OPEN) client.ping(payload)
      },
    }
    const session = openSession(exchange, url, wire)
    if (session === 'refuse' || session === 'unknown') return void client.terminate()
    client.on('message', (data: RawData, binary: boolean) => {
      this.onTraffic()
      session.receive(binary ? new Uint8Array(toBuffer(data)) : toBuffer(data).toString())
    })
    client.on('ping', (payload: Buffer) => session.answersPings() && client.pong(payload))
    client.on('pong', (payload: Buffer) => session.pong(payload))
    client.on('close', (code: number) => session.ended(code))
  }
}

/** A close code `ws` refuses to send (1004–1006, 1015, out of range) becomes a cut connection. */
function closeQuietly(client: WebSocket, code: number, reason: string): void {
  try {
    client.close(code, reason)
  } catch {
    client.terminate()
  }
}

function toBuffer(data: RawData): Buffer {
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data)
}
