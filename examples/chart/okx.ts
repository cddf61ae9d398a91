// OKX v5's candles (GET /api/v5/market/candles and the business candle stream), spot and SWAP.
import { parseJson, Rejected, type Bar, type CandleSource } from './source.js'

/** Binance-style interval names → OKX bars (hours and days in UTC: the `utc` ones). */
const BARS: Record<string, string> = {
  '1m': '1m', '3m': '3m', '5m': '5m', '15m': '15m', '30m': '30m', '1h': '1H', '2h': '2H', '4h': '4H', '6h': '6Hutc', '12h': '12Hutc', '1d': '1Dutc', '1w': '1Wutc', '1M': '1Mutc',
}
const MS: Record<string, number> = { '1m': 60_000, '3m': 180_000, '5m': 300_000, '15m': 900_000, '30m': 1_800_000, '1h': 3_600_000, '2h': 7_200_000, '4h': 14_400_000, '6h': 21_600_000, '12h': 43_200_000, '1d': 86_400_000, '1w': 604_800_000, '1M': 2_678_400_000 }

/**
 * `okx({ instId: 'BTC-USDT', interval: '1m' })`. OKX closes a connection that sends nothing for
 * 30 s of its clock, so the chart sends the text `ping` every `heartbeatMs` of real time.
 */
export function okx(options: { instId: string; interval: string; heartbeatMs?: number }): CandleSource {
  const { instId, interval } = options
  const bar = BARS[interval]
  if (!bar) throw new Rejected(`OKX has no ${interval} candles`)
  return {
    label: `OKX ${instId.endsWith('-SWAP') ? 'perpetual' : 'spot'} · ${instId} · ${interval}`,
    maxLimit: 300,
    historyUrl: ({ limit, startTime }) => {
      const query = new URLSearchParams({ instId, bar, limit: String(Math.min(limit, 300)) })
      // `before` and `after` are exclusive bounds: the window from startTime on, `limit` long.
      if (startTime !== undefined) {
        query.set('before', String(startTime - 1))
        query.set('after', String(startTime + Math.min(limit, 300) * MS[interval]))
      }
      return `https://www.okx.com/api/v5/market/candles?${query}`
    },
    parseHistory: (body) => {
      const reply = body as { code?: string; msg?: string; data?: unknown[] }
      if (reply?.code !== '0') throw new Rejected(`OKX: ${reply?.msg ?? 'no code'}`)
      return (reply.data ?? []).map(barOfRow).reverse() // newest first on the wire
    },
    streamUrl: 'wss://ws.okx.com:8443/ws/v5/business',
    subscribe: () => [JSON.stringify({ op: 'subscribe', args: [{ channel: `candle${bar}`, instId }] })],
    heartbeat: { everyMs: options.heartbeatMs ?? 20_000, frame: 'ping' },
    parseFrame: (text) => {
      const frame = parseJson(text) as { arg?: { channel?: string }; data?: unknown[] } | undefined
      if (!frame?.arg?.channel?.startsWith('candle') || !Array.isArray(frame.data)) return []
      return frame.data.map(barOfRow)
    },
  }
}

/** [ts, o, h, l, c, vol, volCcy, volCcyQuote, confirm], all strings. */
function barOfRow(row: unknown): Bar {
  if (!Array.isArray(row) || row.length < 6) throw new TypeError(`not a candle row: ${JSON.stringify(row)}`)
  return { time: Number(row[0]), open: Number(row[1]), high: Number(row[2]), low: Number(row[3]), close: Number(row[4]), volume: Number(row[5]) }
}
