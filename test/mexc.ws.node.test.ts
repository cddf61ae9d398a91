/**
 * MEXC Spot's stream through the real transport (wire-formats §1.7): JSON text control
 * frames, binary protobuf kline pushes (opcode 2). ccxt.pro.mexc decodes these itself but
 * needs protobufjs, which is not installed, so this test decodes the pushes with a
 * minimal reader and checks them against REST and the engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { mexcSpot } from '../handlers/mexc/index.js'
import { setupMockExchange, type MockExchangeController } from '../src/index.js'
import { fetchAnswer, turnUntil } from './conformance/harness.js'

const T0 = Date.UTC(2026, 0, 1, 12)

type Fields = Map<number, (number | Uint8Array)[]>
function decode(bytes: Uint8Array): Fields {
  const fields: Fields = new Map()
  let at = 0
  const varint = () => {
    let value = 0
    let scale = 1
    for (;;) {
      const byte = bytes[at++]
      value += (byte & 0x7f) * scale
      scale *= 128
      if (byte < 0x80) return value
    }
  }
  while (at < bytes.length) {
    const tag = varint()
    let value: number | Uint8Array
    if (tag % 8 === 0) value = varint()
    else {
      const length = varint()
      value = bytes.slice(at, at + length)
      at += length
    }
    fields.set(Math.floor(tag / 8), [...(fields.get(Math.floor(tag / 8)) ?? []), value])
  }
  return fields
}
const str = (fields: Fields, n: number) => new TextDecoder().decode(fields.get(n)![0] as Uint8Array)

interface Kline {
  windowStart: number
  windowEnd: number
  open: number
  close: number
  high: number
  low: number
  volume: number
}
function kline(frame: Uint8Array): Kline {
  const k = decode(decode(frame).get(308)![0] as Uint8Array)
  return {
    windowStart: k.get(2)![0] as number,
    windowEnd: k.get(9)![0] as number,
    open: Number(str(k, 3)),
    close: Number(str(k, 4)),
    high: Number(str(k, 5)),
    low: Number(str(k, 6)),
    volume: Number(str(k, 7)),
  }
}

describe('MEXC Spot stream over the wire (§1.7)', () => {
  let exchange: MockExchangeController
  beforeAll(() => {
    exchange = setupMockExchange(mexcSpot, { seed: 42, clock: { mode: 'manual', start: T0 }, markets: [{ symbol: 'BTC/USDT', price: 50_000 }] })
    exchange.listen()
  })
  afterAll(() => exchange.close())

  it('acks and pongs are text, pushes binary; the closing push equals the REST candle', async () => {
    const socket = new WebSocket('wss://wbs-api.mexc.com/ws', exchange.wsClientOptions())
    const texts: string[] = []
    const binaries: Uint8Array[] = []
    socket.on('message', (data: Buffer, isBinary: boolean) => (isBinary ? binaries.push(new Uint8Array(data)) : texts.push(String(data))))
    socket.on('error', () => undefined)
    try {
      expect(await turnUntil(() => socket.readyState === WebSocket.OPEN)).toBe(true)
      socket.send(JSON.stringify({ method: 'SUBSCRIPTION', params: ['spot@public.kline.v3.api.pb@BTCUSDT@Min1'] }))
      socket.send(JSON.stringify({ method: 'PING' }))
      expect(await turnUntil(() => texts.length >= 2)).toBe(true)
      expect(texts.map((t) => JSON.parse(t))).toEqual([
        { id: 0, code: 0, msg: 'spot@public.kline.v3.api.pb@BTCUSDT@Min1' },
        { id: 0, code: 0, msg: 'PONG' },
      ])
      await exchange.clock.advance(30_000)
      expect(await turnUntil(() => binaries.length >= 30)).toBe(true)
      const live = kline(binaries.at(-1)!)
      const inProgress = exchange.engine.candleAt('BTC/USDT', '1m', exchange.clock.now())
      expect(live).toEqual({
        windowStart: T0 / 1000,
        windowEnd: T0 / 1000 + 60,
        open: inProgress.open,
        close: inProgress.close,
        high: inProgress.high,
        low: inProgress.low,
        volume: inProgress.volume,
      })
      // A client PING keeps the subscribed connection open past 60 s (§1.7), as ccxt's keepalive does.
      socket.send(JSON.stringify({ method: 'PING' }))
      expect(await turnUntil(() => texts.length >= 3)).toBe(true)
      await exchange.clock.advance(31_000)
      expect(await turnUntil(() => binaries.some((b) => kline(b).windowStart === T0 / 1000 + 60))).toBe(true)
      const closing = binaries.map(kline).filter((k) => k.windowStart === T0 / 1000).at(-1)!
      const answer = await fetchAnswer(`https://api.mexc.com/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=${T0}&limit=1`)
      const [row] = answer.body as [number, string, string, string, string, string, number, string][]
      expect([closing.windowStart * 1000, closing.open, closing.high, closing.low, closing.close, closing.volume]).toEqual([row[0], ...row.slice(1, 6).map(Number)])
    } finally {
      socket.close()
    }
  })
})
