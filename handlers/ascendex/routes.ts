import type { RestRoute } from '../../src/exchange/types.js'
import { barhist, barhistInfo } from './barhist.js'
import { assetsV1, assetsV2, cashAssets, cashProducts, exchangeInfo, futuresContracts, marginAssets, products } from './products.js'

const get = (path: string, name: string, handle: RestRoute['handle']): RestRoute => ({ method: 'GET', path, name, handle })

/** §4.1–§4.4: the candle call and every public call ccxt's ascendex makes to load markets and the time. */
export const ROUTES: readonly RestRoute[] = [
  get('/api/pro/v1/barhist', 'barhist', barhist),
  get('/api/pro/v1/barhist/info', 'barhistInfo', barhistInfo),
  get('/api/pro/v1/exchange-info', 'exchangeInfo', exchangeInfo),
  get('/api/pro/v2/assets', 'assets', assetsV2),
  get('/api/pro/v1/assets', 'assetsV1', assetsV1),
  get('/api/pro/v1/cash/assets', 'cashAssets', cashAssets),
  get('/api/pro/v1/margin/assets', 'marginAssets', marginAssets),
  get('/api/pro/v1/products', 'products', products),
  get('/api/pro/v1/cash/products', 'cashProducts', cashProducts),
  get('/api/pro/v2/futures/contract', 'futuresContract', futuresContracts),
]
