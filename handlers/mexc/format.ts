import type { Market } from '../../src/engine/market.js'
import { decimalText } from '../../src/exchange/decimal.js'

/** `value` to `decimals` places without trailing zeros, as MEXC prints ("117330", "117290.1"). Exact on the engine's integer units. */
export function plain(value: number, decimals: number): string {
  return decimalText(value, decimals, true)
}

export const price = (market: Market, value: number) => plain(value, market.tick.decimals)
export const quantity = (market: Market, value: number) => plain(value, market.lot.decimals)
export const quote = (market: Market, value: number) => plain(value, market.quoteDecimals)

/** Contracts: one contract is one lot (our choice of `contractSize`), so `vol` is an integer count. */
export const contracts = (market: Market, volume: number) => Math.round(volume / market.lotSize)
export const number = (value: number, decimals: number) => Number(value.toFixed(decimals))
