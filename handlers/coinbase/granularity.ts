import { HOUR, MINUTE, DAY } from '../../src/engine/time.js'

/**
 * Candle granularities (wire-formats §1.4): the enum names ccxt maps (1m…1d), plus
 * FOUR_HOUR, which the docs of the authenticated candles endpoint list and a live probe
 * accepted on the public one. ONE_WEEK (accepted in a third-party probe, in no official
 * doc, week alignment unknown) and UNKNOWN_GRANULARITY (the enum's zero value) are refused.
 * Every span is epoch-aligned, days at 00:00 UTC.
 */
export const GRANULARITIES = {
  ONE_MINUTE: { engine: '1m', ms: MINUTE },
  FIVE_MINUTE: { engine: '5m', ms: 5 * MINUTE },
  FIFTEEN_MINUTE: { engine: '15m', ms: 15 * MINUTE },
  THIRTY_MINUTE: { engine: '30m', ms: 30 * MINUTE },
  ONE_HOUR: { engine: '1h', ms: HOUR },
  TWO_HOUR: { engine: '2h', ms: 2 * HOUR },
  FOUR_HOUR: { engine: '4h', ms: 4 * HOUR },
  SIX_HOUR: { engine: '6h', ms: 6 * HOUR },
  ONE_DAY: { engine: '1d', ms: DAY },
} as const

export type GranularityName = keyof typeof GRANULARITIES
export interface Granularity {
  readonly name: GranularityName
  readonly engine: string
  readonly ms: number
}

/** The granularity with this exact (case-sensitive) name, if Coinbase serves it. */
export function granularityOf(name: string | undefined): Granularity | undefined {
  if (name === undefined || !Object.hasOwn(GRANULARITIES, name)) return undefined
  const found = GRANULARITIES[name as GranularityName]
  return { name: name as GranularityName, ...found }
}

/** The WebSocket candles channel has one span, five minutes, and no granularity field (§1.8). */
export const WS_CANDLE_INTERVAL = '5m'
export const WS_CANDLE_MS = 5 * MINUTE
