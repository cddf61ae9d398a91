import { setupServer } from 'msw/node'
import { ExchangeType, setupMockExchange, type MockExchangeOptions } from '../src/index.js'
import { runRounds, type OpTask } from './harness.js'

/**
 * listen/close cycles: what a test file pays in beforeAll/afterAll. Ours builds the
 * mock (engine, clock, plugin) and listens (fetch fast path + an MSW server); the
 * baseline builds and listens a bare msw/node setupServer() with no handlers.
 */

const OPTIONS: MockExchangeOptions = {
  seed: 42,
  clock: { mode: 'manual', start: Date.UTC(2026, 0, 1) },
  markets: [{ symbol: 'BTC/USDT', price: 50_000 }],
  limits: false,
}

export async function lifecycleBench(rounds = 4, iterations = 150) {
  const reused = setupMockExchange(ExchangeType.BINANCE_SPOT, OPTIONS)
  const ours: OpTask = {
    unit: 'cycle',
    fn: () => {
      const mock = setupMockExchange(ExchangeType.BINANCE_SPOT, OPTIONS)
      mock.listen()
      mock.close()
    },
  }
  const oursReused: OpTask = {
    unit: 'cycle',
    fn: () => {
      reused.listen()
      reused.close()
    },
  }
  const bare: OpTask = {
    unit: 'cycle',
    fn: () => {
      const server = setupServer()
      server.listen()
      server.close()
    },
  }
  return runRounds(rounds, iterations, {
    'listen/close ours: setupMockExchange+listen+close': ours,
    'listen/close ours: listen+close, one mock': oursReused,
    'listen/close baseline: setupServer()+listen+close': bare,
  })
}
