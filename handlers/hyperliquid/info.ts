import type { ExchangeContext, RestReply, RestRequest, RestRoute } from '../../src/exchange/types.js'
import { candleSnapshot, readSnapshot, snapshotCandles } from './candles.js'
import { badJson, nullError, unprocessable, wrongContentType } from './errors.js'
import { price } from './format.js'
import { INFO_PATH } from './hosts.js'
import { infoWeight } from './limits.js'
import { meta, metaAndAssetCtxs, spotMeta, spotMetaAndAssetCtxs } from './meta.js'
import { universe } from './universe.js'

const ok = (body: unknown): RestReply => ({ status: 200, body })

/** The `dex` of meta calls: absent or "" is the first dex, the only one the mock lists; any other is unknown (500 `null`, §3.5). */
function firstDex(body: Record<string, unknown>): boolean | undefined {
  const dex = body.dex
  if (dex === undefined || dex === null || dex === '') return true
  return typeof dex === 'string' ? false : undefined
}

type Handler = (body: Record<string, unknown>, context: ExchangeContext) => RestReply

/** The request types the mock answers (§3.4); others are 422 as unknown types are (the mock does not model them). */
const TYPES: Record<string, Handler> = {
  candleSnapshot(body, context) {
    const request = readSnapshot(body)
    return request ? candleSnapshot(request, context) : unprocessable()
  },
  meta: (body, context) => withDex(body, () => meta(context)),
  metaAndAssetCtxs: (body, context) => withDex(body, () => metaAndAssetCtxs(context)),
  spotMeta: (_, context) => ok(spotMeta(context)),
  spotMetaAndAssetCtxs: (_, context) => ok(spotMetaAndAssetCtxs(context)),
  // §3.4: entry 0 is the first dex; the mock has no HIP-3 builder dexes, so ccxt makes no further calls.
  perpDexs: () => ok([null]),
  exchangeStatus: (_, context) => ok({ specialStatuses: null, time: context.now() }),
  allMids(body, context) {
    const known = withDex(body, () => null)
    if (known.status !== 200) return known
    const mids: Record<string, string> = {}
    const { perps, spot } = universe(context)
    for (const listed of [...perps, ...spot]) {
      try {
        mids[listed.id] = price(listed.market, context.engine.priceAt(listed.market.symbol, context.now()))
      } catch {
        // no price in a gap
      }
    }
    return ok(mids)
  },
}

function withDex(body: Record<string, unknown>, answer: () => unknown): RestReply {
  const first = firstDex(body)
  if (first === undefined) return unprocessable()
  return first ? ok(answer()) : nullError()
}

function asObject(body: unknown): Record<string, unknown> | undefined {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined
}

/**
 * `POST /info` (§3.1, §3.4, §3.5): one path for every public query, told apart by the body's
 * `type`. Content-Type must be JSON (415), the body must parse (400) and deserialize into
 * a known request (422, text/plain).
 */
export function answerInfo(request: RestRequest, context: ExchangeContext): RestReply {
  if (!(request.headers.get('content-type') ?? '').toLowerCase().includes('application/json')) return wrongContentType()
  if (request.body === undefined) return badJson()
  const body = asObject(request.body)
  const handler = body && typeof body.type === 'string' && Object.hasOwn(TYPES, body.type) ? TYPES[body.type] : undefined
  if (!body || !handler) return unprocessable()
  return handler(body, context)
}

/** §3.6: 20 per request (2 for the light types), candleSnapshot +1 per 60 candles it can return. */
export function infoWeightOf(request: RestRequest): number {
  const body = asObject(request.body)
  if (!body) return 20
  const weight = infoWeight(body.type)
  if (body.type !== 'candleSnapshot') return weight
  const snapshot = readSnapshot(body)
  return snapshot ? weight + Math.floor(snapshotCandles(snapshot) / 60) : weight
}

export const INFO_ROUTE: RestRoute = {
  method: 'POST',
  path: INFO_PATH,
  name: 'info',
  weight: infoWeightOf,
  handle: answerInfo,
}
