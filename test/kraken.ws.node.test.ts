import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { krakenSpot } from '../handlers/kraken/index.js'
import { setupMockExchange } from '../src/index.js'

/** Kraken WS v2 over Node's global WebSocket (MSW ws.link), checked against REST and the engine; faults through the core. */
const T0 = Date.UTC(2026, 0, 1, 12)
const exchange = setupMockExchange(krakenSpot, { seed: 3, clock: { mode: 'manual', start: T0 }, markets: [{ symbol: 'BTC/USD', price: 50_000 }] })
beforeAll(() => exchange.listen())
afterEach(() => exchange.reset())
afterAll(() => exchange.close())

async function connect(url = 'wss://ws.kraken.com/v2') {
  const socket = new WebSocket(url)
  const frames: any[] = []
  socket.addEventListener('message', (event) => frames.push(JSON.parse(String(event.data))))
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve)
    socket.addEventListener('error', reject)
  })
  await settle(frames, 1)
  return { socket, frames }
}

async function settle(frames: unknown[], count: number) {
  for (let i = 0; i < 1_000 && frames.length < count; i++) await new Promise((resolve) => setImmediate(resolve))
}

const subscribe = { method: 'subscribe', params: { channel: 'ohlc', symbol: ['BTC/USD'], interval: 1, snapshot: false }, req_id: 1 }

describe('Kraken over the global WebSocket', () => {
  it('status banner, ack, then an update a second while the candle changes; the last one at the close equals the REST candle', async () => {
    const { socket, frames } = await connect()
    expect(frames[0]).toMatchObject({ channel: 'status', type: 'update' })
    socket.send(JSON.stringify(subscribe))
    await settle(frames, 2)
    expect(frames[1]).toMatchObject({ method: 'subscribe', req_id: 1, success: true, result: { channel: 'ohlc', symbol: 'BTC/USD', interval: 1 } })
    await exchange.clock.advance(60_000)
    await settle(frames, 40)
    const updates = frames.filter((f) => f.channel === 'ohlc')
    expect(updates.length).toBeGreaterThan(30)
    expect(updates.length + frames.filter((f) => f.channel === 'heartbeat').length).toBeGreaterThanOrEqual(59)
    const last = updates.at(-1).data[0]
    expect(last).toMatchObject({ symbol: 'BTC/USD', interval_begin: '2026-01-01T12:00:00.000000000Z', timestamp: '2026-01-01T12:01:00.000000Z' })
    expect(updates.at(-1).timestamp).toBe('2026-01-01T12:01:00.000000000Z')
    const body = await (await fetch(`https://api.kraken.com/0/public/OHLC?pair=XBTUSD&since=${T0 / 1000 - 1}`)).json()
    const row = body.result.XXBTZUSD[0]
    expect(row[0]).toBe(T0 / 1000)
    expect([last.open, last.high, last.low, last.close, last.vwap, last.volume, last.trades]).toEqual([...row.slice(1, 7).map(Number), row[7]])
    socket.close()
  })

  it('a rejectSubscription fault (channel "ohlc") answers the subscribe with an error frame', async () => {
    exchange.faults.add({ type: 'rejectSubscription', channel: 'ohlc' })
    const { socket, frames } = await connect()
    socket.send(JSON.stringify(subscribe))
    await settle(frames, 2)
    expect(frames[1]).toMatchObject({ error: 'EGeneral:Internal error', method: 'subscribe', req_id: 1, success: false, symbol: 'BTC/USD' })
    expect(exchange.faults.log.map((e) => e.type)).toEqual(['rejectSubscription'])
    socket.close()
  })

  it('v1 on the bare host: systemStatus, subscriptionStatus, candle arrays', async () => {
    const { socket, frames } = await connect('wss://ws.kraken.com')
    expect(frames[0]).toMatchObject({ event: 'systemStatus', status: 'online' })
    socket.send(JSON.stringify({ event: 'subscribe', pair: ['XBT/USD'], subscription: { name: 'ohlc', interval: 1 }, reqid: 4 }))
    await settle(frames, 3)
    expect(frames[1]).toMatchObject({ channelID: 1, channelName: 'ohlc-1', event: 'subscriptionStatus', pair: 'XBT/USD', reqid: 4, status: 'subscribed' })
    await exchange.clock.advance(3_000)
    await settle(frames, 5)
    expect(frames.slice(2).every((f) => Array.isArray(f) && f[0] === 1 && f[2] === 'ohlc-1' && f[3] === 'XBT/USD')).toBe(true)
    socket.close()
  })
})
