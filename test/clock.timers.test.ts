import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { calendarMonths, createClock, every, type BoundaryEvent } from '../src/clock/index.js'

const T0 = Date.parse('2026-01-01T00:00:00Z')
const MINUTE = 60_000
const YEAR = 365 * 86_400_000

beforeEach(() => {
  vi.useFakeTimers({ now: T0 })
})
afterEach(() => {
  // Spies first: restoring a spy on the fake setTimeout after useRealTimers() would reinstall the fake.
  vi.restoreAllMocks()
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

describe('system clock', () => {
  it('reads Date.now(), so fake timers drive it', () => {
    const clock = createClock({ mode: 'system', start: 0 })
    expect(clock.mode).toBe('system')
    expect(clock.now()).toBe(T0)
    vi.advanceTimersByTime(1234)
    expect(clock.now()).toBe(T0 + 1234)
  })

  it('delivers boundaries in order as timers fire, with now() at the boundary', async () => {
    const clock = createClock({ mode: 'system' })
    const log: string[] = []
    clock.onBoundary(every(MINUTE), (e) => void log.push(`m@${(e.time - T0) / 1000} now=${(clock.now() - T0) / 1000}`))
    clock.onBoundary(every(30_000), (e) => void log.push(`h@${(e.time - T0) / 1000}`))
    await vi.advanceTimersByTimeAsync(2 * MINUTE)
    expect(log).toEqual(['h@30', 'm@60 now=60', 'h@60', 'h@90', 'm@120 now=120', 'h@120'])
    clock.dispose()
  })

  it('keeps one unref()ed timer for all subscriptions, and none without any', () => {
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout')
    const clock = createClock({ mode: 'system' })
    expect(vi.getTimerCount()).toBe(0)
    const a = clock.onBoundary(every(MINUTE), () => {})
    const b = clock.onBoundary(every(1000), () => {})
    expect(vi.getTimerCount()).toBe(1)
    const handle = setTimeoutSpy.mock.results.at(-1)?.value as { hasRef(): boolean }
    expect(handle.hasRef()).toBe(false)
    a.unsubscribe()
    expect(vi.getTimerCount()).toBe(1)
    b.unsubscribe()
    expect(vi.getTimerCount()).toBe(0)
    clock.onBoundary(every(1000), () => {})
    clock.dispose()
    expect(vi.getTimerCount()).toBe(0)
  })

  it('awaits async listeners before the next event', async () => {
    const clock = createClock({ mode: 'system' })
    const log: string[] = []
    clock.onBoundary(every(1000), async (e) => {
      log.push(`start ${(e.time - T0) / 1000}`)
      await Promise.resolve()
      await Promise.resolve()
      log.push(`end ${(e.time - T0) / 1000}`)
    })
    await vi.advanceTimersByTimeAsync(2000)
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2'])
    clock.dispose()
  })

  it('catches up after a late timer, within the backlog cap', async () => {
    const clock = createClock({ mode: 'system' })
    const events: BoundaryEvent[] = []
    clock.onBoundary(every(1000), (e) => void events.push(e))
    // setSystemTime shifts pending timers too, so the timer fires 10 years late.
    vi.setSystemTime(T0 + 10 * YEAR)
    await vi.advanceTimersByTimeAsync(1000)
    const total = (10 * YEAR) / 1000 + 1
    expect(events).toHaveLength(1000)
    expect(events[0]).toEqual({ time: T0 + 10 * YEAR + 1000 - 999_000, skipped: total - 1000 })
    expect(events.at(-1)).toEqual({ time: T0 + 10 * YEAR + 1000, skipped: 0 })
    clock.dispose()
  })

  it('notices Date.now() going back at its next timer and re-anchors there', async () => {
    const clock = createClock({ mode: 'system' })
    const times: number[] = []
    clock.onBoundary(every(MINUTE), (e) => void times.push((e.time - T0) / 1000))
    await vi.advanceTimersByTimeAsync(2 * MINUTE)
    // Back 90 s; the pending timer (due in 60 s) shifts with it and fires at T0+90s.
    vi.setSystemTime(T0 + 30_000)
    await vi.advanceTimersByTimeAsync(MINUTE)
    expect(times).toEqual([60, 120])
    await vi.advanceTimersByTimeAsync(30_000)
    expect(times).toEqual([60, 120, 120])
    clock.dispose()
  })

  it('waits longer than setTimeout allows (2^31-1 ms) for a monthly boundary', async () => {
    const clock = createClock({ mode: 'system' })
    const times: number[] = []
    clock.onBoundary(calendarMonths(), (e) => void times.push(e.time))
    await vi.advanceTimersByTimeAsync(30 * 86_400_000)
    expect(times).toEqual([])
    await vi.advanceTimersByTimeAsync(86_400_000)
    expect(times).toEqual([Date.parse('2026-02-01T00:00:00Z')])
    clock.dispose()
  })

  it('reports a listener error from a microtask, and keeps delivering', async () => {
    const reported: unknown[] = []
    vi.stubGlobal('queueMicrotask', (task: () => void) => {
      try {
        task()
      } catch (error) {
        reported.push(error)
      }
    })
    const clock = createClock({ mode: 'system' })
    const boom = new Error('boom')
    const times: number[] = []
    clock.onBoundary(every(1000), () => {
      throw boom
    })
    clock.onBoundary(every(1000), (e) => void times.push(e.time))
    await vi.advanceTimersByTimeAsync(2000)
    expect(reported).toEqual([boom, boom])
    expect(times).toEqual([T0 + 1000, T0 + 2000])
    clock.dispose()
  })

  it('reports a broken custom Boundaries without stopping the timer of the others', async () => {
    const reported: unknown[] = []
    vi.stubGlobal('queueMicrotask', (task: () => void) => {
      try {
        task()
      } catch (error) {
        reported.push(error)
      }
    })
    const clock = createClock({ mode: 'system' })
    const times: number[] = []
    clock.onBoundary({ next: () => Number.NaN }, () => {})
    clock.onBoundary(every(1000), (e) => void times.push(e.time))
    await vi.advanceTimersByTimeAsync(1000)
    expect(times).toEqual([T0 + 1000])
    expect(reported.length).toBeGreaterThan(0)
    expect(reported.every((e) => (e as { code?: string }).code === 'CLOCK_BOUNDARY')).toBe(true)
    clock.dispose()
  })

  it('reset() keeps the time and the subscriptions', async () => {
    const clock = createClock({ mode: 'system' })
    const times: number[] = []
    clock.onBoundary(every(1000), (e) => void times.push(e.time))
    await vi.advanceTimersByTimeAsync(1500)
    clock.reset()
    expect(clock.now()).toBe(T0 + 1500)
    await vi.advanceTimersByTimeAsync(500)
    expect(times).toEqual([T0 + 1000, T0 + 2000])
    clock.dispose()
  })
})

describe('accelerated clock', () => {
  it('runs speed (default 60) times faster than real time from its start', () => {
    const start = Date.parse('2020-05-01T00:00:00Z')
    const clock = createClock({ mode: 'accelerated', start })
    expect(clock.start).toBe(start)
    expect(clock.now()).toBe(start)
    vi.advanceTimersByTime(1000)
    expect(clock.now()).toBe(start + MINUTE)
  })

  it('floors to whole milliseconds with a fractional speed', () => {
    const clock = createClock({ mode: 'accelerated', start: 0, speed: 0.5 })
    vi.advanceTimersByTime(3)
    expect(clock.now()).toBe(1)
  })

  it('delivers boundaries in order as (fake) real time passes', async () => {
    const start = Date.parse('2020-05-01T00:00:00Z')
    const clock = createClock({ mode: 'accelerated', start })
    const log: string[] = []
    clock.onBoundary(every(MINUTE), (e) => void log.push(`m${(e.time - start) / MINUTE} now=${(clock.now() - start) / MINUTE}`))
    clock.onBoundary(every(2 * MINUTE), (e) => void log.push(`2m${(e.time - start) / MINUTE}`))
    await vi.advanceTimersByTimeAsync(999)
    expect(log).toEqual([])
    await vi.advanceTimersByTimeAsync(2001)
    expect(log).toEqual(['m1 now=1', 'm2 now=2', '2m2', 'm3 now=3'])
    clock.dispose()
  })

  it('reset() re-bases to start and keeps subscriptions', async () => {
    const clock = createClock({ mode: 'accelerated', start: T0 })
    const times: number[] = []
    clock.onBoundary(every(MINUTE), (e) => void times.push(e.time))
    await vi.advanceTimersByTimeAsync(2500)
    expect(times).toEqual([T0 + MINUTE, T0 + 2 * MINUTE])
    clock.reset()
    expect(clock.now()).toBe(T0)
    await vi.advanceTimersByTimeAsync(1000)
    expect(times).toEqual([T0 + MINUTE, T0 + 2 * MINUTE, T0 + MINUTE])
    clock.dispose()
  })

  it('applies the backlog cap to a late timer', async () => {
    const clock = createClock({ mode: 'accelerated', start: T0, speed: 1000, maxBacklog: 5 })
    const events: BoundaryEvent[] = []
    clock.onBoundary(every(1000), (e) => void events.push(e))
    vi.setSystemTime(T0 + 60_000) // 60 real seconds = 60 000 clock seconds, before the timer fires
    await vi.advanceTimersByTimeAsync(1)
    expect(events).toHaveLength(5)
    expect(events[0].skipped).toBe(60_001 - 5)
    clock.dispose()
  })
})
