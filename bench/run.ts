/**
 * Engine benchmarks, reported as ratios against baselines measured in the same run
 * (machines differ; ratios travel). `npm run bench`; results in bench/results/latest.json.
 */
import { cpus } from 'node:os'
import { fileURLToPath } from 'node:url'
import { engineBench } from './engine.bench.js'
import { measureMemory } from './memory.js'
import { printReport, writeJson, type Ratio } from './report.js'

const began = performance.now()
if (!globalThis.gc) console.warn('global.gc is missing (run with node --expose-gc): heap numbers will include garbage.')

const memory = measureMemory()
const tasks = await engineBench()
const t = (name: string) => {
  const found = tasks[name]
  if (!found) throw new Error(`no task "${name}"`)
  return found
}

const ratio = (name: string, a: string, b: string, note: string): Ratio => ({
  name, note, value: t(a).mean / t(b).mean, p50: t(a).p50 / t(b).p50,
})
const retained1 = memory.year1.afterGc
const ratios: Ratio[] = [
  ratio('1m back/now', '1m back (2016)', '1m now (2026)', 'ms/page ten years back ÷ now; goal ≈ 1'),
  ratio('1h back/now', '1h back (2016)', '1h now (2026)', 'ms/page ten years back ÷ now; goal ≈ 1'),
  // Time of a baseline page ÷ time of an engine page = engine candles/s ÷ baseline candles/s.
  ratio('engine/baseline rate', 'baseline: random walk 1m', '1m now (2026)', '1m candles/s, engine ÷ plain seeded random walk'),
  ratio('random/sequential', '1m random 1990–2100', '1m sequential now (2026)', 'ms/page, 200 seeded random 1m pages 1990–2100 ÷ 200 sequential'),
  { name: 'heap year2/year1', value: memory.year2.afterGc / retained1, note: 'retained after gc, 2 years ÷ 1 year of 1m pages; bounded ≈ 1' },
  { name: 'heap year1/fresh', value: retained1 / memory.freshEngine, note: 'retained after a year ÷ a fresh engine (the cache filled)' },
]

printReport(tasks, memory, ratios)
const seconds = (performance.now() - began) / 1000
console.log(`\nTotal ${seconds.toFixed(1)} s`)
writeJson(fileURLToPath(new URL('./results/latest.json', import.meta.url)), {
  date: new Date().toISOString(),
  node: process.version,
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
  seconds,
  ratios: Object.fromEntries(ratios.map((r) => [r.name, r.value])),
  ratiosOfMedians: Object.fromEntries(ratios.flatMap((r) => (r.p50 === undefined ? [] : [[r.name, r.p50]]))),
  ratioNotes: Object.fromEntries(ratios.map((r) => [r.name, r.note])),
  tasks,
  memoryMB: memory,
})
