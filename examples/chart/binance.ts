// Binance's candles (REST klines and the kline stream), spot and USDⓈ-M.
import { parseJson, type Bar, type CandleSource } from './source.js'

const HOSTS = {
  spot: { name: 'Binance spot', rest: 'https://api.binance.com/api/v3/klines', stream: 'wss://stream.binance.com:9443/ws/', maxLimit: 1000 },
  usdm: { name: 'Binance USD-M', rest: 'https://fapi.binance.com/fapi/v1/klines', stream: 'wss://fstream.binance.com/market/ws/', maxLimit: 1500 },
} as const

/** `binance({ market: 'spot', symbol: 'BTCUSDT', interval: '1m' })`; intervals are Binance's names. */
export function binance(options: { market: keyof typeof HOSTS; symbol: string; interval: string }): CandleSource {
  const host = HOSTS[options.market]
  const { symbol, interval } = options
  return {
    label: `${host.name} · ${symbol} · ${interval}`,
    maxLimit: host.maxLimit,
    historyUrl: ({ limit, startTime }) => {
      const query = new URLSearchParams({ symbol, interval, limit: String(Math.min(limit, host.maxLimit)) })
      if (startTime !== undefined) query.set('startTime', String(startTime))
      return `${host.rest}?${query}`
    },
    parseHistory: (body) => {
      if (!Array.isArray(body)) throw new TypeError('klines: not an array')
      return body.map(barOfRow)
    },
    streamUrl: `${host.stream}${symbol.toLowerCase()}@kline_${interval}`,
    subscribe: () => [], // the stream is named in the URL
    parseFrame: (text) => {
      const frame = parseJson(text) as { data?: unknown } | undefined
      const event = (frame?.data ?? frame) as { e?: string; k?: Record<string, unknown> } | undefined
      const k = event?.e === 'kline' ? event.k : undefined
      return k ? [{ time: Number(k.t), open: Number(k.o), high: Number(k.h), low: Number(k.l), close: Number(k.c), volume: Number(k.v) }] : []
    },
  }
}

/** A REST kline row: [openTime, "open", "high", "low", "close", "volume", closeTime, …]. */
function barOfRow(row: unknown): Bar {
  if (!Array.isArray(row) || row.length < 6) throw new TypeError(`not a kline row: ${JSON.stringify(row)}`)
  return { time: Number(row[0]), open: Number(row[1]), high: Number(row[2]), low: Number(row[3]), close: Number(row[4]), volume: Number(row[5]) }
}
