import type { Candle } from '../../src/engine/candle.js'
import { nextOpenTime, openTimeOf, type Interval } from '../../src/engine/interval.js'
import type { ExchangeContext, RestReply, RestRequest } from '../../src/exchange/types.js'
import { displayNames } from './asset-pairs.js'
import { envelope, invalidArguments, unknownPair } from './errors.js'
import { numbersOf, vwapOf, type Numbers } from './format.js'
import { INTERVALS } from './intervals.js'
import { listingByAlias, type Listing } from './markets.js'

/** At most this many committed rows, plus the candle in progress (§2.1). */
export const MAX_ROWS = 720

export type OhlcRow = [number, string, string, string, string, string, string, number]

export interface OhlcQuery {
  readonly listing: Listing
  readonly minutes: number
  readonly interval: Interval
  /** UNIX seconds; rows opening strictly after it (the candle in progress always comes). */
  readonly since?: number
  readonly display: boolean
}

const INTEGER = /^[0-9]+$/
/** A time in seconds; fractions and a sign are read too (our choice: Kraken documents an integer). */
const SECONDS = /^-?[0-9]{1,15}(\.[0-9]+)?$/

/**
 * Reads `pair`, `interval` and `since` (§2.1). Unknown parameters are ignored, as
 * ccxt's `until` is (our choice). Missing or empty pair and a bad interval or since are
 * EGeneral:Invalid arguments; a name Kraken does not list is EQuery:Unknown asset pair.
 */
export function readOhlcQuery(request: RestRequest, context: ExchangeContext): OhlcQuery {
  const query = request.query
  const name = query.get('pair')
  if (name === null || name === '') throw invalidArguments()
  const listing = listingByAlias(context, name)
  if (!listing) throw unknownPair()
  const intervalText = query.get('interval')
  const minutes = intervalText === null ? 1 : INTEGER.test(intervalText) ? Number(intervalText) : Number.NaN
  const interval = INTERVALS.get(minutes)
  if (!interval) throw invalidArguments()
  const sinceText = query.get('since')
  let since: number | undefined
  if (sinceText !== null && sinceText !== '') {
    if (!SECONDS.test(sinceText)) throw invalidArguments()
    since = Number(sinceText)
  }
  return { listing, minutes, interval, since, display: displayNames(request) }
}

/**
 * The rows Kraken serves (§2.1, §2.7): the 720 most recent committed candles whose open
 * time is after `since`, oldest first, then the candle in progress, always. A candle the
 * engine leaves out (a gap scenario) is filled flat at the previous close with no volume,
 * vwap 0 and no trades, as Kraken fills intervals without trades.
 */
export function selectRows(context: ExchangeContext, query: OhlcQuery): { rows: OhlcRow[]; last: number } {
  const { interval } = query
  const ms = interval.kind === 'fixed' ? interval.ms : 0
  const current = openTimeOf(interval, context.now())
  let first = Math.max(current - MAX_ROWS * ms, 0)
  if (query.since !== undefined) {
    // Open times (ms) strictly after since (s): the first open at or after floor(since·1000) + 1.
    const after = Math.floor(query.since * 1000) + 1
    const open = openTimeOf(interval, Math.min(Math.max(after, first), current))
    first = Math.min(open < after ? nextOpenTime(interval, open) : open, current)
  }
  const numbers = numbersOf(query.listing.listed.market)
  const candles = context.candles(query.listing.listed, interval, first, current + 1)
  const rows: OhlcRow[] = []
  let next = 0
  let previous: Candle | undefined
  for (let open = first; open <= current; open = nextOpenTime(interval, open)) {
    while (next < candles.length && candles[next].openTime < open) next++
    const candle = candles[next]?.openTime === open ? candles[next] : undefined
    if (candle) rows.push(row(candle, numbers))
    else if (previous) rows.push(flatRow(open, previous.close, numbers))
    if (candle) previous = candle
  }
  return { rows, last: (current - ms) / 1000 }
}

function row(candle: Candle, n: Numbers): OhlcRow {
  return [
    candle.openTime / 1000,
    n.price(candle.open),
    n.price(candle.high),
    n.price(candle.low),
    n.price(candle.close),
    n.price(vwapOf(candle, n.priceDecimals)),
    n.volume(candle.volume),
    candle.trades,
  ]
}

function flatRow(open: number, close: number, n: Numbers): OhlcRow {
  const price = n.price(close)
  return [open / 1000, price, price, price, price, n.price(0), n.volume(0), 0]
}

/** GET /0/public/OHLC: `{"error":[],"result":{"XXBTZUSD":[rows…],"last":…}}`, keyed by the pair key whatever alias was asked (§2.1). */
export function ohlcReply(request: RestRequest, context: ExchangeContext): RestReply {
  const query = readOhlcQuery(request, context)
  const { rows, last } = selectRows(context, query)
  const key = query.display ? query.listing.pair.symbol : query.listing.pair.key
  return { status: 200, body: envelope({ [key]: rows, last }) }
}
