import { afterAll, beforeAll, expect, it } from 'vitest'
import WebSocket from 'ws'
import { ExchangeType, setupMockExchange } from '../src/index.js'

/** Bybit spot and linear share their hosts: one connection must be served once, by one of them. */
const T0 = Date.UTC(2026, 0, 1)
const exchange = setupMockExchange([ExchangeType.BYBIT_SPOT, ExchangeType.BYBIT_PERPETUAL], { clock: { mode: 'manual', start: T0 }, markets: [{ symbol: 'BTC/USDT', price: 50_000 }] })
beforeAll(() => exchange.listen())
afterAll(() => exchange.close())

it.each([
  ['the global WebSocket', (url: string) => new globalThis.WebSocket(url)],
  ['a ws-package client', (url: string) => new WebSocket(url, exchange.wsClientOptions()) as unknown as globalThis.WebSocket],
])('%s gets one answer per request', async (_, open) => {
  const socket = open('wss://stream.bybit.com/v5/public/spot')
  const frames: string[] = []
  socket.addEventListener('message', (event) => frames.push(String(event.data)))
  await new Promise((resolve) => socket.addEventListener('open', resolve))
  socket.send(JSON.stringify({ op: 'subscribe', args: ['kline.1.BTCUSDT'], req_id: 'a' }))
  for (let i = 0; i < 500 && frames.length < 2; i++) await new Promise((resolve) => setImmediate(resolve))
  expect(frames).toHaveLength(1)
  expect(JSON.parse(frames[0])).toMatchObject({ op: 'subscribe', success: true, req_id: 'a' })
  expect(exchange.journal.entries.filter((e) => e.kind === 'ws-open')).toHaveLength(1)
  socket.close()
  exchange.reset()
})
