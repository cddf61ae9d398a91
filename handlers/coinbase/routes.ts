import type { ExchangeContext, RestReply, RestRequest, RestRoute } from '../../src/exchange/types.js'
import { answer, unauthorizedReply } from './errors.js'

export interface RouteSpec {
  /** The path as documented, `{product_id}` for the parameter (shown in hints). */
  readonly path: string
  readonly name: string
  /** The authenticated mirror of a public path: 401 without a Bearer token (§1.1). */
  readonly authenticated?: boolean
  handle(request: RestRequest, context: ExchangeContext, productId: string): RestReply
}

const PARAMETER = '{product_id}'

/**
 * A GET route that answers Coinbase's errors natively. A `{product_id}` in the path
 * matches one non-empty segment, percent-decoded as grpc-gateway does.
 */
export function coinbaseRoute(spec: RouteSpec): RestRoute {
  const [before, after] = spec.path.split(PARAMETER)
  const parametric = after !== undefined
  const productIdOf = (pathname: string): string | undefined => {
    if (!parametric) return pathname === spec.path ? '' : undefined
    if (!pathname.startsWith(before) || !pathname.endsWith(after) || pathname.length <= before.length + after.length) return undefined
    const segment = pathname.slice(before.length, pathname.length - after.length)
    return segment.includes('/') ? undefined : safeDecode(segment)
  }
  return {
    method: 'GET',
    path: spec.path,
    name: spec.name,
    ...(parametric ? { match: (pathname: string) => productIdOf(pathname) !== undefined } : {}),
    weight: () => 1,
    handle(request, context) {
      if (spec.authenticated && !bearsJwt(request)) return unauthorizedReply(request.url.pathname)
      return answer(() => spec.handle(request, context, productIdOf(request.url.pathname) ?? ''))
    },
  }
}

/**
 * Whether the request carries `Authorization: Bearer <JWT>`: a compact JWT whose header and
 * payload are JSON objects. The signature is not checked (the mock has no keys), but a
 * token that is no JWT at all (ccxt sends "Bearer undefined" without credentials) is refused.
 */
function bearsJwt(request: RestRequest): boolean {
  const match = /^Bearer ([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/.exec(request.headers.get('authorization') ?? '')
  return match !== null && isJsonObject(match[1]) && isJsonObject(match[2])
}

function isJsonObject(segment: string): boolean {
  try {
    // atob, not Buffer: the handlers also run in browsers (MSW's worker, Storybook).
    const base64 = segment.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(segment.length / 4) * 4, '=')
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0))
    const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes))
    return typeof value === 'object' && value !== null && !Array.isArray(value)
  } catch {
    return false
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
