import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { http } from 'msw'
import { setupServer } from 'msw/node'
import { ExchangeType, setupMockExchange, type MockExchangeController } from '../src/index.js'
import { runRounds, type OpTask } from './harness.js'

/**
 * The REST path end to end: global `fetch` of a 500-candle 1m klines page through
 * setupMockExchange (fast path, faults on but idle, rate limits off), every request a
 * page never asked before (startTime walks back 500 minutes a request, so no cache of
 * responses or pages could stand in for the engine). Baselines, same fetch, same run:
 * a bare msw/node setupServer and a loopback node:http server, both answering the
 * precomputed bytes of one such page.
 */

const NOW = Date.UTC(2026, 0, 1)
const MINUTE = 60_000
const LIMIT = 500
const PAGE_MS = LIMIT * MINUTE
const SYMBOL = 'BTC/USDT'
const ORIGIN = 'https://api.binance.com'
const PATH = '/api/v3/klines'

const query = (startTime: number) => `?symbol=BTCUSDT&interval=1m&limit=${LIMIT}&startTime=${startTime}`

/** startTime of the next page: each call 500 minutes further back than the last. */
function walkBack(from: number) {
  let next = from
  return () => (next -= PAGE_MS)
}

const newMock = (): MockExchangeController => {
  const mock = setupMockExchange(ExchangeType.BINANCE_SPOT, {
    seed: 42,
    clock: { mode: 'manual', start: NOW },
    markets: [{ symbol: SYMBOL, price: 50_000 }],
    limits: false,
  })
  // Faults on, idle: the injector is consulted on every request, and this never matches.
  mock.faults.add({ type: 'status', status: 500, route: 'nope' })
  return mock
}

/** Reads the whole body, as any client would; fails on anything but a full page. */
async function take(response: Response, minBytes: number): Promise<void> {
  const body = await response.arrayBuffer()
  if (response.status !== 200 || body.byteLength < minBytes) throw new Error(`status ${response.status}, ${body.byteLength} bytes`)
}

/** One real page of ours, for the baselines to answer (and to know its size). */
async function precomputedPage(): Promise<Uint8Array<ArrayBuffer>> {
  const mock = newMock()
  mock.listen()
  try {
    const response = await fetch(ORIGIN + PATH + query(Date.UTC(2006, 0, 1)))
    const bytes = new Uint8Array(await response.arrayBuffer())
    const rows = JSON.parse(new TextDecoder().decode(bytes)) as unknown[]
    if (response.status !== 200 || rows.length !== LIMIT) throw new Error(`precomputed page: status ${response.status}, ${rows.length} rows`)
    return bytes
  } finally {
    mock.close()
  }
}

export interface RestBench {
  tasks: Awaited<ReturnType<typeof runRounds>>
  pageBytes: number
}

export async function restBench(rounds = 5, iterations = 200): Promise<RestBench> {
  const page = await precomputedPage()
  const minBytes = Math.floor(page.byteLength * 0.9)

  const mock = newMock()
  const ourCursor = walkBack(NOW)
  const ours: OpTask = {
    unit: 'req',
    fn: async () => take(await fetch(ORIGIN + PATH + query(ourCursor())), minBytes),
    options: {
      beforeAll: () => mock.listen(),
      afterAll: () => {
        mock.close()
        mock.journal.clear()
      },
    },
  }

  // What the engine alone takes for such a page (same engine, its own never-asked pages): where our time goes.
  const engineCursor = walkBack(Date.UTC(2016, 0, 1))
  const engineOnly: OpTask = {
    unit: 'page',
    fn: () => {
      const start = engineCursor()
      if (mock.engine.candles(SYMBOL, '1m', { start, end: start + PAGE_MS }).length !== LIMIT) throw new Error('short page')
    },
  }

  const body = () => new Response(page, { headers: { 'content-type': 'application/json;charset=UTF-8' } })
  let msw: ReturnType<typeof setupServer> | undefined
  const mswCursor = walkBack(NOW)
  const bareMsw: OpTask = {
    unit: 'req',
    fn: async () => take(await fetch(ORIGIN + PATH + query(mswCursor())), minBytes),
    options: {
      beforeAll: () => {
        msw = setupServer(http.get(ORIGIN + PATH, body))
        msw.listen({ onUnhandledFrame: 'error' })
      },
      afterAll: () => {
        msw?.close()
        msw = undefined
      },
    },
  }

  let server: Server | undefined
  let loopbackUrl = ''
  const loopCursor = walkBack(NOW)
  const loopback: OpTask = {
    unit: 'req',
    fn: async () => take(await fetch(loopbackUrl + query(loopCursor())), minBytes),
    options: {
      beforeAll: async () => {
        server = createServer((_, response) => {
          response.writeHead(200, { 'content-type': 'application/json;charset=UTF-8', 'content-length': page.byteLength })
          response.end(page)
        })
        await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
        loopbackUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${PATH}`
      },
      afterAll: async () => {
        const closed = new Promise((resolve) => server!.close(resolve))
        server!.closeAllConnections()
        await closed
        server = undefined
      },
    },
  }

  const tasks = await runRounds(rounds, iterations, {
    'REST ours: fetch klines 500×1m': ours,
    'REST baseline: msw/node, precomputed': bareMsw,
    'REST baseline: loopback node:http': loopback,
    'REST engine only: 500×1m page': engineOnly,
  })
  mock.close()
  return { tasks, pageBytes: page.byteLength }
}
