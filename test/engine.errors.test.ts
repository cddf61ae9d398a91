import { describe, expect, it } from 'vitest'
import { CandleEngine, MockExchangeError } from '../src/index.js'

const T0 = Date.UTC(2026, 0, 1)
const engine = new CandleEngine({ markets: [{ symbol: 'BTC/USDT' }] })

function expectError(action: () => unknown, code: string, message: RegExp) {
  try {
    action()
  } catch (error) {
    expect(error).toBeInstanceOf(MockExchangeError)
    expect(error).toMatchObject({ code, message: expect.stringMatching(message) })
    expect((error as Error).message).toMatch(/^\[mock-exchange\] Failed to /)
    return
  }
  throw new Error('expected an error')
}

describe('misuse of the engine gets a clear error that says what to do', () => {
  it('no markets', () => expectError(() => new CandleEngine({ markets: [] }), 'BAD_OPTIONS', /at least one market/))
  it('a market without a known default price', () => expectError(() => new CandleEngine({ markets: [{ symbol: 'ZZZ/USDT' }] }), 'BAD_MARKET', /Pass one: \{ symbol: 'ZZZ\/USDT', price/))
  it('a symbol that is not BASE/QUOTE', () => expectError(() => new CandleEngine({ markets: [{ symbol: 'BTCUSDT' }] }), 'BAD_MARKET', /canonical BASE\/QUOTE/))
  it('a price off the tick', () => expectError(() => new CandleEngine({ markets: [{ symbol: 'BTC/USDT', price: 50_000.005 }] }), 'BAD_MARKET', /multiple of the tick size 0\.01/))
  it('a negative volatility', () => expectError(() => new CandleEngine({ markets: [{ symbol: 'BTC/USDT', volatility: -1 }] }), 'BAD_MARKET', /volatility is -1/))
  it('the same market twice', () => expectError(() => new CandleEngine({ markets: [{ symbol: 'BTC/USDT' }, { symbol: 'BTC/USDT' }] }), 'BAD_MARKET', /listed twice/))
  it('a seed that is not an integer or a string', () => expectError(() => new CandleEngine({ seed: 1.5, markets: [{ symbol: 'BTC/USDT' }] }), 'BAD_OPTIONS', /seed must be an integer/))
  it('an unknown market', () => expectError(() => engine.candles('ETH/USDT', '1m', { start: T0, end: T0 + 60_000 }), 'UNKNOWN_MARKET', /has BTC\/USDT. Add it to options.markets/))
  it.each(['1x', '0m', '1.5h', '', '500ms'])('an interval the engine cannot read: %j', (interval) =>
    expectError(() => engine.candles('BTC/USDT', interval, { start: T0, end: T0 + 60_000 }), 'BAD_INTERVAL', /e\.g\. '1m', '4h'/),
  )
  it('a range with no numbers', () => expectError(() => engine.candles('BTC/USDT', '1m', { start: Number.NaN, end: T0 }), 'BAD_RANGE', /start and end must be times/))
  it('a range too large for one call', () => expectError(() => engine.candles('BTC/USDT', '1s', { start: T0, end: T0 + 365 * 86_400_000 }), 'BAD_RANGE', /Ask for pages/))
})

describe('ranges outside what exists', () => {
  it('gives no candles before 1970 or after 2149, and an empty list for an empty range', () => {
    expect(engine.candles('BTC/USDT', '1d', { start: -10 * 86_400_000, end: 0 })).toEqual([])
    expect(engine.candles('BTC/USDT', '1d', { start: Date.UTC(2150, 0, 1), end: Date.UTC(2150, 0, 5) })).toEqual([])
    expect(engine.candles('BTC/USDT', '1m', { start: T0, end: T0 })).toEqual([])
  })

  it('clips the first candle at 1970-01-01', () => {
    const [first] = engine.candles('BTC/USDT', '1w', { start: 0, end: 1 })
    expect(first.openTime).toBe(Date.UTC(1969, 11, 29))
    expect(first.volume).toBeGreaterThan(0)
  })
})
