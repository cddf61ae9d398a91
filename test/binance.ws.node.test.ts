import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ExchangeType, setupMockExchange } from '../src/index.js'

/** Binance klines over Node's global WebSocket (MSW ws.link), checked against REST and the engine. */
const T0 = Date.UTC(2026, 0, 1, 12)
const exchange = setupMockExchange(ExchangeType.BINANCE_SPOT, { seed: 3, clock: { mode: 'manual', start: T0 }, markets: [{ symbol: 'BTC/USDT', price: 50_000 }] })
beforeAll(() => exchange.listen())
afterEach(() => exchange.reset())
afterAll(() => exchange.close())

async function connect(url: string) {
  const socket = new WebSocket(url)
  const frames: any[] = []
  socket.addEventListener('message', (event) => frames.push(JSON.parse(String(event.data))))
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve)
    socket.addEventListener('error', reject)
  })
  return { socket, frames }
}

async function settle(frames: unknown[], count: number) {
  for (let i = 0; i < 1_000 && frames.length < count; i++) await new Promise((resolve) => setImmediate(resolve))
}

describe('Binance over the global WebSocket', () => {
  it('a raw stream URL pushes every 2 s and closes each minute with x: true, equal to the REST candle', async () => {
    const { socket, frames } = await connect('wss://stream.binance.com:9443/ws/btcusdt@kline_1m')
    await exchange.clock.advance(60_000)
    await settle(frames, 30)
    expect(frames).toHaveLength(30)
    expect(frames.slice(0, -1).every((f) => f.e === 'kline' && f.k.x === false)).toBe(true)
    const last = frames.at(-1)
    expect(last.k).toMatchObject({ t: T0, T: T0 + 59_999, s: 'BTCUSDT', i: '1m', x: true })
    const [row] = await (await fetch(`https://api.binance.com/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=${T0}&limit=1`)).json()
    expect([last.k.t, last.k.o, last.k.h, last.k.l, last.k.c, last.k.v, last.k.T, last.k.q, last.k.n, last.k.V, last.k.Q]).toEqual(row.slice(0, 11))
    socket.close()
  })

  it('SUBSCRIBE on a combined stream acks by id and wraps pushes with the stream name', async () => {
    const { socket, frames } = await connect('wss://stream.binance.com:9443/stream')
    socket.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['btcusdt@kline_1m'], id: 7 }))
    await settle(frames, 1)
    expect(frames[0]).toEqual({ result: null, id: 7 })
    await exchange.clock.advance(2_000)
    await settle(frames, 2)
    expect(frames[1]).toMatchObject({ stream: 'btcusdt@kline_1m', data: { e: 'kline', s: 'BTCUSDT' } })
    const candle = exchange.engine.candleAt('BTC/USDT', '1m', T0 + 2_000)
    expect(frames[1].data.k.c).toBe(candle.close.toFixed(8))
    socket.close()
  })

  it('a rejectSubscription fault answers the SUBSCRIBE with the native error', async () => {
    exchange.faults.add({ type: 'rejectSubscription', channel: 'btcusdt@kline_1m' })
    const { socket, frames } = await connect('wss://stream.binance.com:9443/ws/0')
    socket.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['btcusdt@kline_1m'], id: 1 }))
    await settle(frames, 1)
    expect(frames[0]).toEqual({ error: { code: 2, msg: 'Invalid request: invalid stream' }, id: 1 })
    expect(exchange.faults.log.map((e) => e.type)).toEqual(['rejectSubscription'])
    socket.close()
  })
})
