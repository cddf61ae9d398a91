import type { ExchangeContext, RateLimitRules, RestReply, RestRequest, RestRoute } from '../../src/exchange/types.js'
import { CANDLES_BARS, HISTORY_BARS } from './bars.js'
import { candlesReply } from './candles.js'
import { answer, ok } from './errors.js'
import { instrumentsReply } from './instruments.js'

/**
 * §5.6: limits per endpoint and IP in 2-second windows — candles 40, history-candles 20,
 * instruments 20 (per instType), time 10; system/status 1 per 5 s. The core keeps one
 * budget per exchange, so these become weights against 40 per 2 s: one budget shared by
 * the endpoints instead of one each (see the plugin's notes).
 */
export const WINDOW_MS = 2000
export const BUDGET = 40

/** No rate-limit headers are documented, and OKX does not ban (§5.6). */
export const OKX_LIMITS: RateLimitRules = {
  windowMs: WINDOW_MS,
  limit: BUDGET,
  usageHeaders: () => ({}),
}

interface RouteSpec {
  readonly path: string
  readonly name: string
  readonly weight: number
  handle(request: RestRequest, context: ExchangeContext): RestReply
}

/** A GET route that answers OKX's errors natively, on every OKX host. */
function okxRoute(spec: RouteSpec): RestRoute {
  return {
    method: 'GET',
    path: spec.path,
    name: spec.name,
    weight: () => spec.weight,
    handle: (request, context) => answer(() => spec.handle(request, context)),
  }
}

/**
 * The public routes, the same on both plugins: OKX serves every instrument type on
 * these paths, so they cannot be split into a route and a `fallback` stand-in by path
 * as Binance's are; each plugin answers for the whole OKX family of its mock (listings.ts).
 */
export const ROUTES: readonly RestRoute[] = [
  okxRoute({ path: '/api/v5/market/candles', name: 'candles', weight: BUDGET / 40, handle: (request, context) => candlesReply(request, context, { bars: CANDLES_BARS, depth: 'recent' }) }),
  okxRoute({ path: '/api/v5/market/history-candles', name: 'history-candles', weight: BUDGET / 20, handle: (request, context) => candlesReply(request, context, { bars: HISTORY_BARS, depth: 'history' }) }),
  okxRoute({ path: '/api/v5/public/instruments', name: 'instruments', weight: BUDGET / 20, handle: (request, context) => instrumentsReply(request, context) }),
  okxRoute({ path: '/api/v5/public/time', name: 'time', weight: BUDGET / 10, handle: (_, context) => ok([{ ts: String(context.now()) }]) }),
  // No maintenance is simulated: an empty list (ccxt's fetchStatus reads it as "ok"). Its 1 per 5 s is
  // not expressible in 2-s windows; weighed like time, so that it does not starve the shared budget.
  okxRoute({ path: '/api/v5/system/status', name: 'status', weight: BUDGET / 10, handle: () => ok([]) }),
]
