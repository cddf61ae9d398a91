import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { calendarMonths, every } from '../src/clock/index.js'

const utc = (iso: string) => Date.parse(iso)

describe('every()', () => {
  it('returns the next multiple strictly after the given time', () => {
    const minutes = every(60_000)
    expect(minutes.next(0)).toBe(60_000)
    expect(minutes.next(59_999)).toBe(60_000)
    expect(minutes.next(60_000)).toBe(120_000)
  })

  it('handles negative times (before 1970) with floor division', () => {
    const seconds = every(1000)
    expect(seconds.next(-1500)).toBe(-1000)
    expect(seconds.next(-1000)).toBe(0)
    expect(seconds.next(-1)).toBe(0)
  })

  it('shifts by the offset, which may be negative or larger than the interval', () => {
    expect(every(1000, 250).next(0)).toBe(250)
    expect(every(1000, 250).next(250)).toBe(1250)
    expect(every(1000, -250).next(0)).toBe(750)
    expect(every(1000, 2250).next(0)).toBe(250)
  })

  it('counts boundaries in (after, upTo] and finds the n-th without iterating', () => {
    const seconds = every(1000)
    expect(seconds.count?.(0, 10_000)).toBe(10)
    expect(seconds.count?.(-500, 500)).toBe(1)
    expect(seconds.count?.(5, 5)).toBe(0)
    expect(seconds.count?.(10, 0)).toBe(0)
    expect(seconds.nth?.(0, 1)).toBe(seconds.next(0))
    expect(seconds.nth?.(-1, 3)).toBe(2000)
  })

  it('agrees with its definition for any interval, offset and time', () => {
    const args = fc.tuple(
      fc.integer({ min: 1, max: 1e7 }),
      fc.integer({ min: -1e8, max: 1e8 }),
      fc.integer({ min: -1e12, max: 1e12 }),
      fc.integer({ min: 1, max: 20 }),
    )
    fc.assert(
      fc.property(args, ([interval, offset, after, n]) => {
        const b = every(interval, offset)
        const next = b.next(after)
        expect(next).toBeGreaterThan(after)
        expect(next - interval).toBeLessThanOrEqual(after)
        expect((((next - offset) % interval) + interval) % interval).toBe(0)
        let t = after
        for (let i = 0; i < n; i++) t = b.next(t)
        expect(b.nth?.(after, n)).toBe(t)
        expect(b.count?.(after, t)).toBe(n)
        expect(b.count?.(after, t - 1)).toBe(n - 1)
      }),
    )
  })

  it.each([0, -1000, Number.NaN, Infinity])('rejects interval %s with code CLOCK_ARG', (interval) => {
    expect(() => every(interval)).toThrow(expect.objectContaining({ code: 'CLOCK_ARG' }))
    expect(() => every(interval)).toThrow(/^\[mock-exchange\] Failed to create clock boundaries: every\(\) needs/)
  })

  it('rejects a non-finite offset with code CLOCK_ARG', () => {
    expect(() => every(1000, Number.NaN)).toThrow(expect.objectContaining({ code: 'CLOCK_ARG' }))
  })
})

describe('calendarMonths()', () => {
  const months = calendarMonths()

  it('returns the first of the next month at 00:00 UTC', () => {
    expect(months.next(utc('2026-01-15T12:00:00Z'))).toBe(utc('2026-02-01T00:00:00Z'))
    expect(months.next(utc('2026-02-01T00:00:00Z'))).toBe(utc('2026-03-01T00:00:00Z'))
    expect(months.next(utc('2026-01-31T23:59:59.999Z'))).toBe(utc('2026-02-01T00:00:00Z'))
    expect(months.next(utc('2026-12-31T00:00:00Z'))).toBe(utc('2027-01-01T00:00:00Z'))
  })

  it('works before 1970 and across leap years', () => {
    expect(months.next(utc('1969-12-15T00:00:00Z'))).toBe(0)
    expect(months.next(-0.5)).toBe(0)
    expect(months.next(utc('2024-02-29T12:00:00Z'))).toBe(utc('2024-03-01T00:00:00Z'))
  })

  it('counts and skips months arithmetically', () => {
    const from = utc('2026-01-01T00:00:00Z')
    expect(months.count?.(from, utc('2027-01-01T00:00:00Z'))).toBe(12)
    expect(months.count?.(from, utc('2026-12-31T23:59:59Z'))).toBe(11)
    expect(months.nth?.(from, 14)).toBe(utc('2027-03-01T00:00:00Z'))
    expect(months.nth?.(utc('2026-01-20T00:00:00Z'), 1)).toBe(utc('2026-02-01T00:00:00Z'))
  })
})
