import { Bench, type FnOptions } from 'tinybench'
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus'
import { uniformInt } from 'pure-rand/distribution/uniformInt'
import { CandleEngine, type Candle } from '../src/index.js'
import { randomWalk } from './walk.js'

export const SYMBOL = 'BTC/USDT'
export const PAGE = 1000
export const NOW = Date.UTC(2026, 0, 1)
export const BACK = Date.UTC(2016, 0, 1)
const MINUTE = 60_000
const SPAN = { '1m': MINUTE, '1h': 60 * MINUTE } as const
type PageInterval = keyof typeof SPAN

export const newEngine = () => new CandleEngine({ seed: 42, markets: [{ symbol: SYMBOL, price: 50_000 }] })

export interface TaskStats {
  name: string
  pages: number
  /** ms per 1000-candle page. */
  mean: number
  p50: number
  p99: number
  rme: number
  candlesPerSecond: number
  /** The pages asked, first to last (ISO dates), for the walks. */
  covered?: string
}

/** Where the next page starts; each call a new page. */
type Cursor = () => number

const forward = (start: number, interval: PageInterval): Cursor => {
  let next = start
  return () => (next += PAGE * SPAN[interval]) - PAGE * SPAN[interval]
}

const seededPositions = (seed: number, from: number, to: number): Cursor => {
  const rng = xoroshiro128plus(seed)
  const last = Math.floor((to - from) / MINUTE) - PAGE
  return () => from + uniformInt(rng, 0, last) * MINUTE
}

function check(candles: Candle[]): void {
  if (candles.length !== PAGE) throw new Error(`expected ${PAGE} candles, got ${candles.length}`)
}

/**
 * A task asking its own fresh engine page after page, never the same page twice (the
 * cursor runs on through warmups and rounds), so only what a page needs from above can
 * be cached.
 */
function pager(interval: PageInterval, cursor: Cursor, engine?: CandleEngine) {
  const range = { first: Infinity, last: -Infinity }
  const fn = () => {
    const start = cursor()
    range.first = Math.min(range.first, start)
    range.last = Math.max(range.last, start)
    check(engine!.candles(SYMBOL, interval, { start, end: start + PAGE * SPAN[interval] }))
  }
  const options: FnOptions = { beforeAll: () => void (engine ??= newEngine()) }
  return { fn, options, range }
}

function baseline() {
  let page: ReturnType<typeof randomWalk> | undefined
  const fn = () => check(page!(PAGE))
  const options: FnOptions = { beforeAll: () => void (page ??= randomWalk(42, NOW, 50_000)) }
  return { fn, options }
}

function stats(name: string, samples: number[], covered?: { first: number; last: number }): TaskStats {
  samples.sort((a, b) => a - b)
  const n = samples.length
  const mean = samples.reduce((sum, x) => sum + x, 0) / n
  const sd = Math.sqrt(samples.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (n - 1))
  const at = (q: number) => samples[Math.min(n - 1, Math.floor(q * n))]
  const day = (t: number) => new Date(t).toISOString().slice(0, 10)
  return {
    name, pages: n, mean, p50: at(0.5), p99: at(0.99), rme: (100 * 1.96 * sd) / Math.sqrt(n) / mean,
    candlesPerSecond: (PAGE * 1000) / mean,
    ...(covered && Number.isFinite(covered.first) ? { covered: `${day(covered.first)} → ${day(covered.last)}` } : {}),
  }
}

type BenchTask = { fn: () => void; options: FnOptions; range?: { first: number; last: number } }

/**
 * Exactly `pages` timed pages per task (no time budget: pages are never repeated, so
 * the walks must not run off), split into rounds whose task order alternates, so
 * drift and GC debt spread evenly; the samples of all rounds are pooled.
 */
async function run(pages: number, rounds: number, tasks: Record<string, BenchTask>): Promise<Record<string, TaskStats>> {
  const samples = new Map<string, number[]>(Object.keys(tasks).map((name) => [name, []]))
  const iterations = Math.ceil(pages / rounds)
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({ iterations, time: 0, warmupIterations: Math.ceil(iterations / 10), warmupTime: 0, throws: true, retainSamples: true })
    const names = Object.keys(tasks)
    for (const name of round % 2 ? names.reverse() : names) bench.add(name, tasks[name].fn, tasks[name].options)
    for (const task of await bench.run()) {
      const result = task.result
      if (result.state !== 'completed' || !result.latency.samples) throw new Error(`${task.name}: ${result.state}`)
      samples.get(task.name)!.push(...result.latency.samples)
    }
  }
  return Object.fromEntries([...samples].map(([name, s]) => [name, stats(name, s, tasks[name].range)]))
}

/** Gets the JIT past its first tiers on both paths before anything is timed. */
function warmJit(): void {
  const engine = newEngine()
  for (const interval of ['1m', '1h'] as const) {
    const { fn } = pager(interval, forward(Date.UTC(2000, 0, 1), interval), engine)
    for (let i = 0; i < 30; i++) fn()
  }
}

export async function engineBench() {
  warmJit()
  const minute = await run(1000, 10, {
    '1m now (2026)': pager('1m', forward(NOW, '1m')),
    '1m back (2016)': pager('1m', forward(BACK, '1m')),
    'baseline: random walk 1m': baseline(),
  })
  const hour = await run(80, 10, {
    '1h now (2026)': pager('1h', forward(NOW, '1h')),
    '1h back (2016)': pager('1h', forward(BACK, '1h')),
  })
  const deep = await run(200, 10, {
    '1m sequential now (2026)': pager('1m', forward(NOW, '1m')),
    '1m random 1990–2100': pager('1m', seededPositions(2026, Date.UTC(1990, 0, 1), Date.UTC(2100, 0, 1))),
  })
  return { ...minute, ...hour, ...deep }
}
