import type { NativeErrors, RestReply } from '../../src/exchange/types.js'
import { INFO_PATH } from './hosts.js'

/** §3.5: `/info` errors are text/plain bodies, not JSON. */
const text = (status: number, body: string): RestReply => ({ status, body, headers: { 'content-type': 'text/plain; charset=utf-8' } })

export const DESERIALIZE = 'Failed to deserialize the JSON body into the target type'
export const unprocessable = (): RestReply => text(422, DESERIALIZE)
export const badJson = (): RestReply => text(400, 'Failed to parse the request body as JSON')
export const wrongContentType = (): RestReply => text(415, 'Expected request with `Content-Type: application/json`')
/** §3.5: an unknown coin on fundingHistory answers 500 with a JSON `null`; used for candleSnapshot too (unverified). */
export const nullError = (): RestReply => ({ status: 500, body: 'null' })

export const nativeErrors: NativeErrors = {
  notFound(request) {
    // §3.5: GET /info is 405 with an empty body; other paths 404, empty (unverified).
    if (request.url.pathname === INFO_PATH) return text(405, '')
    return text(404, '')
  },
  status(status) {
    if (status === 400) return badJson()
    if (status === 415) return wrongContentType()
    if (status === 422) return unprocessable()
    if (status === 429) return text(429, 'Too Many Requests')
    if (status === 500) return nullError()
    return text(status, '')
  },
  // §3.6: 429 "Too Many Requests" (body unverified), no Retry-After and no limit headers.
  rateLimited: () => text(429, 'Too Many Requests'),
}
