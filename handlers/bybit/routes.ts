import type { ExchangeContext, RestReply, RestRequest, RestRoute } from '../../src/exchange/types.js'
import { answer, ok } from './envelope.js'
import { instrumentsReply } from './instruments.js'
import { klineReply } from './kline.js'

/** §3.4: server time in seconds and nanoseconds (as strings), and the envelope's `time` in ms, which ccxt's fetchTime reads. */
export function timeReply(_: RestRequest, context: ExchangeContext): RestReply {
  const now = context.now()
  return ok({ timeSecond: String(Math.floor(now / 1000)), timeNano: (BigInt(now) * 1_000_000n).toString() }, now)
}

/**
 * A GET route that answers Bybit's errors natively (HTTP 200, retCode ≠ 0) and carries
 * X-Bapi-Limit-Reset-Timestamp, which is the current time while under the limit (§3.6).
 * Every request weighs 1 against the IP limit.
 */
function route(path: string, name: string, handle: (request: RestRequest, context: ExchangeContext) => RestReply): RestRoute {
  return {
    method: 'GET',
    path,
    name,
    weight: () => 1,
    handle(request, context) {
      const now = context.now()
      return answer(now, { 'X-Bapi-Limit-Reset-Timestamp': String(now) }, () => handle(request, context))
    },
  }
}

/**
 * The public market routes, the same for both plugins (one host serves every category):
 * klines, the server time, and instruments-info for every category ccxt loads.
 */
export const ROUTES: readonly RestRoute[] = [
  route('/v5/market/kline', 'klines', klineReply),
  route('/v5/market/time', 'time', timeReply),
  route('/v5/market/instruments-info', 'instrumentsInfo', instrumentsReply),
]
