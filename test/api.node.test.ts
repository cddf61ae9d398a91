import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { describe, expect, it } from 'vitest'
import { createMockExchange, ExchangeType, MockExchangeError, setupMockExchange, supportedExchanges } from '../src/index.js'

describe('misuse gets a clear error', () => {

  it('an exchange that does not exist', () => {
    expect(() => setupMockExchange('binanse' as never)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_EXCHANGE', message: expect.stringMatching(/no such exchange. Use ExchangeType/) }))
  })

  it('listening twice', () => {
    const exchange = setupMockExchange(ExchangeType.BINANCE_SPOT)
    exchange.listen()
    try {
      expect(() => exchange.listen()).toThrow(expect.objectContaining({ code: 'ALREADY_LISTENING' }))
    } finally {
      exchange.close()
    }
  })

  it('an option that does not exist, or a bad policy', () => {
    expect(() => setupMockExchange(ExchangeType.BINANCE_SPOT, { sed: 1 } as never)).toThrow(/unknown option "sed"/)
    expect(() => setupMockExchange(ExchangeType.BINANCE_SPOT, { onUnhandledFrame: 'ignore' as never })).toThrow(/use 'error', 'warn' or 'bypass'/)
  })

  it('a market the engine cannot read', () => {
    expect(() => setupMockExchange(ExchangeType.BINANCE_SPOT, { markets: [{ symbol: 'BTCUSDT' }] })).toThrow(MockExchangeError)
  })

  it('knows what it supports', () => {
    // All seventeen of the seed's exchanges.
    expect(new Set(supportedExchanges())).toEqual(new Set(Object.values(ExchangeType)))
  })
})

describe('createMockExchange', () => {
  it("gives handlers for the user's own MSW server", async () => {
    const mock = createMockExchange(ExchangeType.BINANCE_SPOT, { clock: { mode: 'manual', start: Date.UTC(2026, 0, 1) } })
    const server = setupServer(...mock.handlers, http.get('https://example.com/own', () => HttpResponse.json({ own: true })))
    server.listen({ onUnhandledFrame: 'error' })
    try {
      expect(await (await fetch('https://api.binance.com/api/v3/time')).json()).toEqual({ serverTime: Date.UTC(2026, 0, 1) })
      expect(await (await fetch('https://example.com/own')).json()).toEqual({ own: true })
      expect(mock.journal.requests.map((r) => r.route)).toEqual(['time'])
    } finally {
      server.close()
    }
  })
})

describe('reset and close', () => {
  it('reset brings faults, journal, limits and the clock back; close stops listening', async () => {
    const start = Date.UTC(2026, 0, 1)
    const exchange = setupMockExchange(ExchangeType.BINANCE_SPOT, { clock: { mode: 'manual', start } })
    exchange.listen()
    exchange.faults.add({ type: 'status', status: 500 })
    await fetch('https://api.binance.com/api/v3/ping')
    await exchange.clock.advance(5_000)
    exchange.reset()
    expect(exchange.faults.log).toEqual([])
    expect(exchange.journal.entries).toEqual([])
    expect(exchange.clock.now()).toBe(start)
    expect((await fetch('https://api.binance.com/api/v3/ping')).status).toBe(200)
    const patched = globalThis.fetch
    exchange.close()
    expect(exchange.listening).toBe(false)
    expect(globalThis.fetch).not.toBe(patched)
  })
})
