import { Server, WebSocket as MockWebSocket } from 'mock-socket'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { setupMockExchange } from '../src/index.js'
import { fakePlugin } from './support/fake-plugin.js'

const T0 = Date.UTC(2026, 0, 1)
const exchange = setupMockExchange(fakePlugin, { clock: { mode: 'manual', start: T0 }, markets: [{ symbol: 'BTC/USDT', price: 50_000 }] })
let stop: () => void
beforeAll(() => {
  exchange.listen()
  stop = exchange.serveMockSocket(Server, ['wss://ws.fake.test/stream'])
})
afterAll(() => {
  stop()
  exchange.close()
})

// mock-socket delivers on setTimeout; fake timers move it without waiting.
const settle = () => vi.advanceTimersByTimeAsync(20)

it("serves suites built on mock-socket through its own WebSocket class", async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  const socket = new MockWebSocket('wss://ws.fake.test/stream')
  const frames: string[] = []
  socket.onmessage = (event) => frames.push(String(event.data))
  await settle()
  expect(socket.readyState).toBe(MockWebSocket.OPEN)
  socket.send(JSON.stringify({ op: 'sub', arg: 'BTC-USDT:1m' }))
  await settle()
  expect(frames[0]).toBe('{"ok":"BTC-USDT:1m"}')
  await exchange.clock.advance(3_000)
  await settle()
  expect(frames.slice(1).map((f) => JSON.parse(f).final)).toEqual([false, false, false])
  socket.close()
  vi.useRealTimers()
})

it('refuses to serve a URL no exchange answers, saying which origins it has', () => {
  expect(() => exchange.serveMockSocket(Server, ['wss://elsewhere.test/ws'])).toThrow(/wss:\/\/ws\.fake\.test/)
})
