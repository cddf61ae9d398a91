import { createServer, type IncomingMessage } from 'node:http'
import { duplexPair, type Duplex } from 'node:stream'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import type { SimulatedExchange } from '../runtime/simulated.js'
import { openSession } from '../runtime/ws.js'

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
      this.wss.handleUpgrade(request, socket, head, (client) => this.connect(client, request))
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
    this.http.emit('connection', server)
    return client
  }

  closeAll(): void {
    for (const client of this.wss.clients) client.terminate()
    for (const socket of this.sockets) socket.destroy()
    this.sockets.clear()
  }

  private connect(client: WebSocket, request: IncomingMessage): void {
    const url = new URL(request.url ?? '/', `wss://${request.headers.host ?? 'localhost'}`)
    const exchange = this.exchanges.find((e) => e.answersWs(url))
    const session = exchange
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

function toBytes(data: RawData): Buffer {
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data)
}
