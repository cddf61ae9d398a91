import type { IncomingMessage, ServerResponse } from 'node:http'
import { answerRest, NetworkFault } from '../runtime/rest.js'
import type { PortRouter } from './routing.js'

/** Headers of the connection, not of the request: not passed to the pipeline. */
const HOP_BY_HOP = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade', 'proxy-connection', 'te', 'trailer'])
/** A request body larger than this is refused (the public market routes take none). */
const MAX_BODY = 1 << 20

/**
 * One HTTP request on a real port, through the same REST pipeline as in process: the
 * request becomes a fetch `Request` on the URL the router chose, and the pipeline's
 * `Response` is written back. A `networkError` fault resets the connection; a client
 * that goes away aborts the request (ending a `hang` or a pending latency).
 */
export async function serveRest(router: PortRouter, request: IncomingMessage, response: ServerResponse, onAnswered: () => void): Promise<void> {
  request.on('error', () => {})
  response.on('error', () => {})
  const routed = router.rest(request)
  if ('miss' in routed) return reply(response, 404, { error: `[mock-exchange] ${request.method} ${request.url}: ${routed.miss}` })
  const aborted = new AbortController()
  response.on('close', () => {
    if (!response.writableFinished) aborted.abort(new Error('[mock-exchange] the client went away'))
  })
  let answer: Response | undefined
  try {
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await readBody(request)
    if (body === 'too large') return reply(response, 413, { error: `[mock-exchange] request bodies are limited to ${MAX_BODY} bytes` })
    const fetchRequest = new Request(routed.url, { method: request.method, headers: headersOf(request), body, signal: aborted.signal })
    answer = await answerRest(routed.exchange, fetchRequest)
  } catch (error) {
    if (error instanceof NetworkFault) return void request.socket.destroy()
    if (aborted.signal.aborted || response.destroyed) return
    // An error of the mock itself is never dressed up as an exchange's answer.
    return reply(response, 500, { error: `[mock-exchange] internal error while answering ${request.method} ${request.url}: ${String((error as Error)?.stack ?? error)}` })
  }
  onAnswered()
  if (response.destroyed) return
  if (!answer) return reply(response, 404, { error: `[mock-exchange] ${routed.url.origin} is not served by ${routed.exchange.type}` })
  const payload = Buffer.from(await answer.arrayBuffer())
  const headers: Record<string, string> = {}
  answer.headers.forEach((value, name) => (headers[name] = value))
  headers['content-length'] = String(payload.byteLength)
  response.writeHead(answer.status, headers)
  response.end(request.method === 'HEAD' ? undefined : payload)
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  if (response.destroyed || response.headersSent) return
  const text = JSON.stringify(body)
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) })
  response.end(text)
}

function headersOf(request: IncomingMessage): Headers {
  const headers = new Headers()
  const raw = request.rawHeaders
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (HOP_BY_HOP.has(raw[i].toLowerCase())) continue
    try {
      headers.append(raw[i], raw[i + 1])
    } catch {
      // A header fetch cannot carry is left out, as a proxy would.
    }
  }
  return headers
}

async function readBody(request: IncomingMessage): Promise<Uint8Array<ArrayBuffer> | 'too large'> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.byteLength
    if (size > MAX_BODY) return 'too large'
    chunks.push(chunk)
  }
  return new Uint8Array(Buffer.concat(chunks))
}
