// Bybit v5's candles (GET /v5/market/kline and the public kline stream), spot and linear perpetuals.
import { parseJson, Rejected, type Bar, type CandleSource } from './source.js'

/** Binance-style interval names → Bybit's. */
const INTERVALS: Record<string, string> = {
  '1m': '1', '3m': '3', '5m': '5', '15m': '15', '30m': '30', '1h': '60', '2h': '120', '4h': '240', '6h': '360', '12h': '720', '1d': 'D', '1w': 'W', '1M': 'M',
}

/**
 * `bybit({ category: 'spot', symbol: 'BTCUSDT', interval: '1m' })`. Bybit closes a connection
 * that stays quiet (the mock: 10 minutes of its clock), so the chart pings every `heartbeatMs`
 * of real time (Bybit asks for 20 s; divide by the speed of an accelerated demo clock).
 */
export function bybit(options: { category: 'spot' | 'linear'; symbol: string; interval: string; heartbeatMs?: number }): CandleSource {
  const { category, symbol, interval } = options
  const wire = INTERVALS[interval]
  if (!wire) throw new Rejected(`Bybit has no ${interval} candles`)
  return {
    label: `Bybit ${category === 'spot' ? 'spot' : 'perpetual'} · ${symbol} · ${interval}`,
    maxLimit: 1000,
    historyUrl: ({ limit, startTime }) => {
      const query = new URLSearchParams({ category, symbol, interval: wire, limit: String(Math.min(limit, 1000)) })
      if (startTime !== undefined) query.set('start', String(startTime))
      return `https://api.bybit.com/v5/market/kline?${query}`
    },
    parseHistory: (body) => {
      const reply = body as { retCode?: number; retMsg?: string; result?: { list?: unknown[] } }
      if (reply?.retCode !== 0) throw new Rejected(`Bybit: ${reply?.retMsg ?? 'no retCode'}`)
      return (reply.result?.list ?? []).map(barOfRow).reverse() // newest first on the wire
    },
    streamUrl: `wss://stream.bybit.com/v5/public/${category}`,
    subscribe: () => [JSON.stringify({ op: 'subscribe', args: [`kline.${wire}.${symbol}`] })],
    heartbeat: { everyMs: options.heartbeatMs ?? 20_000, frame: JSON.stringify({ op: 'ping' }) },
    parseFrame: (text) => {
      const frame = parseJson(text) as { topic?: string; data?: Array<Record<string, unknown>> } | undefined
      if (!frame?.topic?.startsWith('kline.') || !Array.isArray(frame.data)) return []
      return frame.data.map((k) => ({ time: Number(k.start), open: Number(k.open), high: Number(k.high), low: Number(k.low), close: Number(k.close), volume: Number(k.volume) }))
    },
  }
}

/** [startTime, open, high, low, close, volume, turnover], all strings. */
function barOfRow(row: unknown): Bar {
  if (!Array.isArray(row) || row.length < 6) throw new TypeError(`not a kline row: ${JSON.stringify(row)}`)
  return { time: Number(row[0]), open: Number(row[1]), high: Number(row[2]), low: Number(row[3]), close: Number(row[4]), volume: Number(row[5]) }
}
