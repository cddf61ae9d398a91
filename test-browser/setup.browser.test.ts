// mock-exchange/browser's own contract in Chromium: the worker script, misuse, and the same faults
// and journal as in Node, answered through MSW's Service Worker (fetch and XHR) in the page.
import { afterAll, expect, it } from 'vitest'
import { ExchangeType, setupMockExchange } from '../src/browser.js'

const start = Date.UTC(2026, 0, 1)

it('says how to get the worker script when the page does not serve it', async () => {
  const exchange = setupMockExchange(ExchangeType.BINANCE_SPOT, { serviceWorker: { url: '/nowhere/mockServiceWorker.js' } })
  await expect(exchange.listen()).rejects.toMatchObject({ code: 'WORKER_START', message: expect.stringContaining('npx msw init public --save') })
  expect(exchange.listening).toBe(false)
  await exchange.close()
})

const exchange = setupMockExchange(ExchangeType.BINANCE_SPOT, { clock: { mode: 'manual', start } })
afterAll(() => exchange.close())

it('listens once', async () => {
  await exchange.listen()
  await expect(exchange.listen()).rejects.toMatchObject({ code: 'ALREADY_LISTENING' })
})

it('answers fetch and XHR through the Service Worker, with faults and the journal', async () => {
  expect(navigator.serviceWorker.controller?.scriptURL).toMatch(/\/mockServiceWorker\.js$/)
  expect(await (await fetch('https://api.binance.com/api/v3/time')).json()).toEqual({ serverTime: start })

  exchange.faults.add({ type: 'rateLimit', route: 'klines', retryAfter: 9, times: 1 })
  const limited = await fetch('https://api.binance.com/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=5')
  expect([limited.status, limited.headers.get('Retry-After')]).toEqual([429, '9'])

  const xhr = new XMLHttpRequest()
  xhr.open('GET', 'https://api.binance.com/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=5')
  const loaded = new Promise((resolve) => xhr.addEventListener('loadend', resolve))
  xhr.send()
  await loaded
  expect(JSON.parse(xhr.responseText)).toHaveLength(5)

  expect(exchange.faults.log.map((event) => event.type)).toEqual(['rateLimit'])
  expect(exchange.journal.requests.map((request) => request.route)).toEqual(['time', 'klines', 'klines'])
  exchange.reset()
  expect(exchange.journal.requests).toEqual([])
})
