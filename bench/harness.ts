import { Bench, type FnOptions } from 'tinybench'

/** One timed operation: a request, a minute of pushes, a listen/close cycle. */
export interface OpStats {
  name: string
  samples: number
  /** ms per operation. */
  mean: number
  p50: number
  p99: number
  rme: number
  /** What one operation delivers (1 request, 30,000 pushes, 1 cycle) … */
  unitsPerOp: number
  /** … and what those units are called. */
  unit: string
  /** Units per second of wall time, from the mean. */
  perSecond: number
}

export interface OpTask {
  fn: () => unknown
  options?: FnOptions
  unitsPerOp?: number
  unit: string
}

function stats(name: string, samples: number[], task: OpTask): OpStats {
  samples.sort((a, b) => a - b)
  const n = samples.length
  const mean = samples.reduce((sum, x) => sum + x, 0) / n
  const sd = n > 1 ? Math.sqrt(samples.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (n - 1)) : 0
  const at = (q: number) => samples[Math.min(n - 1, Math.floor(q * n))]
  const unitsPerOp = task.unitsPerOp ?? 1
  return {
    name, samples: n, mean, p50: at(0.5), p99: at(0.99), rme: (100 * 1.96 * sd) / Math.sqrt(n) / mean,
    unitsPerOp, unit: task.unit, perSecond: (unitsPerOp * 1000) / mean,
  }
}

/**
 * `iterations` timed operations per task and round (plus a tenth as warmup), tasks one
 * after another (never concurrently: each task's beforeAll/afterAll set its transport
 * up and take it down, so interceptors never stack), task order alternating between
 * rounds so drift and GC debt spread evenly; the samples of all rounds are pooled.
 */
export async function runRounds(rounds: number, iterations: number, tasks: Record<string, OpTask>): Promise<Record<string, OpStats>> {
  const samples = new Map<string, number[]>(Object.keys(tasks).map((name) => [name, []]))
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({ iterations, time: 0, warmupIterations: Math.max(1, Math.ceil(iterations / 10)), warmupTime: 0, throws: true, retainSamples: true })
    const names = Object.keys(tasks)
    for (const name of round % 2 ? names.reverse() : names) bench.add(name, tasks[name].fn, withGc(tasks[name].options))
    for (const task of await bench.run()) {
      const result = task.result
      if (result.state !== 'completed' || !result.latency.samples) throw new Error(`${task.name}: ${result.state}`)
      samples.get(task.name)!.push(...result.latency.samples)
    }
  }
  return Object.fromEntries([...samples].map(([name, s]) => [name, stats(name, s, tasks[name])]))
}

/** Collects before each task phase (with --expose-gc), so one task's garbage is not another's pause. */
function withGc(options: FnOptions = {}): FnOptions {
  const { beforeAll } = options
  return {
    ...options,
    async beforeAll(mode) {
      globalThis.gc?.()
      await beforeAll?.call(this, mode)
    },
  }
}

/** Resolves once `count()` reaches `target`, checked on every `poke()` (call it from the event that counts). */
export class Countdown {
  private target = Infinity
  private resolve: (() => void) | undefined

  constructor(private readonly count: () => number) {}

  until(target: number): Promise<void> {
    if (this.count() >= target) return Promise.resolve()
    this.target = target
    return new Promise((resolve) => (this.resolve = resolve))
  }

  poke(): void {
    if (this.resolve && this.count() >= this.target) {
      const resolve = this.resolve
      this.resolve = undefined
      this.target = Infinity
      resolve()
    }
  }
}
