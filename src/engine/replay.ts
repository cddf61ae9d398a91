import { MockExchangeError } from '../errors.js'
import { RecentCache } from './cache.js'
import { nextOpenTime, openTimeOf, parseInterval, type Interval, type IntervalInput } from './interval.js'
import { DAY_LEVEL, LEVELS } from './levels.js'
import { fromUnits, type Market } from './market.js'
import type { TreeNode } from './node.js'
import { NodeRandom } from './random.js'
import { Flows, type SplitContext } from './context.js'
import { split } from './split.js'
import type { TreeTop } from './tree.js'

/** One candle of the user's data: an object, or an array in Binance's kline order. */
export type ReplayRow =
  | {
      openTime: number | string
      open: number | string
      high: number | string
      low: number | string
      close: number | string
      volume: number | string
      quoteVolume?: number | string
      trades?: number | string
      takerBuyVolume?: number | string
      takerBuyQuoteVolume?: number | string
    }
  | Array<number | string>

/**
 * Candles to replay instead of generated ones: rows at one interval (JSON rows or CSV
 * text with or without a header). Finer candles are generated inside each row, coarser
 * ones aggregate rows; after the last row the market goes on from its last close, and
 * before the first row it has no candles (as before a listing). Missing rows are gaps.
 */
export interface ReplayConfig {
  interval: IntervalInput
  rows?: ReplayRow[]
  csv?: string
}

const FIELDS = ['openTime', 'open', 'high', 'low', 'close', 'volume', 'quoteVolume', 'trades', 'takerBuyVolume', 'takerBuyQuoteVolume'] as const
type Field = (typeof FIELDS)[number]
const HEADER_ALIASES: Record<string, Field> = {
  time: 'openTime', timestamp: 'openTime', date: 'openTime', opentime: 'openTime', open_time: 'openTime',
  open: 'open', high: 'high', low: 'low', close: 'close', volume: 'volume', basevolume: 'volume',
  quotevolume: 'quoteVolume', quote_volume: 'quoteVolume', quoteassetvolume: 'quoteVolume', trades: 'trades', count: 'trades',
  takerbuyvolume: 'takerBuyVolume', takerbuybasevolume: 'takerBuyVolume', takerbuyquotevolume: 'takerBuyQuoteVolume',
}

/** Parsed rows, as integer ticks and lots, with their times. */
export interface ReplayData {
  readonly interval: Interval
  readonly rows: TreeNode[]
  readonly start: number
  readonly end: number
  readonly lastClose: number
}

/** The last row's close as written, to pick the market's defaults before the rows are read on its ticks. */
export function lastCloseOf(config: ReplayConfig, symbol: string): number | undefined {
  const records = config?.rows !== undefined ? config.rows.map(fromRow) : config?.csv !== undefined ? fromCsv(config.csv, () => []) : []
  if (records.length === 0) throw new MockExchangeError('BAD_REPLAY', `Failed to replay candles for "${symbol}": there are no rows. Pass rows (JSON) or csv (text).`)
  const close = Number(records[records.length - 1]?.close)
  return Number.isFinite(close) && close > 0 ? close : undefined
}

export function readReplay(config: ReplayConfig, market: Pick<Market, 'symbol' | 'tickSize' | 'tick' | 'lotSize' | 'quoteDecimals' | 'dailyVolume' | 'dailyTrades'>): ReplayData {
  const fail = (why: string): never => {
    throw new MockExchangeError('BAD_REPLAY', `Failed to replay candles for "${market.symbol}": ${why}`)
  }
  const interval = parseInterval(config?.interval)
  const records = config.rows !== undefined ? config.rows.map(fromRow) : config.csv !== undefined ? fromCsv(config.csv, fail) : fail('pass rows (JSON) or csv (text).')
  if (records.length === 0) fail('there are no rows.')
  const lotsPerTrade = Math.max(1, market.dailyVolume / market.lotSize / market.dailyTrades)
  const rows: TreeNode[] = []
  let previous = -Infinity
  records.forEach((record, i) => {
    const where = `row ${i + 1}`
    const openTime = toTime(record.openTime, () => fail(`${where}: openTime ${String(record.openTime)} is not a time (ms, seconds or ISO text).`))
    if (openTimeOf(interval, openTime) !== openTime) fail(`${where}: ${new Date(openTime).toISOString()} is not the start of a ${interval.name} candle.`)
    if (openTime <= previous) fail(`${where}: rows must be in time order, each after the previous one.`)
    previous = openTime
    const num = (field: Field, optional = false): number => {
      const value = record[field]
      if (value === undefined || value === '') return optional ? NaN : fail(`${where}: ${field} is missing.`)
      const n = Number(value)
      return Number.isFinite(n) && n >= 0 ? n : fail(`${where}: ${field} is ${String(value)}; it must be a number ≥ 0.`)
    }
    const ticks = (field: Field) => Math.max(1, Math.round(num(field) / market.tickSize))
    const [open, high, low, close] = (['open', 'high', 'low', 'close'] as const).map(ticks)
    if (high < Math.max(open, close) || low > Math.min(open, close)) fail(`${where}: high must be ≥ open and close, and low ≤ them (on the tick ${market.tickSize}).`)
    const volume = Math.round(num('volume') / market.lotSize)
    const givenTrades = num('trades', true)
    const trades = volume === 0 ? 0 : Math.min(volume, Math.max(1, Number.isNaN(givenTrades) ? Math.round(volume / lotsPerTrade) : Math.round(givenTrades)))
    const quoteUnits = 10 ** market.quoteDecimals
    const typical = ((open + high + low + close) / 4) * market.tickSize
    const givenQuote = num('quoteVolume', true)
    const quoteVolume = Math.round((Number.isNaN(givenQuote) ? volume * market.lotSize * typical : givenQuote) * quoteUnits)
    const givenTaker = num('takerBuyVolume', true)
    const takerVolume = Math.min(volume, Number.isNaN(givenTaker) ? Math.round(volume / 2) : Math.round(givenTaker / market.lotSize))
    const givenTakerQuote = num('takerBuyQuoteVolume', true)
    const takerQuoteVolume = Math.min(quoteVolume, Number.isNaN(givenTakerQuote) ? (volume > 0 ? Math.round((quoteVolume * takerVolume) / volume) : 0) : Math.round(givenTakerQuote * quoteUnits))
    const [lnOpen, lnHigh, lnLow, lnClose] = [open, high, low, close].map(Math.log)
    const end = nextOpenTime(interval, openTime)
    rows.push({
      start: openTime, end, open: lnOpen, high: lnHigh, low: lnLow, close: lnClose,
      activity: end - openTime,
      // A bridge whose expected range matches the row's: E[range] ≈ 1.6·√v.
      variance: trades > 0 ? ((lnHigh - lnLow) / 1.6) ** 2 : 0,
      volume, trades, takerVolume, quoteVolume, takerQuoteVolume, uniform: true,
    })
  })
  const last = rows[rows.length - 1]
  return { interval, rows, start: rows[0].start, end: last.end, lastClose: fromUnits(Math.round(Math.exp(last.close)), market.tick) }
}

/**
 * The replayed rows as the top of a candle tree: each row splits into children of
 * the largest standard level that divides it (15m for 1h rows, days for weeks and
 * months), generated like any other split; below that the usual levels follow.
 */
export class ReplayTop implements TreeTop {
  readonly level: number
  private readonly childSpan: number
  private readonly rowCache = new RecentCache<TreeNode[]>(4096)
  private readonly byStart = new Map<number, number>()

  constructor(
    private readonly data: ReplayData,
    private readonly key: number,
    private readonly context: SplitContext,
  ) {
    this.level = childLevelOf(data.interval)
    this.childSpan = LEVELS[this.level].span
    data.rows.forEach((row, i) => this.byStart.set(row.start, i))
  }

  /** The row that starts at `time`, if any. */
  rowAt(time: number): TreeNode | undefined {
    const index = this.byStart.get(openTimeOf(this.data.interval, time))
    return index === undefined ? undefined : this.data.rows[index]
  }

  node(index: number): TreeNode {
    const time = index * this.childSpan
    const rowIndex = this.byStart.get(openTimeOf(this.data.interval, time))
    if (rowIndex === undefined) throw new Error(`replay: no row at ${time}`)
    const row = this.data.rows[rowIndex]
    let children = this.rowCache.get(rowIndex)
    if (!children) {
      const n = Math.round((row.end - row.start) / this.childSpan)
      const { cascade } = LEVELS[Math.max(0, this.level - 1)]
      children = split(row, n, cascade, Flows.Split, new NodeRandom(this.key, 100 + this.level, rowIndex), this.context)
      this.rowCache.set(rowIndex, children)
    }
    return children[Math.round((time - row.start) / this.childSpan)]
  }
}

/** The level of the children of a replayed row: the largest standard span below the row's that tiles it. */
function childLevelOf(interval: Interval): number {
  if (interval.kind === 'months') return DAY_LEVEL
  for (let level = 0; level < LEVELS.length; level++) {
    const span = LEVELS[level].span
    if (span < interval.ms && interval.ms % span === 0 && interval.offset % span === 0) return level
  }
  throw new MockExchangeError('BAD_REPLAY', `Failed to replay ${interval.name} candles: the finest interval that can be replayed is 5s.`)
}

/** Binance's kline order (closeTime, 7th, is skipped): what exchange exports and arrays without names use. */
const BINANCE_ORDER: Array<Field | undefined> = ['openTime', 'open', 'high', 'low', 'close', 'volume', undefined, 'quoteVolume', 'trades', 'takerBuyVolume', 'takerBuyQuoteVolume']

function fromRow(row: ReplayRow): Partial<Record<Field, unknown>> {
  if (!Array.isArray(row)) return row as Partial<Record<Field, unknown>>
  const record: Partial<Record<Field, unknown>> = {}
  BINANCE_ORDER.forEach((field, i) => {
    if (field) record[field] = row[i]
  })
  return record
}

function fromCsv(text: string, fail: (why: string) => never | []): Array<Partial<Record<Field, unknown>>> {
  const lines = String(text).split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'))
  if (lines.length === 0) return []
  const first = lines[0].split(',').map((c) => c.trim())
  const hasHeader = first.some((cell) => /[a-z]/i.test(cell) && Number.isNaN(Date.parse(cell)))
  const columns: Array<Field | undefined> = hasHeader
    ? first.map((cell) => HEADER_ALIASES[cell.toLowerCase().replace(/[\s-]/g, '')])
    : BINANCE_ORDER
  for (const needed of ['openTime', 'open', 'high', 'low', 'close', 'volume'] as const) {
    if (!columns.includes(needed)) return fail(`the CSV header has no ${needed} column (it has: ${first.join(', ')}).`)
  }
  return lines.slice(hasHeader ? 1 : 0).map((line) => {
    const record: Partial<Record<Field, unknown>> = {}
    line.split(',').forEach((cell, i) => {
      const field = columns[i]
      if (field) record[field] = cell.trim()
    })
    return record
  })
}

function toTime(value: unknown, fail: () => never): number {
  if (typeof value === 'number' || (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value))) {
    const n = Number(value)
    // Seconds (10 digits) or milliseconds (13 digits).
    return Number.isFinite(n) ? (n < 1e11 ? n * 1000 : n) : fail()
  }
  const parsed = typeof value === 'string' ? Date.parse(value) : NaN
  return Number.isFinite(parsed) ? parsed : fail()
}
