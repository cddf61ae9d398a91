import { MockExchangeError } from '../errors.js'

/** How a user describes a market. Everything but `symbol` has a default. */
export interface MarketConfig {
  /** Canonical `BASE/QUOTE`, e.g. 'BTC/USDT'. */
  symbol: string
  /** Price at the anchor time (required for pairs not in the defaults list). */
  price?: number
  /** Annualized volatility of log returns, e.g. 0.6 for 60%. */
  volatility?: number
  /** Annualized drift of log price, e.g. 0.2 for +20% a year (in log terms). */
  drift?: number
  tickSize?: number
  lotSize?: number
  /** Average base volume traded per day. */
  dailyVolume?: number
  /** Average number of trades per day. */
  dailyTrades?: number
  /** Time (ms) at which the price equals `price`; defaults to the engine's anchor. */
  anchor?: number
  /** 'spot' or 'perpetual'; the engine only records it for the exchange plugins. */
  kind?: 'spot' | 'perpetual'
}

/** A market with every default filled in and its decimals worked out. */
export interface Market {
  readonly symbol: string
  readonly base: string
  readonly quote: string
  readonly kind: 'spot' | 'perpetual'
  readonly price: number
  readonly volatility: number
  readonly drift: number
  readonly tickSize: number
  readonly lotSize: number
  readonly dailyVolume: number
  readonly dailyTrades: number
  readonly anchor: number
  readonly tick: Decimal
  readonly lot: Decimal
  /** Quote volumes are integers of 10^-quoteDecimals; chosen so a day's quote volume stays exact. */
  readonly quoteDecimals: number
}

/** A step size as an integer over a power of ten, so that n × step is exact: 0.25 = 25 / 10^2. */
export interface Decimal {
  readonly units: number
  readonly decimals: number
}

type Defaults = Required<Pick<MarketConfig, 'price' | 'volatility' | 'tickSize' | 'lotSize' | 'dailyVolume' | 'dailyTrades'>>

/** Rough, round figures of well-known pairs, so a test can name a market and nothing else. */
const KNOWN: Record<string, Defaults> = {
  BTC: { price: 60_000, volatility: 0.55, tickSize: 0.01, lotSize: 0.00001, dailyVolume: 20_000, dailyTrades: 1_500_000 },
  ETH: { price: 3_000, volatility: 0.7, tickSize: 0.01, lotSize: 0.0001, dailyVolume: 300_000, dailyTrades: 1_000_000 },
  SOL: { price: 150, volatility: 0.9, tickSize: 0.01, lotSize: 0.001, dailyVolume: 2_000_000, dailyTrades: 600_000 },
  BNB: { price: 600, volatility: 0.6, tickSize: 0.01, lotSize: 0.001, dailyVolume: 200_000, dailyTrades: 300_000 },
  XRP: { price: 0.5, volatility: 0.8, tickSize: 0.0001, lotSize: 0.1, dailyVolume: 100_000_000, dailyTrades: 300_000 },
  DOGE: { price: 0.15, volatility: 1.0, tickSize: 0.00001, lotSize: 1, dailyVolume: 500_000_000, dailyTrades: 300_000 },
  ADA: { price: 0.45, volatility: 0.85, tickSize: 0.0001, lotSize: 0.1, dailyVolume: 100_000_000, dailyTrades: 150_000 },
}
const USD_QUOTES = new Set(['USDT', 'USDC', 'USD', 'FDUSD', 'BUSD', 'EUR'])

export function resolveMarket(config: MarketConfig, defaultAnchor: number, options: { roundPrice?: boolean } = {}): Market {
  const symbol = String(config.symbol ?? '')
  const match = /^([A-Z0-9]{1,20})\/([A-Z0-9]{1,20})$/.exec(symbol)
  if (!match) {
    throw new MockExchangeError(
      'BAD_MARKET',
      `Failed to add the market "${symbol}": symbols are canonical BASE/QUOTE in capitals, e.g. 'BTC/USDT'. Each exchange plugin maps them to its own names.`,
    )
  }
  const [, base, quote] = match
  const known = USD_QUOTES.has(quote) ? KNOWN[base] : undefined
  let price = config.price ?? known?.price
  if (price === undefined) {
    throw new MockExchangeError(
      'BAD_MARKET',
      `Failed to add the market "${symbol}": it has no default price. Pass one: { symbol: '${symbol}', price: 123.45 }. ` +
        `Defaults exist for ${Object.keys(KNOWN).map((b) => `${b}/USDT`).join(', ')}.`,
    )
  }
  positive(symbol, 'price', price)
  const tickSize = config.tickSize ?? known?.tickSize ?? defaultTick(price)
  const lotSize = config.lotSize ?? known?.lotSize ?? defaultLot(price)
  const volatility = config.volatility ?? known?.volatility ?? 0.6
  const drift = config.drift ?? 0
  const dailyVolume = config.dailyVolume ?? known?.dailyVolume ?? 1_000_000 / price
  // Every trade is at least one lot.
  const dailyTrades = Math.min(config.dailyTrades ?? known?.dailyTrades ?? 100_000, dailyVolume / lotSize)
  positive(symbol, 'tickSize', tickSize)
  positive(symbol, 'lotSize', lotSize)
  positive(symbol, 'dailyVolume', dailyVolume)
  positive(symbol, 'dailyTrades', dailyTrades)
  if (!(volatility >= 0 && volatility <= 20)) fail(symbol, 'volatility', volatility, 'an annualized fraction between 0 and 20')
  if (!Number.isFinite(drift) || Math.abs(drift) > 100) fail(symbol, 'drift', drift, 'an annualized log drift such as 0.2')
  const tick = toDecimal(symbol, 'tickSize', tickSize)
  if (options.roundPrice) price = fromUnits(Math.max(1, Math.round(price / tickSize)), tick)
  const lot = toDecimal(symbol, 'lotSize', lotSize)
  if (Math.abs(Math.round(price / tickSize) * tickSize - price) > tickSize * 1e-6) {
    fail(symbol, 'price', price, `a multiple of the tick size ${tickSize}`)
  }
  const anchor = config.anchor ?? defaultAnchor
  if (!Number.isFinite(anchor)) fail(symbol, 'anchor', anchor, 'a time in milliseconds since the epoch')
  return {
    symbol, base, quote, kind: config.kind ?? 'spot',
    price, volatility, drift, tickSize, lotSize, dailyVolume, dailyTrades, anchor, tick, lot,
    quoteDecimals: quoteDecimalsFor(tick.decimals + lot.decimals, dailyVolume, price),
  }
}

/**
 * The finest quote precision (at most 8 decimals) at which a month of days ten times
 * busier than average, at `highestPrice`, still sums exactly in a double and prints
 * exactly with its decimals (below 2^53 / 10).
 */
export function quoteDecimalsFor(naturalDecimals: number, dailyVolume: number, highestPrice: number): number {
  const fits = Math.floor(Math.log10(Number.MAX_SAFE_INTEGER / (dailyVolume * highestPrice * 100 * 31)))
  return Math.max(0, Math.min(naturalDecimals, fits, 8))
}

function defaultTick(price: number): number {
  return 10 ** (Math.floor(Math.log10(price)) - 5)
}

function defaultLot(price: number): number {
  return 10 ** Math.min(0, Math.floor(Math.log10(10 / price)) - 1)
}

function toDecimal(symbol: string, field: string, step: number): Decimal {
  for (let decimals = 0; decimals <= 12; decimals++) {
    const units = Math.round(step * 10 ** decimals)
    if (Math.abs(units / 10 ** decimals - step) <= step * 1e-9) return { units, decimals }
  }
  return fail(symbol, field, step, 'a decimal with at most 12 places')
}

function positive(symbol: string, field: string, value: number): void {
  if (!(typeof value === 'number' && Number.isFinite(value) && value > 0)) fail(symbol, field, value, 'a positive finite number')
}

function fail(symbol: string, field: string, value: unknown, expected: string): never {
  throw new MockExchangeError('BAD_MARKET', `Failed to add the market "${symbol}": ${field} is ${String(value)}, but it must be ${expected}.`)
}

/** n × step as a number with exactly the step's decimals (n × 0.01 would give 0.30000000000000004). */
export function fromUnits(count: number, step: Decimal): number {
  return (count * step.units) / 10 ** step.decimals
}
