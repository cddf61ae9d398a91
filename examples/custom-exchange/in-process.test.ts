// A user-defined exchange in process: setupMockExchange takes the plugin object.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { setupMockExchange } from '../../src/index.js'
import { acme } from './plugin.js'

const T0 = Date.UTC(2026, 0, 1, 12)
const exchange = setupMockExchange(acme, { seed: 42, clock: { mode: 'manual', start: T0 }, markets: [{ symbol: 'BTC/USDT', price: 50_000 }] })
beforeAll(() => exchange.listen())
afterEach(() => exchange.reset())
afterAll(() => exchange.close())

it('answers fetch on its own host, from the engine', async () => {
  const { candles } = await (await fetch(`https://api.acme.example/v1/candles?market=BTC_USDT&resolution=3600&from=${T0 / 1000 - 86_400}&to=${T0 / 1000}`)).json()
  expect(candles).toHaveLength(24)
  const engine = exchange.engine.candles('BTC/USDT', '1h', { start: T0 - 86_400_000, end: T0 })
  expect(candles.map((c: string[]) => Number(c[4]))).toEqual(engine.map((c) => c.close))
  expect((await fetch('https://api.acme.example/v1/candles?market=DOGE_USDT&resolution=60')).status).toBe(400)
})

it('gets the core’s faults and limits for free', async () => {
  exchange.faults.add({ type: 'status', status: 503, route: 'candles', times: 1 })
  const failed = await fetch('https://api.acme.example/v1/candles?market=BTC_USDT&resolution=60')
  expect([failed.status, await failed.json()]).toEqual([503, { error: { code: 'HTTP_503', message: 'Something went wrong on our side.' } }])
  const statuses = await Promise.all(Array.from({ length: 12 }, () => fetch('https://api.acme.example/v1/candles?market=BTC_USDT&resolution=60').then((r) => r.status)))
  expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0) // 20 weight a second, 2 a request
})

it('streams candles over the global WebSocket as the clock moves', async () => {
  const socket = new WebSocket('wss://stream.acme.example/v1/stream')
  const frames: any[] = []
  socket.addEventListener('message', (event) => frames.push(JSON.parse(String(event.data))))
  await new Promise((resolve) => socket.addEventListener('open', resolve))
  socket.send(JSON.stringify({ op: 'subscribe', market: 'BTC_USDT', resolution: 60 }))
  for (let i = 0; i < 100 && frames.length < 1; i++) await new Promise((resolve) => setImmediate(resolve))
  await exchange.clock.advance(60_000)
  for (let i = 0; i < 100 && frames.length < 61; i++) await new Promise((resolve) => setImmediate(resolve))
  expect(frames[0]).toEqual({ type: 'subscribed', market: 'BTC_USDT', resolution: 60 })
  expect(frames.at(-1)).toMatchObject({ type: 'candle', final: true, candle: [T0 / 1000, expect.any(String), expect.any(String), expect.any(String), expect.any(String), expect.any(String)] })
  socket.close()
})
