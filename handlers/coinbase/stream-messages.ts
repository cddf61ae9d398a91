import type { Candle } from '../../src/engine/candle.js'
import type { Market } from '../../src/engine/market.js'
import { seconds, trimmed } from './format.js'

/**
 * The Advanced Trade market-data WebSocket's messages (wire-formats §1.8): what a
 * client may send, and the texts of the errors the mock answers with. Only
 * "authentication failure" is documented; the other texts are our choice (unverified).
 */

/** Channels that push nothing in the mock but are acknowledged like on Coinbase. */
export const SILENT_CHANNELS = ['status', 'ticker', 'ticker_batch', 'level2', 'market_trades'] as const
/** Channels that need a JWT (the user-data ones). */
export const AUTHENTICATED_CHANNELS = ['user', 'futures_balance_summary'] as const
export const CHANNELS: readonly string[] = ['candles', 'heartbeats', ...SILENT_CHANNELS, ...AUTHENTICATED_CHANNELS]
/** Channels whose subscription names products. */
export const PRODUCT_CHANNELS: ReadonlySet<string> = new Set(['candles', 'ticker', 'ticker_batch', 'level2', 'market_trades'])

export const ERRORS = {
  malformed: 'malformed message',
  unknownType: 'unknown message type',
  noChannel: 'channel is required',
  unknownChannel: 'unknown channel',
  noProducts: 'product_ids are required',
  unknownProduct: (id: string) => `invalid product_id: ${id}`,
  authentication: 'authentication failure',
  refused: 'failure to subscribe',
  rateLimited: 'rate limit exceeded',
} as const

export interface ChannelRequest {
  readonly type: 'subscribe' | 'unsubscribe'
  readonly channel: string
  readonly productIds: readonly string[]
  readonly jwt?: string
}

/** Reads one client frame: a (un)subscribe request, or the text of the error it gets. */
export function parseRequest(text: string): ChannelRequest | { error: string } {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { error: ERRORS.malformed }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: ERRORS.malformed }
  const request = value as Record<string, unknown>
  const { type, channel, product_ids: productIds, jwt } = request
  if ((type !== undefined && typeof type !== 'string') || (channel !== undefined && typeof channel !== 'string') || (jwt !== undefined && typeof jwt !== 'string')) {
    return { error: ERRORS.malformed }
  }
  if (productIds !== undefined && productIds !== null && !(Array.isArray(productIds) && productIds.every((id) => typeof id === 'string'))) return { error: ERRORS.malformed }
  if (type !== 'subscribe' && type !== 'unsubscribe') return { error: ERRORS.unknownType }
  if (channel === undefined || channel === '') return { error: ERRORS.noChannel }
  if (!CHANNELS.includes(channel)) return { error: ERRORS.unknownChannel }
  return { type, channel, productIds: [...new Set((productIds as string[] | undefined | null) ?? [])], ...(jwt ? { jwt } : {}) }
}

export function errorFrame(message: string): string {
  return JSON.stringify({ type: 'error', message })
}

export interface WsCandleRow {
  start: string
  high: string
  low: string
  open: string
  close: string
  volume: string
  product_id: string
}

/** A WebSocket candle: keys in the order captured (§1.8), unlike the REST row, and with the product id. */
export function wsCandleRow(candle: Candle, market: Market, productId: string): WsCandleRow {
  const price = (value: number) => trimmed(value, market.tick.decimals)
  return {
    start: seconds(candle.openTime),
    high: price(candle.high),
    low: price(candle.low),
    open: price(candle.open),
    close: price(candle.close),
    volume: trimmed(candle.volume, market.lot.decimals),
    product_id: productId,
  }
}
