import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { TaskStats } from './engine.bench.js'
import type { OpStats } from './harness.js'
import type { MemoryResults } from './memory.js'

export interface Ratio {
  name: string
  /** Of means (heap: of MB). */
  value: number
  /** Of medians, for timings: less moved by GC pauses. */
  p50?: number
  /** What the ratio is made of, and what it should be. */
  note: string
}

function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows].map((row) => row.map(String))
  const widths = header.map((_, i) => Math.max(...cells.map((row) => row[i].length)))
  const line = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')
  return [line(cells[0]), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n')
}

const fixed = (x: number, digits = 2) => x.toFixed(digits)
const count = (x: number) => Math.round(x).toLocaleString('en-US')

/** A table of timed operations (requests, minutes of pushes, listen/close cycles). */
export interface Section {
  title: string
  stats: OpStats[]
}

function printSection({ title, stats }: Section): void {
  console.log(`\n${title}\n`)
  console.log(table(
    ['task', 'samples', 'ms/op', 'p50', 'p99', '±%', 'rate (mean)'],
    stats.map((s) => [s.name, s.samples, fixed(s.mean, 3), fixed(s.p50, 3), fixed(s.p99, 3), fixed(s.rme, 1), `${count(s.perSecond)} ${s.unit}/s`]),
  ))
}

export function printReport(tasks: Record<string, TaskStats>, memory: MemoryResults, ratios: Ratio[], sections: Section[] = []): void {
  console.log('\nPage cost (1000 candles a page, a fresh engine per task, every page different)\n')
  console.log(table(
    ['task', 'pages', 'ms/page', 'p50', 'p99', '±%', 'candles/s', 'pages asked'],
    Object.values(tasks).map((t) => [t.name, t.pages, fixed(t.mean), fixed(t.p50), fixed(t.p99), fixed(t.rme, 1), count(t.candlesPerSecond), t.covered ?? '']),
  ))
  console.log(`\nHeap of one engine, MB above an empty heap${memory.gc ? '' : '  (!! no global.gc: run with --expose-gc; numbers include garbage)'}\n`)
  console.log(table(
    ['state', 'pages', 'after paging', 'after gc'],
    [
      ['fresh engine', 0, '', fixed(memory.freshEngine, 3)],
      ['after year 1 (2026, 1m)', memory.year1.pages, fixed(memory.year1.afterPaging), fixed(memory.year1.afterGc)],
      ['after year 2 (2027, 1m)', memory.year2.pages, fixed(memory.year2.afterPaging), fixed(memory.year2.afterGc)],
    ],
  ))
  for (const section of sections) printSection(section)
  console.log('\nRatios (same run)\n')
  const show = (x: number) => fixed(x, x < 0.1 ? 4 : 2)
  console.log(table(['ratio', 'of means', 'of p50s', 'meaning'], ratios.map((r) => [r.name, show(r.value), r.p50 === undefined ? '' : show(r.p50), r.note])))
}

export function writeJson(path: string, data: unknown): void {
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, JSON.stringify(data, null, 2) + '\n')
  console.log(`\nWrote ${path}`)
}
