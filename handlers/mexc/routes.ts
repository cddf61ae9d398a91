import type { RestRequest, RestRoute, ExchangeContext, RestReply } from '../../src/exchange/types.js'
import { contractKlinesReply, isContractKline } from './contract-klines.js'
import { contractDetailReply, exchangeInfoReply } from './markets.js'
import { spotKlinesReply } from './spot-klines.js'

type Handle = (request: RestRequest, context: ExchangeContext) => RestReply

const get = (path: string, name: string, handle: Handle, extra: Partial<RestRoute> = {}): RestRoute => ({ method: 'GET', path, name, handle, ...extra })

/** Spot v3 routes (§1.1, §1.4); weights as ccxt costs them (klines 1, exchangeInfo 10 per docs). */
export function spotRoutes(fallback: boolean): RestRoute[] {
  const spotOnly = (context: ExchangeContext) => context.markets.filter((l) => l.market.kind === 'spot')
  return [
    get('/api/v3/klines', 'klines', spotKlinesReply, { fallback }),
    get('/api/v3/time', 'time', (_, context) => ({ status: 200, body: { serverTime: context.now() } }), { fallback }),
    get('/api/v3/ping', 'ping', () => ({ status: 200, body: {} }), { fallback }),
    get('/api/v3/exchangeInfo', 'exchangeInfo', (request, context) => exchangeInfoReply(request, context, fallback ? [] : spotOnly(context)), {
      fallback,
      weight: () => 10,
    }),
    get('/api/v3/defaultSymbols', 'defaultSymbols', (_, context) => ({ status: 200, body: { code: 200, data: fallback ? [] : spotOnly(context).map((l) => l.id), msg: null } }), {
      fallback,
    }),
  ]
}

/** Contract routes (§2.1, §2.4); as a spot plugin's stand-ins they list no contracts. */
export function contractRoutes(fallback: boolean): RestRoute[] {
  return [
    get('/api/v1/contract/kline/{symbol}', 'klines', contractKlinesReply, { fallback, match: isContractKline }),
    get('/api/v1/contract/ping', 'ping', (_, context) => ({ status: 200, body: { success: true, code: 0, data: context.now() } }), { fallback }),
    get('/api/v1/contract/detail', 'contractDetail', (request, context) => contractDetailReply(request, context, fallback ? [] : context.markets), { fallback }),
  ]
}
