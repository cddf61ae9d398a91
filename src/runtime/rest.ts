import type { RestReply, RestRequest, RestRoute } from '../exchange/types.js'
import type { RestFault } from '../faults/catalog.js'
import { clockSleep, untilAborted } from './timers.js'
import type { SimulatedExchange } from './simulated.js'

const BEFORE = new Set(['latency', 'status', 'rateLimit', 'networkError', 'hang', 'stale'])
const AFTER = new Set(['malformed', 'truncate'])
/** Query parameters that name a market or an interval, across exchanges. */
const SYMBOL_PARAMS = ['symbol', 'instId', 'pair', 'product_id', 'currency_pair', 'contract', 'coin']
const INTERVAL_PARAMS = ['interval', 'bar', 'granularity', 'resolution', 'period', 'type']

/** The request failed the way a network does (fetch rejects with it). */
export class NetworkFault extends TypeError {
  constructor() {
    super('fetch failed')
    this.name = 'TypeError'
    ;(this as { cause?: unknown }).cause = new Error('[mock-exchange] injected network error (a networkError fault)')
  }
}

/**
 * Which exchange of a mock answers a request: among those serving its origin, the one
 * with a route for its path (ccxt.binance loads fapi's exchangeInfo even for spot, so
 * several plugins may serve one host), else the first.
 */
export function exchangeFor(exchanges: readonly SimulatedExchange[], request: Request): SimulatedExchange | undefined {
  const url = new URL(request.url)
  const serving = exchanges.filter((e) => e.answersRest(url))
  const has = (e: SimulatedExchange, fallback: boolean) => e.plugin.routes.some((r) => routeMatches(r, request.method, url.pathname) && !!r.fallback === fallback)
  return serving.find((e) => has(e, false)) ?? serving.find((e) => has(e, true)) ?? serving[0]
}

/**
 * The one REST pipeline every exchange goes through: route → faults that refuse, hang
 * or delay → rate limit → the plugin's handler → faults that spoil the body. Returns
 * undefined when the URL is not this exchange's.
 */
export async function answerRest(exchange: SimulatedExchange, request: Request): Promise<Response | undefined> {
  const url = new URL(request.url)
  if (!exchange.answersRest(url)) return undefined
  const restRequest: RestRequest = {
    method: request.method,
    url,
    query: url.searchParams,
    headers: request.headers,
    body: request.method === 'POST' ? await readJson(request) : undefined,
  }
  const route = exchange.plugin.routes.find((r) => routeMatches(r, request.method, url.pathname))
  const subject = exchange.subject(route?.name, firstParam(url, SYMBOL_PARAMS), firstParam(url, INTERVAL_PARAMS))
  let context = exchange.context
  let reply: RestReply | undefined
  for (const fault of exchange.faults.fire(BEFORE, subject) as RestFault[]) {
    if (fault.type === 'latency') await clockSleep(exchange.clock, exchange.faults.latency(fault, exchange.faults.log.length), request.signal)
    else if (fault.type === 'hang') await untilAborted(request.signal)
    else if (fault.type === 'networkError') throw new NetworkFault()
    else if (fault.type === 'stale') context = exchange.staleContext(fault.ms)
    else if (fault.type === 'status') reply ??= exchange.plugin.errors.status(fault.status)
    else if (fault.type === 'rateLimit') {
      const retryAfter = fault.retryAfter ?? 60
      const now = exchange.clock.now()
      reply ??= exchange.plugin.errors.rateLimited({ retryAfter, banned: false, until: now + retryAfter * 1000, limit: exchange.limiter.limit })
    }
  }
  const limit = exchange.limiter.take(route ? weightOf(route, restRequest) : 1, exchange.clock.now())
  if (!reply && limit.kind === 'limited') reply = exchange.plugin.errors.rateLimited(limit)
  reply ??= route ? route.handle(restRequest, context) : exchange.plugin.errors.notFound(restRequest, nearestRoute(exchange, url.pathname))
  let body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body)
  for (const fault of exchange.faults.fire(AFTER, subject) as RestFault[]) {
    if (fault.type === 'malformed') body = `<html><body>502 Bad Gateway</body></html>${body.slice(0, 7)}`
    else if (fault.type === 'truncate') body = body.slice(0, fault.bytes ?? Math.floor(body.length / 2))
  }
  exchange.journal.record({ kind: 'request', time: exchange.clock.now(), exchange: exchange.type, method: request.method, url: request.url, route: route?.name, status: reply.status })
  const headers = new Headers({ 'content-type': 'application/json;charset=UTF-8', ...limit.headers, ...reply.headers })
  return new Response(reply.status === 204 || reply.status === 304 ? null : body, { status: reply.status, headers })
}

function routeMatches(route: RestRoute, method: string, pathname: string): boolean {
  return route.method === method && (route.match ? route.match(pathname) : route.path === pathname)
}

function weightOf(route: RestRoute, request: RestRequest): number {
  return route.weight ? route.weight(request) : 1
}

function firstParam(url: URL, names: readonly string[]): string | null {
  for (const name of names) {
    const value = url.searchParams.get(name)
    if (value) return value
  }
  return null
}

async function readJson(request: Request): Promise<unknown> {
  try {
    const text = await request.text()
    return text ? JSON.parse(text) : undefined
  } catch {
    return undefined
  }
}

/** The route whose path is closest to the one asked (edit distance), for the not-found hint. */
export function nearestRoute(exchange: SimulatedExchange, path: string): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  for (const route of exchange.plugin.routes) {
    const distance = editDistance(path, route.path)
    if (distance < bestDistance) {
      bestDistance = distance
      best = `${route.method} ${route.path}`
    }
  }
  return best
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    previous = current
  }
  return previous[b.length]
}
