import type { Market } from '../../src/engine/market.js'
import type { ExchangeContext, RestReply, RestRequest } from '../../src/exchange/types.js'
import { eitherRequired, instrumentMissing, ok, parameterEmpty, parameterError } from './errors.js'
import { contractExponent, plain, plainUnits } from './format.js'
import { instrumentsOf, type Instrument } from './listings.js'

/** Listing dates: BTC-USDT's and BTC-USDT-SWAP's real ones (§5.4, §6.4), for every mock instrument (our choice). */
const SPOT_LIST_TIME = '1548133413000'
const SWAP_LIST_TIME = '1573557408000'
const INST_TYPES = new Set(['SPOT', 'MARGIN', 'SWAP', 'FUTURES', 'OPTION'])

/** The engine's step as OKX prints it: "0.01", "0.00001", "1". */
function step(units: number, decimals: number): string {
  return plainUnits(units, decimals)
}

/**
 * A SPOT row (§5.4, docs "Get instruments"), keys in alphabetical order as OKX sends them.
 * Sizes in base; `maxMktSz` in quote (USDT).
 */
function spotRow(market: Market, id: string) {
  return {
    alias: '',
    auctionEndTime: '',
    baseCcy: market.base,
    category: '1',
    contTdSwTime: '',
    ctMult: '',
    ctType: '',
    ctVal: '',
    ctValCcy: '',
    expTime: '',
    futureSettlement: false,
    groupId: '1',
    instFamily: '',
    instId: id,
    instType: 'SPOT',
    lever: '10',
    listTime: SPOT_LIST_TIME,
    lotSz: step(market.lot.units, market.lot.decimals),
    maxIcebergSz: '9999999999.0000000000000000',
    maxLmtAmt: '20000000',
    maxLmtSz: '9999999999',
    maxMktAmt: '1000000',
    maxMktSz: '1000000',
    maxStopSz: '1000000',
    maxTriggerSz: '9999999999.0000000000000000',
    maxTwapSz: '9999999999.0000000000000000',
    minSz: step(market.lot.units, market.lot.decimals),
    openType: '',
    optType: '',
    preMktSwTime: '',
    quoteCcy: market.quote,
    ruleType: 'normal',
    settleCcy: '',
    state: 'live',
    stk: '',
    tickSz: step(market.tick.units, market.tick.decimals),
    tradeQuoteCcyList: [market.quote],
    uly: '',
  }
}

/**
 * A linear SWAP row (§6.4): `uly`/`instFamily` BASE-QUOTE (ccxt builds its symbol from
 * `uly`), empty baseCcy/quoteCcy, settled in the quote, sizes in contracts of `ctVal` base.
 */
function swapRow(market: Market, id: string) {
  const exponent = contractExponent(market)
  const lotContracts = plainUnits(market.lot.units, market.lot.decimals + exponent)
  return {
    alias: '',
    auctionEndTime: '',
    baseCcy: '',
    category: '1',
    contTdSwTime: '',
    ctMult: '1',
    ctType: 'linear',
    ctVal: plain(10 ** exponent, Math.max(0, -exponent)),
    ctValCcy: market.base,
    expTime: '',
    futureSettlement: false,
    groupId: '2',
    instFamily: `${market.base}-${market.quote}`,
    instId: id,
    instType: 'SWAP',
    lever: '100',
    listTime: SWAP_LIST_TIME,
    lotSz: lotContracts,
    maxIcebergSz: '100000000.0000000000000000',
    maxLmtAmt: '20000000',
    maxLmtSz: '100000000',
    maxMktAmt: '',
    maxMktSz: '35000',
    maxStopSz: '35000',
    maxTriggerSz: '100000000.0000000000000000',
    maxTwapSz: '100000000.0000000000000000',
    minSz: lotContracts,
    openType: '',
    optType: '',
    preMktSwTime: '',
    quoteCcy: '',
    ruleType: 'normal',
    settleCcy: market.quote,
    state: 'live',
    stk: '',
    tickSz: step(market.tick.units, market.tick.decimals),
    tradeQuoteCcyList: [],
    uly: `${market.base}-${market.quote}`,
  }
}

export function instrumentRow(instrument: Instrument) {
  const { market, id } = instrument.listed
  return instrument.instType === 'SPOT' ? spotRow(market, id) : swapRow(market, id)
}

/**
 * GET /api/v5/public/instruments (§5.4, §6.4). instType is required (50014; unknown:
 * 51000); OPTION needs uly or instFamily (50015, our choice of code). SPOT and SWAP list
 * what this mock lists (the whole OKX family, see listings.ts); MARGIN, FUTURES and
 * OPTION are well-formed and empty, since ccxt loads FUTURES and OPTION and fails if one
 * call fails (§7.3). `uly`/`instFamily` filter derivatives; an `instId` nobody lists is
 * 51001 (unverified: OKX may answer an empty list instead).
 */
export function instrumentsReply(request: RestRequest, context: ExchangeContext): RestReply {
  const query = request.query
  const instType = query.get('instType')
  if (instType === null || instType === '') throw parameterEmpty('instType')
  if (!INST_TYPES.has(instType)) throw parameterError('instType')
  const family = query.get('instFamily') || query.get('uly') || undefined
  if (instType === 'OPTION' && family === undefined) throw eitherRequired('uly', 'instFamily')
  const instId = query.get('instId') || undefined
  let rows = instType === 'SPOT' || instType === 'SWAP' ? instrumentsOf(context, instType).map(instrumentRow) : []
  if (family !== undefined && instType !== 'SPOT' && instType !== 'MARGIN') rows = rows.filter((row) => row.instFamily === family)
  if (instId !== undefined) {
    rows = rows.filter((row) => row.instId === instId)
    if (rows.length === 0) throw instrumentMissing()
  }
  return ok(rows)
}
