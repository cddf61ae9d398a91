import { createServer, type IncomingMessage } from 'node:http'
import { duplexPair, type Duplex } from 'node:stream'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import type { SimulatedExchange } from '../runtime/simulated.js'
import { clockSleep } from '../runtime/timers.js'
import { openingDelay, openSession, wsExchangeFor } from '../runtime/ws.js'

/**
 * Clients built on the `ws` package (ccxt, the exchanges' Node SDKs) connect in
 * process: their `createConnection` option gets one end of an in-memory stream, and a
 * `ws` server that never listens on a port speaks real WebSocket protocol on the
 * other end (protocol pings and pongs included). The client keeps its real wss:// URL.
 */
export class InProcessWebSockets {
  private readonly wss = new WebSocketServer({ noServer: true, autoPong: false })
  private readonly http = createServer()
  private readonly sockets = new Set<Duplex>()

  constructor(private readonly exchanges: readonly SimulatedExchange[]) {
    this.http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = urlOf(request)
      const exchange = url && wsExchangeFor(this.exchanges, url)
      if (!url || !exchange || !exchange.plugin.ws.accepts(url)) {
        // What a real server does with an upgrade to a path it does not serve: the client sees "Unexpected server response: 404".
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
        return
      }
      const delay = exchange ? openingDelay(exchange, url) : 0
      const upgrade = () => this.wss.handleUpgrade(request, socket, head, (client) => this.connect(client, request))
      if (delay > 0 && exchange) void clockSleep(exchange.clock, delay).then(upgrade)
      else upgrade()
    })
  }

  /** For `new WebSocket(url, { createConnection })` and ccxt's `options.ws.options`. */
  readonly createConnection = (): Duplex => {
    const [client, server] = duplexPair()
    this.sockets.add(client).add(server)
    const forget = () => {
      this.sockets.delete(client)
      this.sockets.delete(server)
    }
    client.once('close', forget)
    // An in-memory pair does not tell one end that the other went away; a socket does.
    server.once('close', () => client.destroy())
    client.once('close', () => server.destroy())
    this.http.emit('connection', server)
    return client
  }

  closeAll(): void {
    for (const client of this.wss.clients) client.terminate()
    for (const socket of this.sockets) socket.destroy()
    this.sockets.clear()
  }

  private connect(client: WebSocket, request: IncomingMessage): void {
    const url = urlOf(request)
    const exchange = url && wsExchangeFor(this.exchanges, url)
    const session = exchange && url
      ? openSession(exchange, url, {
          send: (frame) => client.send(frame),
          close: (code, reason) => (code === 1006 || code === 1005 ? client.terminate() : client.close(code, reason)),
          ping: (payload) => client.ping(payload),
        })
      : 'unknown'
    if (session === 'refuse' || session === 'unknown') {
      client.terminate()
      return
    }
    client.on('message', (data: RawData, binary: boolean) => session.receive(binary ? toBytes(data) : toBytes(data).toString()))
    client.on('ping', (payload: Buffer) => session.answersPings() && client.pong(payload))
    client.on('pong', (payload: Buffer) => session.pong(payload))
    client.on('close', (code: number) => session.ended(code))
  }
}

/** The URL the client asked for; undefined when it is not one (a path like `//%` must not throw, nor change the host). */
function urlOf(request: IncomingMessage): URL | undefined {
  try {
    return new URL(`wss://${request.headers.host ?? 'localhost'}${request.url?.startsWith('/') ? request.url : '/'}`)
  } catch {
    return undefined
  }
}

function toBytes(data: RawData): Buffer {
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data)
}
