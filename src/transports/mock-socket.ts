import { MockExchangeError } from '../errors.js'
import type { SimulatedExchange } from '../runtime/simulated.js'
import { openSession, wsExchangeFor } from '../runtime/ws.js'

/** The parts of mock-socket's Server this binding uses (so mock-socket stays the user's dependency). */
export interface MockSocketServerClass {
  new (url: string, options?: { mock?: boolean }): MockSocketServer
}
interface MockSocketServer {
  on(type: 'connection', callback: (socket: MockSocketClient) => void): void
  stop(callback?: () => void): void
}
interface MockSocketClient {
  send(data: string | ArrayBuffer): void
  close(options?: { code: number; reason: string; wasClean: boolean }): void
  on(type: 'message', callback: (data: string | ArrayBuffer | Blob | ArrayBufferView) => void): void
  on(type: 'close', callback: (event: { code?: number }) => void): void
}

/**
 * Serves exact WebSocket URLs with mock-socket servers, for suites built on it:
 * `new Server(url, { mock: false })` with mock-socket's own `WebSocket` class (with
 * `mock: true` it fights MSW over `globalThis.WebSocket`). mock-socket matches whole
 * URLs, so each stream URL a client opens must be listed. Returns the stop function.
 */
export function serveMockSocket(exchanges: readonly SimulatedExchange[], Server: MockSocketServerClass, urls: readonly string[]): () => void {
  const servers = urls.map((text) => {
    const url = new URL(text)
    const exchange = wsExchangeFor(exchanges, url)
    if (!exchange) {
      throw new MockExchangeError('UNKNOWN_URL', `Failed to serve ${text} with mock-socket: no exchange in this mock answers it. Its WebSocket origins are ${exchanges.flatMap((e) => e.plugin.wsOrigins).join(', ')}.`)
    }
    const server = new Server(text, { mock: false })
    server.on('connection', (client) => {
      const session = openSession(exchange, url, {
        send: (frame) => client.send(typeof frame === 'string' ? frame : frame.slice().buffer),
        close: (code, reason) => client.close({ code, reason, wasClean: code === 1000 }),
      })
      if (session === 'refuse' || session === 'unknown') return client.close({ code: 1006, reason: session, wasClean: false })
      client.on('message', (data) => {
        if (typeof data === 'string') session.receive(data)
        else if (data instanceof ArrayBuffer) session.receive(new Uint8Array(data))
        else if (ArrayBuffer.isView(data)) session.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
      })
      client.on('close', (event) => session.ended(event?.code ?? 1005))
    })
    return server
  })
  return () => servers.forEach((server) => server.stop())
}
