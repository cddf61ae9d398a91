/**
 * Engine and transport benchmarks, reported as ratios against baselines measured in the
 * same run (machines differ; ratios travel). `npm run bench`; results in
 * bench/results/latest.json.
 */
import { cpus } from 'node:os'
import { fileURLToPath } from 'node:url'
import { engineBench } from './engine.bench.js'
import type { OpStats } from './harness.js'
import { lifecycleBench } from './lifecycle.bench.js'
import { measureMemory } from './memory.js'
import { printReport, writeJson, type Ratio } from './report.js'
import { restBench } from './rest.bench.js'
import { wsBench } from './ws.bench.js'

const began = performance.now()
if (!globalThis.gc) console.warn('global.gc is missing (run with node --expose-gc): heap numbers will include garbage.')

const memory = measureMemory()
const tasks = await engineBench()
// Transports one after another, each listening only while its own tasks run. The
// listen/close cycles go last: every mock they build stays reachable (see the note).
const rest = await restBench()
const ws = await wsBench()
const lifecycle = await lifecycleBench()
const ops: Record<string, OpStats> = { ...rest.tasks, ...ws.tasks, ...lifecycle }
const t = (name: string) => {
  const found = tasks[name]
  if (!found) throw new Error(`no task "${name}"`)
  return found
}

const ratio = (name: string, a: string, b: string, note: string): Ratio => ({
  name, note, value: t(a).mean / t(b).mean, p50: t(a).p50 / t(b).p50,
})
/** Rate of `ours` ÷ rate of `baseline` (= baseline time per op ÷ ours): above 1, ours is faster. */
const faster = (name: string, ours: string, baseline: string, note: string): Ratio => {
  const a = ops[ours]
  const b = ops[baseline]
  if (!a || !b) throw new Error(`no task "${a ? baseline : ours}"`)
  return { name, note, value: b.mean / a.mean, p50: b.p50 / a.p50 }
}
const retained1 = memory.year1.afterGc
const ratios: Ratio[] = [
  ratio('1m back/now', '1m back (2016)', '1m now (2026)', 'ms/page ten years back ÷ now; goal ≈ 1'),
  ratio('1h back/now', '1h back (2016)', '1h now (2026)', 'ms/page ten years back ÷ now; goal ≈ 1'),
  // Time of a baseline page ÷ time of an engine page = engine candles/s ÷ baseline candles/s.
  ratio('engine/baseline rate', 'baseline: random walk 1m', '1m now (2026)', '1m candles/s, engine ÷ plain seeded random walk'),
  ratio('random/sequential', '1m random 1990–2100', '1m sequential now (2026)', 'ms/page, 200 seeded random 1m pages 1990–2100 ÷ 200 sequential'),
  { name: 'heap year2/year1', value: memory.year2.afterGc / retained1, note: 'retained after gc, 2 years ÷ 1 year of 1m pages; bounded ≈ 1' },
  { name: 'heap year1/fresh', value: retained1 / memory.freshEngine, note: 'retained after a year ÷ a fresh engine (the cache filled)' },
  faster('REST ours/msw', 'REST ours: fetch klines 500×1m', 'REST baseline: msw/node, precomputed', 'fetch req/s, ours (500 fresh 1m candles, faults idle) ÷ bare msw/node answering precomputed bytes; goal ≥ 5'),
  faster('REST ours/loopback', 'REST ours: fetch klines 500×1m', 'REST baseline: loopback node:http', 'fetch req/s, ours ÷ a 127.0.0.1 node:http server answering precomputed bytes; goal ≥ 1'),
  faster('REST engine share', 'REST ours: fetch klines 500×1m', 'REST engine only: 500×1m page', 'time of the engine\'s page ÷ time of the whole request (the rest: routing, format, JSON, fetch)'),
  faster('WS ours/bare', 'WS ours: 1000 klines, 1 clock minute', 'WS baseline: bare ws, same frames', `pushes/s delivered, ${ws.streams} kline streams on ${ws.connections} ws connections ÷ the same frames over bare in-process ws; goal ≥ 0.7`),
  faster('listen/close ours/msw', 'listen/close ours: setupMockExchange+listen+close', 'listen/close baseline: setupServer()+listen+close', 'cycles/s, setupMockExchange()+listen()+close() ÷ setupServer()+listen()+close()'),
  faster('listen/close reused/msw', 'listen/close ours: listen+close, one mock', 'listen/close baseline: setupServer()+listen+close', 'cycles/s, listen()+close() of one mock ÷ setupServer()+listen()+close()'),
]

printReport(tasks, memory, ratios, [
  { title: `REST: fetch of /api/v3/klines 500×1m, every page new (page ≈ ${Math.round(rest.pageBytes / 1024)} kB); each group listening alone`, stats: Object.values(rest.tasks) },
  { title: `WebSocket fan-out: one op = one clock minute, ${ws.pushesPerMinute.toLocaleString('en-US')} pushes of ≈ ${Math.round(ws.meanFrameBytes)} B (${ws.streams} streams, ${ws.connections} connections)`, stats: Object.values(ws.tasks) },
  { title: 'listen/close cycles', stats: Object.values(lifecycle) },
])
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
  transport: {
    rest: { pageBytes: rest.pageBytes, tasks: rest.tasks },
    ws: { streams: ws.streams, connections: ws.connections, pushesPerMinute: ws.pushesPerMinute, meanFrameBytes: ws.meanFrameBytes, tasks: ws.tasks },
    lifecycle,
  },
})
