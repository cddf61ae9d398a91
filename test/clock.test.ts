import { afterEach, describe, expect, it, vi } from 'vitest'
import { calendarMonths, createClock, every, type Boundaries, type BoundaryEvent, type Clock } from '../src/clock/index.js'

const T0 = Date.parse('2026-01-01T00:00:00Z')
const YEAR = 365 * 86_400_000

/** A manual clock at T0 and a log of `name@offset-from-T0` deliveries. */
function setup(options: { maxBacklog?: number } = {}) {
  const clock = createClock({ start: T0, ...options })
  const log: string[] = []
  const record = (name: string) => (event: BoundaryEvent) => {
    log.push(`${name}@${event.time - T0}`)
  }
  return { clock, log, record }
}

describe('manual clock: basics', () => {
  afterEach(() => vi.useRealTimers())

  it('defaults to manual mode, starting at Date.now() floored to the second', () => {
    vi.useFakeTimers({ now: T0 + 1234 })
    const clock = createClock()
    expect(clock.mode).toBe('manual')
    expect(clock.start).toBe(T0 + 1000)
    vi.advanceTimersByTime(5000)
    expect(clock.now()).toBe(T0 + 1000)
  })

  it('moves only with advance() and set()', async () => {
    const { clock } = setup()
    expect(clock.now()).toBe(T0)
    await clock.advance(1500)
    expect(clock.now()).toBe(T0 + 1500)
    await clock.set(T0 + 10_000)
    expect(clock.now()).toBe(T0 + 10_000)
    await clock.advance(0)
    expect(clock.now()).toBe(T0 + 10_000)
  })

  it.each([
    { start: Number.NaN },
    { speed: 0 },
    { speed: -1 },
    { maxBacklog: 0 },
    { maxBacklog: 1.5 },
    { mode: 'bogus' as never },
  ])('rejects bad options %o with code CLOCK_ARG', (options) => {
    expect(() => createClock(options)).toThrow(expect.objectContaining({ code: 'CLOCK_ARG' }))
  })
})

describe('manual clock: delivery order', () => {
  it('delivers every boundary in (t0, t1] in time order, ties in subscription order', async () => {
    const { clock, log, record } = setup()
    clock.onBoundary(every(1000), record('a'))
    clock.onBoundary(every(1500), record('b'))
    clock.onBoundary(every(3000), record('c'))
    await clock.advance(3000)
    expect(log).toEqual(['a@1000', 'b@1500', 'a@2000', 'a@3000', 'b@3000', 'c@3000'])
  })

  it('does not deliver a boundary equal to the starting time', async () => {
    const { clock, log, record } = setup()
    clock.onBoundary(every(60_000), record('m'))
    await clock.advance(59_999)
    expect(log).toEqual([])
    await clock.advance(1)
    expect(log).toEqual(['m@60000'])
  })

  it('sets now() to the boundary during the listener and to t1 after advance resolves', async () => {
    const { clock } = setup()
    const seen: number[][] = []
    clock.onBoundary(every(1000), (event) => {
      seen.push([event.time, clock.now()])
    })
    await clock.advance(2500)
    expect(seen).toEqual([
      [T0 + 1000, T0 + 1000],
      [T0 + 2000, T0 + 2000],
    ])
    expect(clock.now()).toBe(T0 + 2500)
  })

  it('never reads the old time between the last listener and the end of the move', async () => {
    const { clock } = setup()
    const seen: number[] = []
    clock.onBoundary(every(1000), () => {
      // Runs in the microtasks right after the listener returns, before advance() resolves.
      for (let i = 1; i <= 4; i++) {
        let p: Promise<void> = Promise.resolve()
        for (let j = 0; j < i; j++) p = p.then(() => {})
        void p.then(() => seen.push(clock.now() - T0))
      }
    })
    await clock.advance(1500)
    expect(seen.every((t) => t >= 1000)).toBe(true)
    expect(clock.now()).toBe(T0 + 1500)
  })

  it('awaits an async listener before delivering the next event', async () => {
    const { clock, log } = setup()
    const slow = (name: string) => async (event: BoundaryEvent) => {
      log.push(`${name} start ${event.time - T0}`)
      for (let i = 0; i < 5; i++) await Promise.resolve()
      log.push(`${name} end ${event.time - T0} now=${clock.now() - T0}`)
    }
    clock.onBoundary(every(1000), slow('a'))
    clock.onBoundary(every(2000), slow('b'))
    await clock.advance(2000)
    expect(log).toEqual([
      'a start 1000',
      'a end 1000 now=1000',
      'a start 2000',
      'a end 2000 now=2000',
      'b start 2000',
      'b end 2000 now=2000',
    ])
  })

  it('serializes concurrent advance() calls so events stay in order', async () => {
    const { clock, log } = setup()
    clock.onBoundary(every(1000), async (event) => {
      await Promise.resolve()
      log.push(`${event.time - T0}`)
    })
    const first = clock.advance(2000)
    const second = clock.advance(2000)
    const third = clock.set(T0 + 5000)
    await Promise.all([first, second, third])
    expect(log).toEqual(['1000', '2000', '3000', '4000', '5000'])
    expect(clock.now()).toBe(T0 + 5000)
  })

  it('delivers calendar months alongside fixed intervals', async () => {
    const clock = createClock({ start: T0 }) // a Thursday
    const log: string[] = []
    const record = (name: string) => (e: BoundaryEvent) => void log.push(`${name} ${new Date(e.time).toISOString().slice(5, 10)}`)
    const DAY = 86_400_000
    clock.onBoundary(calendarMonths(), record('month'))
    clock.onBoundary(every(7 * DAY, 4 * DAY), record('monday')) // 1970-01-05 was a Monday
    await clock.set(Date.parse('2026-02-03T00:00:00Z'))
    expect(log).toEqual([
      'monday 01-05', 'monday 01-12', 'monday 01-19', 'monday 01-26', 'month 02-01', 'monday 02-02',
    ])
  })
})

describe('manual clock: big jumps', () => {
  it('delivers only the last 1000 boundaries of a 10-year jump, counting the rest as skipped', async () => {
    const { clock } = setup()
    const events: BoundaryEvent[] = []
    clock.onBoundary(every(1000), (event) => {
      events.push(event)
    })
    await clock.advance(10 * YEAR)
    const total = (10 * YEAR) / 1000
    expect(events).toHaveLength(1000)
    expect(events[0]).toEqual({ time: T0 + 10 * YEAR - 999_000, skipped: total - 1000 })
    expect(events.slice(1).every((e) => e.skipped === 0)).toBe(true)
    expect(events.at(-1)?.time).toBe(T0 + 10 * YEAR)
    expect(events.every((e, i) => i === 0 || e.time - events[i - 1].time === 1000)).toBe(true)
  })

  it('caps each subscription separately and still merges them in time order', async () => {
    const { clock } = setup({ maxBacklog: 3 })
    const log: string[] = []
    clock.onBoundary(every(1000), (e) => void log.push(`s${(e.time - T0) / 1000}+${e.skipped}`))
    clock.onBoundary(every(4000), (e) => void log.push(`q${(e.time - T0) / 1000}+${e.skipped}`))
    await clock.advance(10_000)
    expect(log).toEqual(['q4+0', 's8+7', 'q8+0', 's9+0', 's10+0'])
    log.length = 0
    await clock.advance(1000)
    expect(log).toEqual(['s11+0'])
  })

  it('caps a custom Boundaries without count/nth by walking it', async () => {
    const { clock } = setup({ maxBacklog: 2 })
    const tenths: Boundaries = { next: (after) => (Math.floor(after / 100) + 1) * 100 }
    const events: BoundaryEvent[] = []
    clock.onBoundary(tenths, (event) => void events.push(event))
    await clock.advance(1000)
    expect(events).toEqual([
      { time: T0 + 900, skipped: 8 },
      { time: T0 + 1000, skipped: 0 },
    ])
  })

  it('delivers all 120 months of a 10-year jump next to a capped 1s subscription', async () => {
    const { clock } = setup()
    let months = 0
    let seconds = 0
    clock.onBoundary(calendarMonths(), () => void months++)
    clock.onBoundary(every(1000), () => void seconds++)
    await clock.set(Date.parse('2036-01-01T00:00:00Z'))
    expect(months).toBe(120)
    expect(seconds).toBe(1000)
  })
})

describe('manual clock: subscribing and unsubscribing during delivery', () => {
  it('stops delivering to a listener that unsubscribes itself', async () => {
    const { clock, log } = setup()
    const sub = clock.onBoundary(every(1000), (event) => {
      log.push(`${event.time - T0}`)
      if (event.time === T0 + 2000) sub.unsubscribe()
    })
    await clock.advance(5000)
    expect(log).toEqual(['1000', '2000'])
  })

  it('does not deliver a pending tie to a subscription another listener removed', async () => {
    const { clock, log, record } = setup()
    clock.onBoundary(every(1000), (event) => {
      log.push(`a@${event.time - T0}`)
      other.unsubscribe()
      other.unsubscribe() // idempotent
    })
    const other = clock.onBoundary(every(1000), record('b'))
    await clock.advance(2000)
    expect(log).toEqual(['a@1000', 'a@2000'])
  })

  it('gives a subscription created mid-delivery only the boundaries after its creation', async () => {
    const { clock, log, record } = setup()
    let created = false
    clock.onBoundary(every(1000), (event) => {
      log.push(`a@${event.time - T0}`)
      if (created) return
      created = true
      // Created at T0+1000: the tie at 1000 is not delivered to it, the later ones are.
      clock.onBoundary(every(500), record('new'))
      clock.onBoundary(every(1000), record('tie'))
    })
    await clock.advance(2000)
    expect(log).toEqual(['a@1000', 'new@1500', 'a@2000', 'new@2000', 'tie@2000'])
  })

  it('anchors a subscription made while an advance is queued at the time it was made', async () => {
    const { clock, log, record } = setup()
    const moving = clock.advance(2000)
    clock.onBoundary(every(1000), record('late'))
    await moving
    expect(log).toEqual(['late@1000', 'late@2000'])
  })
})

describe('manual clock: set() and reset()', () => {
  it('set() forward delivers like advance()', async () => {
    const { clock, log, record } = setup()
    clock.onBoundary(every(1000), record('a'))
    await clock.set(T0 + 2000)
    expect(log).toEqual(['a@1000', 'a@2000'])
  })

  it('set() backwards fires nothing and re-anchors subscriptions at the new time', async () => {
    const { clock, log, record } = setup()
    clock.onBoundary(every(1000), record('a'))
    await clock.set(T0 + 3000)
    log.length = 0
    await clock.set(T0 + 1500)
    expect(log).toEqual([])
    expect(clock.now()).toBe(T0 + 1500)
    await clock.advance(1000)
    expect(log).toEqual(['a@2000'])
  })

  it('reset() goes back to start, fires nothing and keeps subscriptions', async () => {
    const { clock, log, record } = setup()
    clock.onBoundary(every(1000), record('a'))
    await clock.advance(5000)
    log.length = 0
    clock.reset()
    expect(clock.now()).toBe(T0)
    expect(log).toEqual([])
    await clock.advance(1000)
    expect(log).toEqual(['a@1000'])
  })

  it('reset() during a move applies after the queued moves', async () => {
    const { clock, log, record } = setup()
    clock.onBoundary(every(1000), record('a'))
    const moving = clock.advance(2000)
    clock.reset()
    expect(clock.now()).toBe(T0) // not yet moved: the reset waits for the advance
    await moving
    await clock.advance(0) // queued after the reset
    expect(log).toEqual(['a@1000', 'a@2000'])
    expect(clock.now()).toBe(T0)
  })
})

describe('manual clock: errors', () => {
  it.each([-1, Number.NaN, Infinity])('rejects advance(%s) with code CLOCK_ARG', async (ms) => {
    const { clock } = setup()
    await expect(clock.advance(ms)).rejects.toMatchObject({ code: 'CLOCK_ARG' })
    expect(clock.now()).toBe(T0)
  })

  it('rejects set(NaN) with code CLOCK_ARG', async () => {
    const { clock } = setup()
    await expect(clock.set(Number.NaN)).rejects.toMatchObject({ code: 'CLOCK_ARG' })
  })

  it('rejects advance() and set() on a system or accelerated clock with code CLOCK_MODE', async () => {
    const system = createClock({ mode: 'system' })
    await expect(system.advance(1000)).rejects.toMatchObject({
      name: 'MockExchangeError',
      code: 'CLOCK_MODE',
      message:
        "[mock-exchange] Failed to advance the clock: advance() works only on a manual clock (this one is 'system'). " +
        "Use vi.advanceTimersByTime() for a system clock, or create the exchange with clock: { mode: 'manual' }.",
    })
    const accelerated = createClock({ mode: 'accelerated' })
    await expect(accelerated.set(T0)).rejects.toMatchObject({ code: 'CLOCK_MODE' })
    await expect(accelerated.set(T0)).rejects.toThrow(/this one is 'accelerated'/)
  })

  it('runs every listener when one throws, then rethrows its error from advance()', async () => {
    const { clock, log, record } = setup()
    const boom = new Error('boom')
    clock.onBoundary(every(1000), (event) => {
      log.push(`bad@${event.time - T0}`)
      throw boom
    })
    clock.onBoundary(every(1000), record('good'))
    await expect(clock.advance(1000)).rejects.toBe(boom)
    expect(log).toEqual(['bad@1000', 'good@1000'])
    expect(clock.now()).toBe(T0 + 1000)
  })

  it('collects errors of several listeners (sync and async) into one AggregateError', async () => {
    const { clock, log, record } = setup()
    clock.onBoundary(every(1000), () => {
      throw new Error('sync')
    })
    clock.onBoundary(every(1000), async () => {
      await Promise.resolve()
      throw new Error('async')
    })
    clock.onBoundary(every(1000), record('good'))
    const failure = await clock.advance(2000).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(AggregateError)
    expect(failure).toMatchObject({ code: 'CLOCK_LISTENERS' })
    expect((failure as AggregateError).errors.map((e: Error) => e.message)).toEqual(['sync', 'async', 'sync', 'async'])
    expect(log).toEqual(['good@1000', 'good@2000'])
    // A failed move does not block the queue.
    await expect(clock.advance(0)).resolves.toBeUndefined()
  })

  it('reports a custom Boundaries that does not move forward, still delivering the others', async () => {
    const { clock, log, record } = setup()
    clock.onBoundary({ next: (after) => after }, () => {})
    clock.onBoundary(every(1000), record('a'))
    await expect(clock.advance(1000)).rejects.toMatchObject({ code: 'CLOCK_BOUNDARY' })
    expect(log).toEqual(['a@1000'])
  })
})

describe('manual clock: dispose()', () => {
  it('cancels subscriptions, including the rest of a move in progress', async () => {
    const { clock, log } = setup()
    clock.onBoundary(every(1000), (event) => {
      log.push(`${event.time - T0}`)
      if (event.time === T0 + 2000) clock.dispose()
    })
    await clock.advance(5000)
    expect(log).toEqual(['1000', '2000'])
  })

  it('refuses further use with code CLOCK_DISPOSED', async () => {
    const clock: Clock = setup().clock
    clock.dispose()
    clock.dispose() // idempotent
    await expect(clock.advance(1000)).rejects.toMatchObject({ code: 'CLOCK_DISPOSED' })
    expect(() => clock.onBoundary(every(1000), () => {})).toThrow(expect.objectContaining({ code: 'CLOCK_DISPOSED' }))
    expect(clock.now()).toBe(T0)
  })
})
