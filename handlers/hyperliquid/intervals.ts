/** §3.3: the interval strings of candleSnapshot and the candle stream; the same as the engine's names. */
export const INTERVALS = ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '8h', '12h', '1d', '3d', '1w', '1M'] as const
export type HyperliquidInterval = (typeof INTERVALS)[number]

const SET = new Set<string>(INTERVALS)

export function isInterval(value: unknown): value is HyperliquidInterval {
  return typeof value === 'string' && SET.has(value)
}
