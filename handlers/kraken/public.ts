import type { ExchangeContext, RestReply } from '../../src/exchange/types.js'
import { envelope } from './errors.js'
import { isoSeconds, rfc1123 } from './format.js'

/** GET /0/public/Time: `{"unixtime":…,"rfc1123":"Tue, 11 Nov 25 00:17:04 +0000"}` (§2.1). */
export function timeReply(context: ExchangeContext): RestReply {
  const now = context.now()
  return { status: 200, body: envelope({ unixtime: Math.floor(now / 1000), rfc1123: rfc1123(now) }) }
}

/** GET /0/public/SystemStatus: always online (§2.1). */
export function systemStatusReply(context: ExchangeContext): RestReply {
  return { status: 200, body: envelope({ status: 'online', timestamp: isoSeconds(context.now()) }) }
}
