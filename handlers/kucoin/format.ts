import type { Market } from '../../src/engine/market.js'

/** A decimal string without trailing zeros, as KuCoin prints prices and volumes ("10416", "29.11357276"). */
export function trimmed(value: number, decimals: number): string {
  const text = value.toFixed(decimals)
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text
}

export const priceText = (market: Market, value: number) => trimmed(value, market.tick.decimals)
export const volumeText = (market: Market, value: number) => trimmed(value, market.lot.decimals)
export const quoteText = (market: Market, value: number) => trimmed(value, market.quoteDecimals)

/** A step (tick, lot) as KuCoin prints it: "0.1", "0.00000001". */
export const stepText = (step: { units: number; decimals: number }) => trimmed(step.units / 10 ** step.decimals, step.decimals)
