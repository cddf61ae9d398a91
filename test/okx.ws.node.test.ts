import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { okxPerpetual } from '../handlers/okx/index.js'
import { setupMockExchange, type MockExchangeController } from '../src/index.js'
import { turnUntil } from './conformance/harness.js'

/** OKX candles over Node's global WebSocket (MSW ws.link), checked against REST and the engine (§5.7, §6.7). */
const T0 = Date.UTC(2026, 0, 1, 12)

describe('OKX SWAP over the global WebSocket', () => {
  let exchange: MockExchangeController
  beforeAll(() => {
    exchange = setupMockExchange(okxPerpetual, { seed: 3, clock: { mode: 'manual', start: T0 }, markets: [{ symbol: 'BTC/USDT', price: 50_000 }] })
    exchange.listen()
  })
  afterEach(() => exchange.reset())
  afterAll(() => exchange.close())

  async function connect(url = 'wss://ws.okx.com:8443/ws/v5/business') {
    const socket = new WebSocket(url)
    const frames: string[] = []
    let closed: { code: number; reason: string } | undefined
    socket.addEventListener('message', (event) => frames.push(String(event.data)))
    socket.addEventListener('close', (event) => (closed = { code: event.code, reason: event.reason }))
    const opened = await turnUntil(() => socket.readyState === WebSocket.OPEN)
    expect(opened).toBe(true)
    const sent = () => exchange.journal.entries.filter((e) => e.kind === 'ws-out').length
    return {
      socket,
      frames,
      closed: () => closed,
      /** Waits until every frame the mock sent has arrived. */
      settle: () => turnUntil(() => frames.length >= sent() || closed !== undefined),
    }
  }

  it('subscribe, text ping/pong, pushes with contracts, and the closing push equal to REST', async () => {
    const client = await connect()
    client.socket.send('{"id":"1","op":"subscribe","args":[{"channel":"candle1m","instId":"BTC-USDT-SWAP"}]}')
    client.socket.send('ping')
    await turnUntil(() => client.frames.length >= 2)
    expect(JSON.parse(client.frames[0])).toMatchObject({ id: '1', event: 'subscribe', arg: { channel: 'candle1m', instId: 'BTC-USDT-SWAP' } })
    expect(client.frames[1]).toBe('pong')
    await exchange.clock.advance(60_000)
    await client.settle()
    const pushes = client.frames.slice(2).map((frame) => JSON.parse(frame).data[0] as string[])
    expect(pushes.length).toBeGreaterThan(10)
    const closing = pushes.filter((row) => row[8] === '1')
    expect(closing).toHaveLength(1)
    expect(closing[0][0]).toBe(String(T0))
    const rest = await (await fetch(`https://www.okx.com/api/v5/market/candles?instId=BTC-USDT-SWAP&before=${T0 - 1}&after=${T0 + 1}`)).json()
    expect(rest.data).toEqual([closing[0]])
    const candle = exchange.engine.candles('BTC/USDT', '1m', { start: T0, end: T0 + 1 })[0]
    expect(Number(closing[0][6])).toBe(candle.volume)
    client.socket.close()
  })

  it('the server closes 4004 after 30 s without a subscription', async () => {
    const client = await connect()
    await exchange.clock.advance(30_000)
    await turnUntil(() => client.closed() !== undefined)
    expect(client.closed()).toEqual({ code: 4004, reason: 'No data received in 30s.' })
  })
})
