import { MockExchangeError } from '../errors.js'
import type { Candle } from './candle.js'
import { nextOpenTime, openTimeOf, parseInterval, type IntervalInput } from './interval.js'
import { resolveMarket, type Market, type MarketConfig } from './market.js'
import { hashString } from './random.js'
import type { Scenario } from './scenarios.js'
import { MarketSeries } from './series.js'
import { lastCloseOf, readReplay, type ReplayConfig } from './replay.js'
import { DAY, SECOND } from './time.js'

/** 2026-01-01T00:00:00Z: where configured prices hold unless `anchor` says otherwise. A constant, so runs replay. */
export const DEFAULT_ANCHOR = Date.UTC(2026, 0, 1)
/** The most candles one call returns; a year of 1m candles is 525,600. */
export const MAX_CANDLES_PER_CALL = 1_000_000

export interface EngineMarketConfig extends MarketConfig {
  /** What happens to this market besides its random walk: trends, crashes, halts, gaps. */
  scenarios?: Scenario[]
  /** Candles to replay instead of generated ones; the market goes on from the last close after them. */
  replay?: ReplayConfig
}

export interface CandleEngineOptions {
  /** Same seed and options → the same candles. A number or any string. Default 1. */
  seed?: number | string
  markets: EngineMarketConfig[]
  /** Where each market's configured price holds (ms); default 2026-01-01T00:00:00Z. */
  anchor?: number
  /** "Now" for in-progress candles when a call gives none (e.g. a clock's `now`). Without it, every candle is complete. */
  now?: () => number
  /** Tree splits kept in memory per market (about 1 kB each). Default 20,000. */
  cacheSplits?: number
}

export interface CandleRange {
  /** ms since the epoch; candles overlapping [start, end) are returned. */
  start: number
  end: number
  /** Candles opening after `now` are left out and the one containing it is in progress (closed: false). */
  now?: number
}

/**
 * Deterministic, realistic candles for any market, interval and span of time.
 *
 * ```ts
 * const engine = new CandleEngine({ seed: 42, markets: [{ symbol: 'BTC/USDT', price: 50_000 }] })
 * engine.candles('BTC/USDT', '1h', { start: Date.UTC(2026, 0, 1), end: Date.UTC(2026, 0, 2) }) // 24 candles
 * ```
 */
export class CandleEngine {
  readonly seed: number
  private readonly series = new Map<string, MarketSeries>()
  private readonly now?: () => number

  constructor(options: CandleEngineOptions) {
    if (!options || !Array.isArray(options.markets) || options.markets.length === 0) {
      throw new MockExchangeError(
        'BAD_OPTIONS',
        "Failed to create the CandleEngine: options.markets must list at least one market, e.g. new CandleEngine({ markets: [{ symbol: 'BTC/USDT', price: 50_000 }] }).",
      )
    }
    this.seed = normalizeSeed(options.seed ?? 1)
    this.now = options.now
    const anchor = options.anchor ?? DEFAULT_ANCHOR
    for (const config of options.markets) {
      const series = createSeries(config, anchor, this.seed, options.cacheSplits)
      if (this.series.has(series.market.symbol)) {
        throw new MockExchangeError('BAD_MARKET', `Failed to add the market "${series.market.symbol}": it is listed twice. List each market once.`)
      }
      this.series.set(series.market.symbol, series)
    }
  }

  /** The markets, with every default filled in. */
  get markets(): Market[] {
    return [...this.series.values()].map((s) => s.market)
  }

  market(symbol: string): Market {
    return this.seriesOf(symbol).market
  }

  /** Every candle of `interval` overlapping [start, end), oldest first. */
  candles(symbol: string, interval: IntervalInput, range: CandleRange): Candle[] {
    const series = this.seriesOf(symbol)
    const span = parseInterval(interval)
    const { start, end } = range
    const now = range.now ?? this.now?.()
    if (!Number.isFinite(start) || !Number.isFinite(end)) {
      throw new MockExchangeError('BAD_RANGE', `Failed to get candles: start and end must be times in ms since the epoch (got ${start}, ${end}).`)
    }
    if (span.kind === 'fixed' && (end - start) / span.ms > MAX_CANDLES_PER_CALL) {
      throw new MockExchangeError(
        'BAD_RANGE',
        `Failed to get candles: [start, end) holds more than ${MAX_CANDLES_PER_CALL} candles of ${span.name}. Ask for pages (exchanges serve 1000 at most).`,
      )
    }
    const candles: Candle[] = []
    for (let open = openTimeOf(span, start); open < end; open = nextOpenTime(span, open)) {
      if (now !== undefined && open > now) break
      const close = nextOpenTime(span, open)
      const candle = now !== undefined && close > now ? this.partial(series, open, close, now) : series.candle(open, close, true)
      if (candle) candles.push(candle)
    }
    return candles
  }

  /** The candle of `interval` in progress at `time`: its close is the price at `time`, its volume what has traded so far. */
  candleAt(symbol: string, interval: IntervalInput, time: number): Candle {
    const series = this.seriesOf(symbol)
    const span = parseInterval(interval)
    if (!Number.isFinite(time)) throw new MockExchangeError('BAD_RANGE', `Failed to get the candle at ${time}: pass a time in ms since the epoch.`)
    const open = openTimeOf(span, time)
    const candle = this.partial(series, open, nextOpenTime(span, open), time)
    if (!candle) {
      throw new MockExchangeError('NO_CANDLE', `Failed to get the candle of ${symbol} at ${new Date(time).toISOString()}: there is none (a gap, or outside 1970–2149).`)
    }
    return candle
  }

  /** The last traded price at `time`. */
  priceAt(symbol: string, time: number): number {
    return this.candleAt(symbol, '1s', time).close
  }

  private partial(series: MarketSeries, open: number, close: number, now: number): ReturnType<MarketSeries['candle']> {
    const elapsed = Math.floor(now / SECOND) * SECOND
    return elapsed > open ? series.candle(open, elapsed, false, close) : series.emptyCandle(open, close)
  }

  private seriesOf(symbol: string): MarketSeries {
    const series = this.series.get(symbol)
    if (series) return series
    throw new MockExchangeError(
      'UNKNOWN_MARKET',
      `Failed to find the market "${symbol}": this engine has ${[...this.series.keys()].join(', ')}. Add it to options.markets.`,
    )
  }
}

/** A replayed market's generated part goes on from the last replayed close, at the end of the rows. */
function createSeries(config: EngineMarketConfig, anchor: number, seed: number, cacheSplits: number | undefined): MarketSeries {
  if (!config?.replay) return new MarketSeries(resolveMarket(config, anchor), seed, config?.scenarios ?? [], undefined, cacheSplits)
  const draft = resolveMarket({ ...config, price: config.price ?? lastCloseOf(config.replay, String(config.symbol)) }, anchor, { roundPrice: true })
  const replay = readReplay(config.replay, draft)
  // Unless told otherwise, the generated continuation trades like the replayed rows did.
  const days = (replay.end - replay.start) / DAY
  const lots = replay.rows.reduce((sum, row) => sum + row.volume, 0)
  const trades = replay.rows.reduce((sum, row) => sum + row.trades, 0)
  const market: Market = {
    ...draft,
    price: replay.lastClose,
    anchor: replay.end,
    dailyVolume: config.dailyVolume ?? (lots > 0 ? (lots * draft.lotSize) / days : draft.dailyVolume),
    dailyTrades: config.dailyTrades ?? (trades > 0 ? trades / days : draft.dailyTrades),
  }
  return new MarketSeries(market, seed, config.scenarios ?? [], config.replay, cacheSplits)
}

function normalizeSeed(seed: number | string): number {
  if (typeof seed === 'string') return hashString(seed)
  if (!Number.isSafeInteger(seed)) {
    throw new MockExchangeError('BAD_OPTIONS', `Failed to create the CandleEngine: seed must be an integer or a string (got ${seed}).`)
  }
  return seed
}
