import { capBacklog, nextBoundary } from './backlog.js'
import { MinHeap } from './heap.js'
import type { Boundaries, BoundaryListener } from './types.js'

export interface Entry {
  /** Creation order: breaks ties between boundaries at the same instant. */
  readonly id: number
  readonly boundaries: Boundaries
  readonly listener: BoundaryListener
  /** Boundaries up to here were delivered, or came before the subscription existed. */
  anchor: number
  /** Left out by the backlog cap; reported on the next delivered event. */
  skipped: number
  active: boolean
}

interface Due {
  time: number
  entry: Entry
}

/** One move of the clock: every boundary in (anchor, target] of every subscription. */
interface Run {
  target: number
  queue: MinHeap<Due>
  errors: unknown[]
}

const earlier = (a: Due, b: Due) => a.time < b.time || (a.time === b.time && a.entry.id < b.entry.id)

/**
 * The subscriptions of one clock, and their delivery in global time order (ties in
 * subscription order), one listener at a time. A heap holds each subscription's next
 * due boundary, so a move costs O(events · log subscriptions).
 */
export class Dispatcher {
  // A Set iterates in insertion order, which is creation (id) order.
  private readonly entries = new Set<Entry>()
  private lastId = 0
  private run: Run | undefined
  private current: number | undefined

  constructor(private readonly maxBacklog: number) {}

  /** The boundary being delivered, which the clock reports as now() meanwhile. */
  get deliveringAt(): number | undefined {
    return this.current
  }

  add(boundaries: Boundaries, listener: BoundaryListener, now: number): Entry {
    const entry: Entry = { id: ++this.lastId, boundaries, listener, anchor: now, skipped: 0, active: true }
    this.entries.add(entry)
    // Created by a listener mid-move: it joins this move, from its creation instant on.
    if (this.run) this.schedule(entry, this.run)
    return entry
  }

  remove(entry: Entry): void {
    // Inactive entries still in a run's queue are skipped when they come out.
    entry.active = false
    this.entries.delete(entry)
  }

  clear(): void {
    for (const entry of [...this.entries]) this.remove(entry)
  }

  /** The clock jumped to `time` without delivering (set back, reset): start again from there. */
  reanchor(time: number): void {
    for (const entry of this.entries) entry.anchor = time
  }

  /**
   * Real time went back (e.g. vi.setSystemTime to the past): pull later anchors back to it.
   * Nothing signals such a jump, so it is noticed lazily, when the clock next arms its timer.
   */
  rewindTo(time: number): void {
    for (const entry of this.entries) entry.anchor = Math.min(entry.anchor, time)
  }

  /**
   * The earliest boundary due across subscriptions; Infinity when there is none. A broken custom
   * Boundaries goes to `onError` and is left out, so it does not stop the others' timer.
   */
  nextDue(onError: (error: unknown) => void): number {
    let due = Infinity
    for (const entry of this.entries) {
      try {
        due = Math.min(due, nextBoundary(entry.boundaries, entry.anchor))
      } catch (error) {
        onError(error)
      }
    }
    return due
  }

  /**
   * Delivers every due boundary up to `target`, awaiting each listener before the next.
   * Listener errors are collected, never stop delivery, and are returned for the caller to raise.
   * `arrive` runs as soon as delivery is done, while now() still reads the last boundary, so the
   * clock can move its own time to `target` without a moment where now() reads the old time.
   */
  async deliverUpTo(target: number, arrive: () => void = () => {}): Promise<unknown[]> {
    const run: Run = { target, queue: new MinHeap(earlier), errors: [] }
    this.run = run
    try {
      for (const entry of this.entries) this.schedule(entry, run)
      for (let due = run.queue.pop(); due; due = run.queue.pop()) await this.deliver(due, run)
      for (const entry of this.entries) entry.anchor = target
      arrive()
    } finally {
      this.run = undefined
      this.current = undefined
    }
    return run.errors
  }

  private async deliver({ time, entry }: Due, run: Run): Promise<void> {
    if (!entry.active) return // unsubscribed while waiting in the queue
    this.current = time
    entry.anchor = time
    const event = { time, skipped: entry.skipped }
    entry.skipped = 0
    try {
      await entry.listener(event)
    } catch (error) {
      run.errors.push(error)
    }
    if (entry.active) this.queueAfter(entry, time, run)
  }

  /** Queues the first boundary of a subscription in this run, after applying the backlog cap. */
  private schedule(entry: Entry, run: Run): void {
    try {
      const start = capBacklog(entry.boundaries, entry.anchor, run.target, this.maxBacklog)
      entry.skipped += start.skipped
      this.queueAfter(entry, start.after, run)
    } catch (error) {
      run.errors.push(error) // a broken custom Boundaries: reported, others still delivered
    }
  }

  private queueAfter(entry: Entry, after: number, run: Run): void {
    try {
      const time = nextBoundary(entry.boundaries, after)
      if (time <= run.target) run.queue.push({ time, entry })
    } catch (error) {
      run.errors.push(error)
    }
  }
}
