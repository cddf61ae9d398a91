import { http, ws, type RequestHandler, type WebSocketHandler } from 'msw'
import { answerRest, exchangeFor, NetworkFault } from '../runtime/rest.js'
import type { SimulatedExchange } from '../runtime/simulated.js'
import { openSession, wsExchangeFor } from '../runtime/ws.js'

/** An origin list as one RegExp that matches any path under them. */
function originPattern(origins: readonly string[]): RegExp {
  const escaped = origins.map((o) => new URL(o).origin.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
  return new RegExp(`^(${escaped.join('|')})(/.*)?$`)
}

function wsPattern(origins: readonly string[]): RegExp {
  // ws.link sees the URL as the client wrote it: with or without the default port.
  const variants = origins.flatMap((o) => {
    const url = new URL(o)
    const bare = `${url.protocol}//${url.hostname}`
    return url.port ? [`${bare}:${url.port}`] : [bare, `${bare}:${url.protocol === 'wss:' ? 443 : 80}`]
  })
  const escaped = variants.map((v) => v.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
  return new RegExp(`^(${escaped.join('|')})([/?].*)?$`)
}

/** The exchanges' REST routes as MSW `http` handlers, for any MSW setup (setupServer, setupWorker, Storybook). */
export function restHandlers(exchanges: readonly SimulatedExchange[]): RequestHandler[] {
  return [
    http.all(originPattern(exchanges.flatMap((e) => e.plugin.restOrigins)), async ({ request }) => {
      const exchange = exchangeFor(exchanges, request)
      if (!exchange) return undefined
      try {
        return await answerRest(exchange, request)
      } catch (error) {
        // MSW turns Response.error() into a failed fetch, like a dropped connection.
        if (error instanceof NetworkFault) return Response.error()
        throw error
      }
    }),
  ]
}

/**
 * One `ws.link` per URL pattern for the whole process: each link listens on a global
 * BroadcastChannel and never lets go, so a link per mock would leak every mock.
 */
const links = new Map<string, ReturnType<typeof ws.link>>()

function linkFor(pattern: RegExp): ReturnType<typeof ws.link> {
  let link = links.get(pattern.source)
  if (!link) links.set(pattern.source, (link = ws.link(pattern)))
  return link
}

/**
 * The exchange's WebSocket endpoints as MSW `ws.link` handlers (global WebSocket: Node 22+,
 * happy-dom, browsers). Exchanges of one mock may share a host (Bybit spot and linear): a
 * connection is served by the first of `all` that accepts its URL, once.
 */
export function wsHandlers(exchange: SimulatedExchange, all: readonly SimulatedExchange[] = [exchange]): WebSocketHandler[] {
  const link = linkFor(wsPattern(exchange.plugin.wsOrigins))
  return [
    link.addEventListener('connection', ({ client }) => {
      if (wsExchangeFor(all, new URL(client.url)) !== exchange) return
      const session = openSession(exchange, new URL(client.url), {
        send: (frame) => client.send(typeof frame === 'string' ? frame : new Uint8Array(frame)),
        close: (code, reason) => client.close(code, reason),
      })
      if (session === 'refuse' || session === 'unknown') {
        client.close(1006, session === 'refuse' ? 'connection refused' : 'unknown stream endpoint')
        return
      }
      client.addEventListener('message', (event) => {
        const data: unknown = event.data
        if (typeof data === 'string') session.receive(data)
        else if (data instanceof ArrayBuffer) session.receive(new Uint8Array(data))
        else if (ArrayBuffer.isView(data)) session.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
        else if (data instanceof Blob) void data.arrayBuffer().then((buffer) => session.receive(new Uint8Array(buffer)))
      })
      client.addEventListener('close', (event) => session.ended(event.code))
    }),
  ]
}
