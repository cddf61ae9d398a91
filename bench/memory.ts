import { newEngine, PAGE, SYMBOL } from './engine.bench.js'

const MINUTE = 60_000

export interface MemoryResults {
  /** False when node ran without --expose-gc: the numbers then include garbage and mean little. */
  gc: boolean
  /** MB of heap used, relative to an empty heap before the engine was made. */
  freshEngine: number
  year1: { afterPaging: number; afterGc: number; pages: number }
  year2: { afterPaging: number; afterGc: number; pages: number }
}

const collect = globalThis.gc ? () => (globalThis.gc!(), globalThis.gc!()) : () => {}
const heapMB = () => process.memoryUsage().heapUsed / 2 ** 20

/** Pages through [start, end) of 1m candles, 1000 at a time, discarding every page. */
function pageThrough(engine: ReturnType<typeof newEngine>, start: number, end: number): number {
  let pages = 0
  for (let t = start; t < end; t += PAGE * MINUTE, pages++) {
    engine.candles(SYMBOL, '1m', { start: t, end: Math.min(end, t + PAGE * MINUTE) })
  }
  return pages
}

/** Heap held by one engine: fresh, after a year of 1m pages, after a second year. */
export function measureMemory(): MemoryResults {
  collect()
  const empty = heapMB()
  const engine = newEngine()
  collect()
  const freshEngine = heapMB() - empty
  const year = (y: number) => {
    const pages = pageThrough(engine, Date.UTC(y, 0, 1), Date.UTC(y + 1, 0, 1))
    const afterPaging = heapMB() - empty
    collect()
    return { afterPaging, afterGc: heapMB() - empty, pages }
  }
  const year1 = year(2026)
  const year2 = year(2027)
  engine.candles(SYMBOL, '1m', { start: 0, end: MINUTE }) // keep the engine alive through the last reading
  return { gc: globalThis.gc !== undefined, freshEngine, year1, year2 }
}
