import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { MockExchangeError } from '../errors.js'
import { serveRest } from './rest.js'
import { PortRouter } from './routing.js'
import { PortWebSockets } from './websocket.js'

export interface ListenerOptions {
  host: string
  port: number
  maxBufferedBytes: number
  /** Called after each REST answer and each frame sent (the server keeps its journal bounded). */
  onTraffic: () => void
}

/** One port: node:http for REST and the `ws` server for upgrades on the same port. */
export class PortListener {
  readonly router: PortRouter
  private readonly server: Server
  private readonly sockets: PortWebSockets
  private constructor(
    server: Server,
    readonly host: string,
    readonly port: number,
    options: ListenerOptions,
  ) {
    this.server = server
    const display = displayHost(host)
    this.router = new PortRouter({ http: `http://${display}:${port}`, ws: `ws://${display}:${port}` })
    this.sockets = new PortWebSockets(this.router, options.maxBufferedBytes, options.onTraffic)
    server.on('request', (request, response) => void serveRest(this.router, request, response, options.onTraffic))
    server.on('upgrade', (request, socket, head) => this.sockets.upgrade(request, socket, head))
    server.on('clientError', (_error, socket) => {
      // A request that cannot be parsed, or a client gone mid-request: answer if still possible, never crash.
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      else socket.destroy()
    })
  }

  /** Binds `host:port` (0 picks a free port). */
  static async open(options: ListenerOptions): Promise<PortListener> {
    const server = createServer({ keepAliveTimeout: 5_000 })
    await new Promise<void>((resolve, reject) => {
      const fail = (error: NodeJS.ErrnoException) => {
        const why = error.code === 'EADDRINUSE' ? 'the port is in use' : error.code === 'EADDRNOTAVAIL' ? 'this machine has no such address' : error.message
        reject(new MockExchangeError('LISTEN_FAILED', `Failed to listen on ${options.host}:${options.port}: ${why}. Pick another port, or 0 for a free one.`))
      }
      server.once('error', fail)
      server.listen(options.port, options.host, () => {
        server.off('error', fail)
        resolve()
      })
    })
    return new PortListener(server, options.host, (server.address() as AddressInfo).port, options)
  }

  get connections(): number {
    return this.sockets.clients.size
  }

  /**
   * Stops accepting, says goodbye to WebSocket clients (1001), lets REST answers in
   * flight finish, and after `graceMs` cuts whatever is left. Resolves when every socket is closed.
   */
  async close(graceMs: number): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()))
    this.server.closeIdleConnections()
    const cut = setTimeout(() => this.server.closeAllConnections(), graceMs)
    cut.unref()
    await Promise.all([closed, this.sockets.close(graceMs)])
    clearTimeout(cut)
  }
}

/** How a client on this machine writes the address: 0.0.0.0 and :: are reached at loopback; IPv6 in brackets. */
function displayHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1'
  if (host === '::') return '[::1]'
  return host.includes(':') ? `[${host}]` : host
}
