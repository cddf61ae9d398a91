import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { main } from '../src/cli/main.js'
import type { CliIo } from '../src/cli/io.js'
import { CandleEngine, ExchangeType, supportedExchanges } from '../src/index.js'
import { run } from './cross-process/processes.js'
import { turn } from './support/wait.js'

/** The CLI in process (main() with captured output and a stop the test controls); the built bin once, in a child. */
const ROOT = fileURLToPath(new URL('../', import.meta.url))
const T0 = Date.UTC(2026, 0, 1)
const scratch = mkdtempSync(join(tmpdir(), 'mock-exchange-cli-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

function capture() {
  let out = ''
  let err = ''
  let stop: () => void = () => {}
  const stopped = new Promise<void>((resolve) => (stop = resolve))
  const io: CliIo = { stdout: (t) => void (out += t), stderr: (t) => void (err += t), untilStopped: () => stopped, cwd: ROOT }
  return { io, out: () => out, err: () => err, stop }
}

async function cli(...argv: string[]) {
  const c = capture()
  const code = await main(argv, c.io)
  return { code, out: c.out(), err: c.err() }
}

/** Starts `serve … --json` in process; resolves with the endpoints and a stop that resolves with the exit code. */
async function serve(...argv: string[]) {
  const c = capture()
  const done = main(['serve', ...argv, '--json'], c.io)
  for (let i = 0; i < 100_000 && !c.out().includes('\n'); i++) {
    const early = await Promise.race([done, turn()])
    if (typeof early === 'number') throw new Error(`serve exited ${early}: ${c.err()}`)
  }
  const info = JSON.parse(c.out()) as { exchanges: Record<string, { rest: string; ws: string }>; markets: string[]; seed: number }
  return { info, stop: () => (c.stop(), done) }
}

describe('mock-exchange candles', () => {
  it('prints the engine’s candles as CSV with the market’s decimals, the same every run', async () => {
    const { code, out } = await cli('candles', '--symbol', 'BTCUSDT', '--interval', '1h', '--start', '2026-01-01', '--limit', '3', '--seed', '42')
    expect(code).toBe(0)
    const lines = out.trim().split('\n')
    expect(lines[0]).toBe('openTime,open,high,low,close,volume,quoteVolume,trades,takerBuyVolume,takerBuyQuoteVolume')
    const engine = new CandleEngine({ seed: 42, markets: [{ symbol: 'BTC/USDT' }] })
    const candles = engine.candles('BTC/USDT', '1h', { start: T0, end: T0 + 3 * 3_600_000 })
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 5).map(Number))).toEqual(candles.map((c) => [c.openTime, c.open, c.high, c.low, c.close]))
    expect(lines[1].split(',')[1]).toBe('60000.00')
    expect((await cli('candles', '--symbol', 'BTCUSDT', '--interval', '1h', '--start', '2026-01-01', '--limit', '3', '--seed', '42')).out).toBe(out)
  })

  it('JSON, an --end, a price and an anchor', async () => {
    const { out } = await cli('candles', '--symbol', 'ABC/USDT', '--price', '2.5', '--anchor', '2026-02-01T00:00', '--start', '2026-02-01T00:00:00Z', '--end', String(Date.UTC(2026, 1, 1, 0, 5)), '--format', 'json')
    const candles = JSON.parse(out)
    expect(candles).toHaveLength(5)
    expect(candles[0]).toMatchObject({ openTime: Date.UTC(2026, 1, 1), open: 2.5, closed: true })
  })

  it('bad usage exits 2 with the reason and the usage; a bad market exits 1 with the library’s message', async () => {
    expect(await cli('candles', '--interval', '1m')).toMatchObject({ code: 2, err: expect.stringMatching(/candles needs --symbol[\s\S]*Usage|mock-exchange candles --symbol/) })
    expect(await cli('candles', '--symbol', 'BTCUSDT', '--start', 'yesterday')).toMatchObject({ code: 2, err: expect.stringContaining('--start "yesterday" is not a time') })
    expect(await cli('candles', '--symbol', 'BTCUSDT', '--colour')).toMatchObject({ code: 2, err: expect.stringContaining("Unknown option '--colour'") })
    expect(await cli('candles', '--symbol', 'XYZ/ABC')).toMatchObject({ code: 1, err: expect.stringMatching(/has no default price. Pass one/) })
    expect(await cli('frobnicate')).toMatchObject({ code: 2, err: expect.stringContaining('unknown command "frobnicate"') })
    expect(await cli()).toMatchObject({ code: 2, out: expect.stringContaining('Usage: mock-exchange <command>') })
  })

  it('lists the exchanges it serves, and its version', async () => {
    expect((await cli('exchanges')).out.trim().split('\n')).toEqual(supportedExchanges())
    expect((await cli('--version')).out.trim()).toMatch(/^\d+\.\d+\.\d+/)
  })
})

describe('mock-exchange serve', () => {
  it('serves several exchanges, markets and faults from flags, and stops when told', async () => {
    const { info, stop } = await serve('-e', 'binance_spot,binance_perpetual', '--one-port', '--market', 'SOL/USDT=150', '--speed', '60', '--start', '2026-01-01', '--fault', '{"type":"status","status":418,"route":"time","times":1}')
    expect(Object.keys(info.exchanges)).toEqual(['binance_spot', 'binance_perpetual'])
    expect(info.exchanges.binance_spot.rest).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/binance_spot$/)
    expect(info.markets).toEqual(['SOL/USDT'])
    const time = `${info.exchanges.binance_perpetual.rest}/fapi/v1/time`
    expect((await fetch(time)).status).toBe(418)
    expect((await (await fetch(time)).json()).serverTime).toBeGreaterThanOrEqual(T0)
    expect(await stop()).toBe(0)
    await expect(fetch(time)).rejects.toThrow()
  })

  it('--config: markets replayed from a CSV that `candles` printed, served back unchanged', async () => {
    const csv = (await cli('candles', '--symbol', 'BTC/USDT', '--interval', '1h', '--start', '2025-12-31', '--limit', '24', '--seed', '9')).out
    writeFileSync(join(scratch, 'btc-1h.csv'), csv)
    writeFileSync(join(scratch, 'mock.json'), JSON.stringify({ exchanges: ['binance_spot'], seed: 1, speed: 60, start: '2026-01-01', markets: [{ symbol: 'BTC/USDT', replay: { interval: '1h', file: 'btc-1h.csv' } }], network: { errorRate: 0 } }))
    const { info, stop } = await serve('--config', join(scratch, 'mock.json'))
    try {
      const rows = await (await fetch(`${info.exchanges.binance_spot.rest}/api/v3/klines?symbol=BTCUSDT&interval=1h&startTime=${Date.UTC(2025, 11, 31)}&limit=24`)).json()
      const printed = csv.trim().split('\n').slice(1).map((line) => line.split(','))
      expect(rows.map((r: string[]) => [r[0], r[1], r[4]].map(Number))).toEqual(printed.map((p) => [p[0], p[1], p[4]].map(Number)))
    } finally {
      await stop()
    }
  })

  it('--plugin serves a user-defined exchange; --error-rate 1 fails every request with its own body', async () => {
    const { info, stop } = await serve('--plugin', 'examples/custom-exchange/plugin.ts', '--error-rate', '1', '--no-limits')
    try {
      const failed = await fetch(`${info.exchanges.acme.rest}/v1/time`)
      expect([failed.status, (await failed.json()).error.code]).toEqual([503, 'HTTP_503'])
    } finally {
      await stop()
    }
  })

  it('refuses what it cannot serve', async () => {
    expect(await cli('serve')).toMatchObject({ code: 2, err: expect.stringContaining('serve needs at least one --exchange') })
    expect(await cli('serve', '-e', 'binanse')).toMatchObject({ code: 2, err: expect.stringContaining('--exchange binanse: no such exchange') })
    const unimplemented = Object.values(ExchangeType).find((type) => !supportedExchanges().includes(type))
    if (unimplemented) expect(await cli('serve', '-e', unimplemented)).toMatchObject({ code: 1, err: expect.stringContaining('not implemented yet') })
    expect(await cli('serve', '-e', 'binance_spot', '--packet-loss', '2')).toMatchObject({ code: 2, err: expect.stringContaining('--packet-loss "2" is not a rate from 0 to 1') })
    expect(await cli('serve', '-e', 'binance_spot', '--fault', '{"type":"boom"}')).toMatchObject({ code: 1, err: expect.stringMatching(/^\[mock-exchange\] Failed to add the fault .*type must be one of/) })
    expect(await cli('serve', '--plugin', 'src/server/pairs.ts')).toMatchObject({ code: 2, err: expect.stringContaining('the module exports no ExchangePlugin') })
  })
})

describe.skipIf(!existsSync(join(ROOT, 'dist/src/cli/run.js')))('the bin shim (built JavaScript)', () => {
  it('bin/mock-exchange.js runs dist’s CLI under plain node', async () => {
    const built = await run(process.execPath, ['bin/mock-exchange.js', 'candles', '--symbol', 'ETHUSDT', '--start', '2026-01-01', '--limit', '5'])
    expect(built.code).toBe(0)
    expect(built.stdout).toBe((await cli('candles', '--symbol', 'ETHUSDT', '--start', '2026-01-01', '--limit', '5')).out)
  })
})
