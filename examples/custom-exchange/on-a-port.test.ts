// The same user-defined exchange on a real loopback port, for clients in other processes and languages.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import { createMockServer } from '../../src/index.js'
import { acme } from './plugin.js'

const T0 = Date.UTC(2026, 0, 1, 12)
const server = createMockServer({ exchangeType: acme, seed: 42, clock: { mode: 'manual', start: T0 } })
server.addTradingPair('BTC_USDT', '1m', 50_000)
let url: string
beforeAll(async () => {
  url = await server.start() // e.g. http://127.0.0.1:40123: the client swaps https://api.acme.example for it
})
afterAll(() => server.stop())

it('serves REST on the port, with the paths of the real host', async () => {
  expect(await (await fetch(`${url}/v1/markets`)).json()).toEqual({ markets: [{ id: 'BTC_USDT', base: 'BTC', quote: 'USDT', tick: '0.01' }] })
  const { candles } = await (await fetch(`${url}/v1/candles?market=BTC_USDT&resolution=60&from=${T0 / 1000 - 600}&to=${T0 / 1000}`)).json()
  expect(candles).toHaveLength(10)
  expect(candles.at(-1)[4]).toBe('50000.00') // the price holds at the clock's start
  const missing = await fetch(`${url}/v1/candle`)
  expect(await missing.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'No route GET /v1/candle. Did you mean GET /v1/candles?' } })
})

it('serves its WebSocket protocol on the same port', async () => {
  const socket = new WebSocket(`${server.endpoints[0].ws}/v1/stream`)
  const frames: any[] = []
  const got = (n: number) => new Promise<void>((resolve) => {
    const check = () => (frames.length >= n ? resolve() : socket.once('message', () => setImmediate(check)))
    check()
  })
  socket.on('message', (data) => frames.push(JSON.parse(String(data))))
  await new Promise((resolve) => socket.once('open', resolve))
  socket.send(JSON.stringify({ op: 'subscribe', market: 'BTC_USDT', resolution: 60 }))
  await got(1)
  await server.clock.advance(60_000)
  await got(61)
  expect(frames.at(-1)).toMatchObject({ type: 'candle', market: 'BTC_USDT', final: true })
  socket.close()
})
