import type { Candle } from '../../src/engine/candle.js'
import type { Market } from '../../src/engine/market.js'
import { decimalUnits } from '../../src/exchange/decimal.js'

/**
 * An integer count of 10^-decimals as OKX prints numbers: exact digits, no trailing
 * zeros, no trailing dot ("36522", "36520.5", "0.0077"; §5.2). A negative `decimals`
 * scales the count up (1.5e3 contracts of 10^-(-1)).
 */
export function plainUnits(units: number, decimals: number): string {
  return decimalUnits(units, decimals, true)
}

/** `value` (a multiple of 10^-decimals) printed the OKX way. */
export function plain(value: number, decimals: number): string {
  return plainUnits(Math.round(value * 10 ** decimals), decimals)
}

/**
 * Contract value of a SWAP: a power of ten of the base, so that contracts print exactly.
 * OKX's own for the known bases (BTC 0.01, ETH 0.1, SOL 1, …, §6.2); otherwise the power
 * of ten nearest below 1000 quote units at the market's configured price (our choice).
 */
const KNOWN_CONTRACT_EXPONENT: Record<string, number> = { BTC: -2, ETH: -1, SOL: 0, BNB: -2, XRP: 2, DOGE: 3, ADA: 2 }

export function contractExponent(market: Market): number {
  const known = KNOWN_CONTRACT_EXPONENT[market.base]
  if (known !== undefined) return known
  return Math.max(-8, Math.min(8, Math.floor(Math.log10(1000 / market.price))))
}

/** How one instrument prints its candles: prices, base and quote amounts, and contracts on SWAP. */
export interface Numbers {
  price(value: number): string
  base(value: number): string
  quote(value: number): string
  /** Base amount in contracts (SWAP only). */
  contracts(base: number): string
}

export function numbersOf(market: Market): Numbers {
  const { tick, lot, quoteDecimals } = market
  const exponent = contractExponent(market)
  return {
    price: (value) => plain(value, tick.decimals),
    base: (value) => plain(value, lot.decimals),
    quote: (value) => plain(value, quoteDecimals),
    // base / 10^e contracts: the same integer count of lots, with e fewer decimals.
    contracts: (value) => plainUnits(Math.round(value * 10 ** lot.decimals), lot.decimals + exponent),
  }
}

export type InstType = 'SPOT' | 'SWAP'
export type CandleRow = [string, string, string, string, string, string, string, string, string]

/**
 * One candle as OKX sends it on REST and WebSocket (§5.2, §6.2): nine strings
 * [ts, o, h, l, c, vol, volCcy, volCcyQuote, confirm]. SPOT: vol is base, volCcy and
 * volCcyQuote are quote. SWAP: vol is contracts, volCcy base, volCcyQuote quote.
 */
export function candleRow(candle: Candle, instType: InstType, n: Numbers, closed = candle.closed): CandleRow {
  const quote = n.quote(candle.quoteVolume)
  const [vol, volCcy] = instType === 'SPOT' ? [n.base(candle.volume), quote] : [n.contracts(candle.volume), n.base(candle.volume)]
  return [String(candle.openTime), n.price(candle.open), n.price(candle.high), n.price(candle.low), n.price(candle.close), vol, volCcy, quote, closed ? '1' : '0']
}
