/**
 * Shared fast-check arbitraries and exact-arithmetic helpers for the candle engine's
 * property tests. Everything numeric is compared in integer units (BigInt), parsed from
 * the decimal representation of the JS numbers the engine returns, so there is no
 * float tolerance anywhere: a volume that is not an exact multiple of the lot fails.
 */
import fc from 'fast-check'
import { CandleEngine, type Candle, type CandleEngineOptions, type EngineMarketConfig, type Market, type Scenario } from '../../src/index.js'

export const SECOND = 1_000
export const MINUTE = 60 * SECOND
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR
export const WEEK = 7 * DAY

/** The span the tests explore: 1975-01-01 to 2140-01-01 (the engine covers 1970–2149). */
export const MIN_TIME = Date.UTC(1975, 0, 1)
export const MAX_TIME = Date.UTC(2140, 0, 1)

/** The intervals exchanges use. */
export const STANDARD_INTERVALS = [
  '1s', '1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d', '3d', '1w', '15d', '1M',
] as const

// ---------------------------------------------------------------------------------
// Exact decimals
// ---------------------------------------------------------------------------------

export interface Step {
  readonly units: number
  readonly decimals: number
}

/**
 * x × 10^decimals as an exact BigInt, read from x's shortest decimal representation
 * (what String(x) prints, exponent notation included); null when that is not an
 * integer, i.e. x has more than `decimals` decimal places.
 */
export function scaled(x: number, decimals: number): bigint | null {
  if (!Number.isFinite(x)) return null
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(x))
  if (!match) throw new Error(`cannot parse ${x}`)
  const [, sign, whole, fraction = '', exponent = '0'] = match
  let digits = BigInt(whole + fraction)
  let power = Number(exponent) - fraction.length + decimals
  if (power < 0) {
    const divisor = 10n ** BigInt(-power)
    if (digits % divisor !== 0n) return null
    digits /= divisor
    power = 0
  }
  const value = digits * 10n ** BigInt(power)
  return sign === '-' ? -value : value
}

/** Whether x is an exact multiple of the step (units / 10^decimals), by integer arithmetic. */
export function isMultiple(x: number, step: Step): boolean {
  const s = scaled(x, step.decimals)
  return s !== null && s % BigInt(step.units) === 0n
}

/** x in whole steps (x / step, exactly); throws when x is not a multiple of the step. */
export function toUnits(x: number, step: Step): bigint {
  const s = scaled(x, step.decimals)
  if (s === null || s % BigInt(step.units) !== 0n) {
    throw new Error(`${x} is not a multiple of ${step.units}e-${step.decimals}`)
  }
  return s / BigInt(step.units)
}

export function quoteStep(market: Market): Step {
  return { units: 1, decimals: market.quoteDecimals }
}

// ---------------------------------------------------------------------------------
// Candles in exact units, and their aggregate
// ---------------------------------------------------------------------------------

/** A candle with volumes in integer lots / quote units; prices stay numbers (compared with ===). */
export interface Totals {
  openTime: number
  closeTime: number
  open: number
  high: number
  low: number
  close: number
  volume: bigint
  quoteVolume: bigint
  trades: number
  takerBuyVolume: bigint
  takerBuyQuoteVolume: bigint
}

export function totalsOf(candle: Candle, market: Market): Totals {
  const quote = quoteStep(market)
  return {
    openTime: candle.openTime,
    closeTime: candle.closeTime,
    open: candle.open,
    high: candle.high,
    low: candle.low,
    close: candle.close,
    volume: toUnits(candle.volume, market.lot),
    quoteVolume: toUnits(candle.quoteVolume, quote),
    trades: candle.trades,
    takerBuyVolume: toUnits(candle.takerBuyVolume, market.lot),
    takerBuyQuoteVolume: toUnits(candle.takerBuyQuoteVolume, quote),
  }
}

/** What a coarser candle made of `candles` (consecutive, oldest first) must be. */
export function aggregate(candles: readonly Candle[], market: Market): Totals {
  if (candles.length === 0) throw new Error('aggregate of no candles')
  const parts = candles.map((c) => totalsOf(c, market))
  const sum = { ...parts[0] }
  for (const p of parts.slice(1)) {
    sum.closeTime = p.closeTime
    sum.close = p.close
    sum.high = Math.max(sum.high, p.high)
    sum.low = Math.min(sum.low, p.low)
    sum.volume += p.volume
    sum.quoteVolume += p.quoteVolume
    sum.trades += p.trades
    sum.takerBuyVolume += p.takerBuyVolume
    sum.takerBuyQuoteVolume += p.takerBuyQuoteVolume
  }
  return sum
}

// ---------------------------------------------------------------------------------
// Intervals, independently of the engine's own interval code
// ---------------------------------------------------------------------------------

export interface ParsedInterval {
  count: number
  unit: 's' | 'm' | 'h' | 'd' | 'w' | 'M'
}

export function parse(interval: string): ParsedInterval {
  const match = /^(\d+)([smhdwM])$/.exec(interval)
  if (!match) throw new Error(`bad interval ${interval}`)
  return { count: Number(match[1]), unit: match[2] as ParsedInterval['unit'] }
}

const UNIT_MS = { s: SECOND, m: MINUTE, h: HOUR, d: DAY, w: WEEK } as const

/** Fixed length in ms, or null for calendar months. */
export function fixedMs(interval: string): number | null {
  const { count, unit } = parse(interval)
  return unit === 'M' ? null : count * UNIT_MS[unit]
}

/** Rough length in ms (months as 31 days), for sizing ranges. */
export function roughMs(interval: string): number {
  const { count, unit } = parse(interval)
  return unit === 'M' ? count * 31 * DAY : count * UNIT_MS[unit]
}

/** Whether `openTime` is a valid open time of `interval`: epoch-aligned; weeks on Mondays; months on the 1st. */
export function isAligned(interval: string, openTime: number): boolean {
  const { count, unit } = parse(interval)
  const date = new Date(openTime)
  if (unit === 'M') {
    const monthIndex = (date.getUTCFullYear() - 1970) * 12 + date.getUTCMonth()
    return openTime === Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1) && monthIndex % count === 0
  }
  if (unit === 'w') {
    const mondays = (openTime - Date.UTC(1970, 0, 5)) / WEEK
    return date.getUTCDay() === 1 && openTime % DAY === 0 && Number.isInteger(mondays) && mondays % count === 0
  }
  return openTime % (count * UNIT_MS[unit]) === 0
}

/** Open time of the candle after the one opening at `openTime` (calendar months for 'M'). */
export function nextOpen(interval: string, openTime: number): number {
  const { count, unit } = parse(interval)
  if (unit !== 'M') return openTime + count * UNIT_MS[unit]
  const date = new Date(openTime)
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + count, 1)
}

/**
 * [start, end) cut into aligned 1d, 1h, 1m and 1s pieces, largest first (start and end
 * whole seconds): the candles whose aggregate is the span, found with few calls.
 */
export function tile(start: number, end: number): Array<{ interval: string; start: number; end: number }> {
  const pieces: Array<{ interval: string; start: number; end: number }> = []
  const spans: Array<[string, number]> = [['1d', DAY], ['1h', HOUR], ['1m', MINUTE], ['1s', SECOND]]
  let time = start
  while (time < end) {
    const [interval, span] = spans.find(([, s]) => time % s === 0 && time + s <= end)!
    const last = pieces.at(-1)
    if (last && last.interval === interval && last.end === time) last.end = time + span
    else pieces.push({ interval, start: time, end: time + span })
    time += span
  }
  return pieces
}

// ---------------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------------

export const seedArb = fc.integer({ min: -(2 ** 40), max: 2 ** 40 })

/** A time in [1975, 2140), sometimes on a whole second, minute, hour or day. */
export const timeArb = fc
  .tuple(fc.integer({ min: MIN_TIME, max: MAX_TIME - 1 }), fc.constantFrom(1, 1, SECOND, MINUTE, HOUR, DAY))
  .map(([t, unit]) => Math.floor(t / unit) * unit)

export const intervalArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...STANDARD_INTERVALS) },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.integer({ min: 1, max: 120 }).map((n) => `${n}s`),
      fc.integer({ min: 1, max: 120 }).map((n) => `${n}m`),
      fc.integer({ min: 1, max: 48 }).map((n) => `${n}h`),
      fc.integer({ min: 1, max: 30 }).map((n) => `${n}d`),
      fc.integer({ min: 1, max: 4 }).map((n) => `${n}w`),
      fc.integer({ min: 1, max: 12 }).map((n) => `${n}M`),
    ),
  },
)

/** How many candles of `interval` a range may hold, so every run stays cheap. */
export function maxCandles(interval: string): number {
  const ms = roughMs(interval)
  return ms <= MINUTE ? 150 : ms <= HOUR ? 90 : ms <= DAY ? 40 : ms <= 31 * DAY ? 8 : 3
}

/** [start, end) holding 0 < n ≤ maxCandles(interval) candles' worth of time, at any ms. */
export function rangeArb(interval: string): fc.Arbitrary<{ start: number; end: number }> {
  const span = roughMs(interval)
  return fc
    .tuple(timeArb, fc.integer({ min: 1, max: maxCandles(interval) * span - 1 }))
    .map(([start, length]) => ({ start, end: start + length }))
}

export const intervalAndRangeArb = intervalArb.chain((interval) =>
  rangeArb(interval).map((range) => ({ interval, ...range })),
)

function step(mantissa: number, exponent: number): { value: number; units: number; decimals: number } {
  const units = exponent >= 0 ? mantissa * 10 ** exponent : mantissa
  const decimals = Math.max(0, -exponent)
  return { value: units / 10 ** decimals, units, decimals }
}

/**
 * A market: price 0.0001–100000 (log-uniform) on a tick of 1, 2, 5 or 25 × 10^k that is
 * 1e-2–1e-6 of the price; volatility 0.05–3; optional drift; daily quote turnover
 * 1e3–1e9 and a lot size giving 1e2–1e9 lots a day; 10 to ~3M trades a day.
 */
export const marketArb: fc.Arbitrary<EngineMarketConfig> = fc
  .record({
    symbol: fc.constantFrom('TST/USDT', 'BTC/USDT', 'ETH/USDT', 'ABC/EUR', 'XYZ/BTC', 'DOGE/USDT'),
    logPrice: fc.double({ min: -4, max: 5, noNaN: true }),
    tickMantissa: fc.constantFrom(1, 2, 5, 25),
    tickDepth: fc.integer({ min: 2, max: 6 }),
    volatility: fc.double({ min: 0.05, max: 3, noNaN: true }),
    drift: fc.option(fc.double({ min: -0.5, max: 0.5, noNaN: true }), { nil: undefined }),
    logDailyQuote: fc.double({ min: 3, max: 9, noNaN: true }),
    lotMantissa: fc.constantFrom(1, 2, 5, 25),
    logLotsPerDay: fc.double({ min: 2, max: 9, noNaN: true }),
    logDailyTrades: fc.double({ min: 1, max: 6.5, noNaN: true }),
  })
  .map((r) => {
    const tick = step(r.tickMantissa, Math.floor(r.logPrice) - r.tickDepth)
    const minTicks = Math.ceil(1e-4 / tick.value)
    const maxTicks = Math.floor(1e5 / tick.value)
    const ticks = Math.min(maxTicks, Math.max(1, minTicks, Math.round(10 ** r.logPrice / tick.value)))
    const price = (ticks * tick.units) / 10 ** tick.decimals
    const dailyVolume = 10 ** r.logDailyQuote / price
    const lotExponent = Math.max(-12, Math.floor(Math.log10(dailyVolume) - r.logLotsPerDay))
    const lot = step(r.lotMantissa, lotExponent)
    const config: EngineMarketConfig = {
      symbol: r.symbol,
      price,
      tickSize: tick.value,
      lotSize: lot.value,
      volatility: r.volatility,
      dailyVolume,
      dailyTrades: Math.round(10 ** r.logDailyTrades),
    }
    if (r.drift !== undefined) config.drift = r.drift
    return config
  })

/** Everything needed to build an engine with one market. */
export interface EngineCase {
  seed: number
  /** The engine's anchor (where the configured price holds); undefined for the default, 2026-01-01. */
  anchor: number | undefined
  market: EngineMarketConfig
}

export const engineCaseArb: fc.Arbitrary<EngineCase> = fc.record({
  seed: seedArb,
  anchor: fc.option(timeArb, { nil: undefined }),
  market: marketArb,
})

export function makeEngine(c: EngineCase, extra: Partial<CandleEngineOptions> = {}): CandleEngine {
  const options: CandleEngineOptions = { seed: c.seed, markets: [c.market], ...extra }
  if (c.anchor !== undefined) options.anchor = c.anchor
  return new CandleEngine(options)
}

/** fast-check settings: moderate runs; a larger timeout than vitest's 5 s for slow CI machines. */
export const TIMEOUT = 60_000

/**
 * 0–3 scenarios (trend, crash, spike, halt, gap) placed around [start, end) (a day either
 * side), with moderate sizes.
 */
export function scenariosArb(start: number, end: number): fc.Arbitrary<Scenario[]> {
  const time = fc.integer({ min: start - DAY, max: end + DAY })
  const length = fc.integer({ min: SECOND, max: 2 * DAY })
  const scenario: fc.Arbitrary<Scenario> = fc.oneof(
    fc.tuple(time, length, fc.double({ min: -0.9, max: 3, noNaN: true })).map(([t, l, change]): Scenario => ({ type: 'trend', start: t, end: t + l, change })),
    fc.tuple(time, length, length, fc.double({ min: 0.01, max: 0.6, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 50, noNaN: true }))
      .map(([at, duration, recoveryDuration, depth, recovery, volume]): Scenario => ({ type: 'crash', at, duration, recoveryDuration, depth, recovery, volume })),
    fc.tuple(time, length, length, fc.double({ min: 0.01, max: 2, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 50, noNaN: true }))
      .map(([at, duration, recoveryDuration, height, recovery, volume]): Scenario => ({ type: 'spike', at, duration, recoveryDuration, height, recovery, volume })),
    fc.tuple(time, length).map(([t, l]): Scenario => ({ type: 'halt', start: t, end: t + l })),
    fc.tuple(time, length).map(([t, l]): Scenario => ({ type: 'gap', start: t, end: t + l })),
  )
  return fc.array(scenario, { maxLength: 3 })
}
