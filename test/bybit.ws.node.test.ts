import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { bybitSpot } from '../handlers/bybit/index.js'
import { setupMockExchange } from '../src/index.js'

/** Bybit klines over Node's global WebSocket (MSW ws.link, no protocol pings), checked against REST and the engine (§3.7). */
const T0 = Date.UTC(2026, 0, 1, 12)
const exchange = setupMockExchange(bybitSpot, { seed: 3, clock: { mode: 'manual', start: T0 }, markets: [{ symbol: 'BTC/USDT', price: 50_000 }] })
beforeAll(() => exchange.listen())
afterEach(() => exchange.reset())
afterAll(() => exchange.close())

async function connect(url: string) {
  const socket = new WebSocket(url)
  const frames: any[] = []
  const state: { closed?: number } = {}
  socket.addEventListener('message', (event) => frames.push(JSON.parse(String(event.data))))
  socket.addEventListener('close', (event) => (state.closed = event.code))
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve)
    socket.addEventListener('error', reject)
  })
  return { socket, frames, state }
}

async function settle(done: () => boolean) {
  for (let i = 0; i < 1_000 && !done(); i++) await new Promise((resolve) => setImmediate(resolve))
}

describe('Bybit over the global WebSocket', () => {
  it('subscribe is acked; the minute is pushed every second and closed with confirm:true, equal to the REST row', async () => {
    const { socket, frames } = await connect('wss://stream.bybit.com/v5/public/spot')
    socket.send(JSON.stringify({ req_id: '10001', op: 'subscribe', args: ['kline.1.BTCUSDT'] }))
    await settle(() => frames.length >= 1)
    expect(frames[0]).toMatchObject({ success: true, ret_msg: 'subscribe', req_id: '10001', op: 'subscribe' })
    await exchange.clock.advance(60_000)
    await settle(() => frames.some((f) => f.data?.[0]?.confirm === true))
    const pushes = frames.slice(1)
    expect(pushes.length).toBeGreaterThan(30)
    expect(pushes.length).toBeLessThanOrEqual(60)
    expect(pushes.every((f) => f.topic === 'kline.1.BTCUSDT' && f.type === 'snapshot')).toBe(true)
    const last = pushes.at(-1).data[0]
    expect(last).toMatchObject({ start: T0, end: T0 + 59_999, interval: '1', confirm: true })
    expect(pushes.slice(0, -1).every((f) => f.data[0].confirm === false)).toBe(true)
    const answer = await (await fetch(`https://api.bybit.com/v5/market/kline?category=spot&symbol=BTCUSDT&interval=1&start=${T0}&end=${T0}`)).json()
    expect(answer.result.list).toEqual([[String(last.start), last.open, last.high, last.low, last.close, last.volume, last.turnover]])
    socket.close()
  })

  it('JSON ping gets the spot pong; bad frames get success:false and the connection stays', async () => {
    const { socket, frames, state } = await connect('wss://stream.bybit.com/v5/public/spot')
    socket.send('{"req_id":"100001","op":"ping"}')
    socket.send('not json')
    socket.send('{"op":"subscribe","args":["kline.1.NOPEUSDT"],"req_id":"2"}')
    await settle(() => frames.length >= 3)
    expect(frames.map(({ conn_id: _, ...rest }) => rest)).toEqual([
      { success: true, ret_msg: 'pong', op: 'ping' },
      { success: false, ret_msg: 'Failed to decode incoming data', req_id: '', op: '' },
      { success: false, ret_msg: 'error:handler not found,topic:kline.1.NOPEUSDT', req_id: '2', op: 'subscribe' },
    ])
    expect(state.closed).toBeUndefined()
    socket.close()
  })

  it('ten quiet minutes close the connection (1006)', async () => {
    const { state } = await connect('wss://stream.bybit.com/v5/public/linear')
    await exchange.clock.advance(600_000)
    await settle(() => state.closed !== undefined)
    expect(state.closed).toBe(1006)
  })

  it('a rejectSubscription fault answers the subscribe with the native refusal', async () => {
    exchange.faults.add({ type: 'rejectSubscription', channel: 'kline.1.BTCUSDT' })
    const { socket, frames } = await connect('wss://stream.bybit.com/v5/public/spot')
    socket.send(JSON.stringify({ op: 'subscribe', args: ['kline.1.BTCUSDT'], req_id: 1 }))
    await settle(() => frames.length >= 1)
    expect(frames[0]).toMatchObject({ success: false, ret_msg: 'error:handler not found,topic:kline.1.BTCUSDT', req_id: '1' })
    expect(exchange.faults.log.map((e) => e.type)).toEqual(['rejectSubscription'])
    socket.close()
  })
})
