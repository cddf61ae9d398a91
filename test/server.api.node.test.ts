import { createServer } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { canonicalPair, createMockExchange, createMockServer, ExchangeType, MockExchangeError, type MockServer } from '../src/index.js'
import { answerRest } from '../src/runtime/rest.js'

/** The seed's server API in TypeScript: createMockServer, addTradingPair, start, stop — on real loopback ports. */
const T0 = Date.UTC(2026, 0, 1, 12)
const servers: MockServer[] = []
const serve = (options: Parameters<typeof createMockServer>[0]) => {
  const server = createMockServer(options)
  servers.push(server)
  return server
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop({ graceMs: 0 })))
})

describe('createMockServer', () => {
  it('serves the pairs added before start; the price holds at the clock start; start() resolves with the URL', async () => {
    const server = serve({ exchangeType: ExchangeType.BINANCE_SPOT, port: 0, clock: { mode: 'manual', start: T0 } })
    server.addTradingPair('BTCUSDT', '1m', 50_000).addTradingPair('eth/usdt', '1h')
    expect(server.tradingPairs.map((p) => [p.symbol, p.interval, p.price])).toEqual([['BTC/USDT', '1m', 50_000], ['ETH/USDT', '1h', undefined]])
    const url = await server.start()
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(server.url).toBe(url)
    const info = await (await fetch(`${url}/api/v3/exchangeInfo`)).json()
    expect(info.symbols.map((s: { symbol: string }) => s.symbol)).toEqual(['BTCUSDT', 'ETHUSDT'])
    const rows = await (await fetch(`${url}/api/v3/klines?symbol=BTCUSDT&interval=1m&limit=2`)).json()
    expect(rows.at(-1)[4]).toBe('50000.00000000')
    // The interval is informational: every interval the exchange has is served.
    expect((await fetch(`${url}/api/v3/klines?symbol=ETHUSDT&interval=1w&limit=1`)).status).toBe(200)
  })

  it('answers with the same bytes as the in-process pipeline', async () => {
    const options = { seed: 7, clock: { mode: 'manual' as const, start: T0 }, markets: [{ symbol: 'BTC/USDT', price: 50_000 }] }
    const server = serve({ exchangeType: ExchangeType.BINANCE_SPOT, ...options })
    const url = await server.start()
    const mock = createMockExchange(ExchangeType.BINANCE_SPOT, options)
    for (const path of ['/api/v3/klines?symbol=BTCUSDT&interval=1h&limit=500', '/api/v3/klines?symbol=NOPE&interval=1m', '/api/v3/exchangeInfo']) {
      const local = await fetch(`${url}${path}`)
      const inProcess = (await answerRest(mock.exchanges[0], new Request(`https://api.binance.com${path}`)))!
      expect([local.status, local.headers.get('x-mbx-used-weight-1m'), await local.text()]).toEqual([inProcess.status, inProcess.headers.get('x-mbx-used-weight-1m'), await inProcess.text()])
    }
  })

  it('markets are fixed at start: adding a pair afterwards says to add it before start', async () => {
    const server = serve({ exchangeType: ExchangeType.BINANCE_SPOT })
    await server.start()
    expect(() => server.addTradingPair('SOLUSDT', '1m', 150)).toThrow(expect.objectContaining({ code: 'SERVER_STARTED', message: expect.stringMatching(/Add pairs before start\(\)/) }))
  })

  it('stop() frees the port, is safe twice, and start() again builds a fresh mock with the pairs added meanwhile', async () => {
    const server = serve({ exchangeType: ExchangeType.BINANCE_SPOT, clock: { mode: 'manual', start: T0 } })
    const first = await server.start()
    await fetch(`${first}/api/v3/ping`)
    expect(server.journal.requests).toHaveLength(1)
    await server.stop()
    await server.stop()
    await expect(fetch(`${first}/api/v3/ping`)).rejects.toThrow()
    expect(() => server.journal).toThrow(expect.objectContaining({ code: 'NOT_STARTED' }))
    server.addTradingPair('SOL/USDT', '1m', 150)
    const second = await server.start()
    expect(server.journal.requests).toHaveLength(0)
    expect(server.markets.map((m) => m.symbol)).toEqual(['SOL/USDT'])
    expect(second).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  })

  it('a stop during start() stops what started', async () => {
    const server = serve({ exchangeType: [ExchangeType.BINANCE_SPOT, ExchangeType.BINANCE_PERPETUAL] })
    const starting = server.start()
    await server.stop()
    const url = await starting
    expect(server.started).toBe(false)
    await expect(fetch(`${url}/api/v3/ping`)).rejects.toThrow()
  })

  it('misuse gets a clear MockExchangeError', async () => {
    expect(() => createMockServer({ exchangeType: ExchangeType.BINANCE_SPOT, prot: 1 } as never)).toThrow(/unknown option "prot"/)
    expect(() => createMockServer({} as never)).toThrow(/name the exchange/)
    expect(() => createMockServer({ exchangeType: [ExchangeType.BINANCE_SPOT, ExchangeType.BINANCE_SPOT] })).toThrow(/listed twice/)
    expect(() => createMockServer({ exchangeType: { type: 'x', name: 'X' } as never })).toThrow(expect.objectContaining({ code: 'BAD_PLUGIN', message: expect.stringMatching(/lacks restOrigins/) }))
    expect(() => createMockServer({ exchangeType: 'binanse' as never })).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_EXCHANGE' }))
    expect(() => createMockServer({ exchangeType: ExchangeType.BINANCE_SPOT, network: { errorRate: 2 } })).toThrow(/errorRate must be between 0 and 1/)
    const server = serve({ exchangeType: ExchangeType.BINANCE_SPOT })
    expect(() => server.addTradingPair('BTC', '1m', 1)).toThrow(expect.objectContaining({ code: 'BAD_MARKET' }))
    expect(() => server.addTradingPair('BTCUSDT', '7x', 1)).toThrow(expect.objectContaining({ code: 'BAD_INTERVAL' }))
    expect(() => server.addTradingPair('BTCUSDT', '1m', -5)).toThrow(/initial price must be a number > 0/)
    expect(() => server.url).toThrow(/await server.start\(\) first/)
    await server.start()
    await expect(server.start()).rejects.toThrow(expect.objectContaining({ code: 'ALREADY_STARTED' }))
  })

  it('a port in use fails the start with LISTEN_FAILED and leaves nothing open', async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as { port: number }).port
    try {
      const server = serve({ exchangeType: [ExchangeType.BINANCE_SPOT, ExchangeType.BINANCE_PERPETUAL], port: port - 1 })
      const error = await server.start().catch((e: unknown) => e)
      expect(error).toBeInstanceOf(MockExchangeError)
      expect(error).toMatchObject({ code: 'LISTEN_FAILED', message: expect.stringContaining(`127.0.0.1:${port}: the port is in use`) })
      expect(server.started).toBe(false)
    } finally {
      blocker.close()
    }
  })
})

describe('canonicalPair', () => {
  it('reads pairs as people write them', () => {
    expect(['BTCUSDT', 'btc/usdt', 'BTC-USDT', 'BTC_USDT', 'ETHBTC', 'BTCFDUSD', 'PEPEUSDC'].map(canonicalPair)).toEqual(['BTC/USDT', 'BTC/USDT', 'BTC/USDT', 'BTC/USDT', 'ETH/BTC', 'BTC/FDUSD', 'PEPE/USDC'])
    expect(() => canonicalPair('XYZ')).toThrow(/write it as BASE\/QUOTE/)
  })
})
