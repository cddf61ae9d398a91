/**
 * One conformance suite for every exchange plugin (as hono runs one router suite over
 * every router): each exchange's test file calls `describeConformance(spec)` with what
 * differs — URLs, parsing, interval names, limits, native errors, the stream protocol —
 * and the suite checks the behaviour every exchange shares, with the candle engine as
 * the oracle. Nothing here names an exchange.
 *
 * Time never passes for real: the exchange runs on a manual clock, and waiting means
 * letting the event loop turn (setImmediate) a bounded number of times.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  nextOpenTime,
  openTimeOf,
  parseInterval,
  setupMockExchange,
  type Candle,
  type ExchangeType,
  type Interval,
  type IntervalInput,
  type MockExchangeController,
} from '../../src/index.js'
import { fetchAnswer, WsClient, type Answer } from './harness.js'

/** A candle as every exchange's REST row can be read: the six fields all of them serve. */
export interface CanonicalRow {
  openTime: number
  open: number
  high: number
  low: number
  close: number
  volume: number
}

/** A kline push as every exchange's can be read; the optional prices are compared when given. */
export interface CanonicalPush {
  openTime: number
  close: number
  closed: boolean
  open?: number
  high?: number
  low?: number
  volume?: number
}

/** Whether an answer (HTTP status and parsed JSON body, `undefined` when the body is not JSON) is a given native error. */
export type ErrorPredicate = (status: number, body: unknown) => boolean

/** A klines request; times in ms since the epoch (the spec converts to its exchange's units). `limit` may be any text, to send bad ones. */
export interface KlinesRequest {
  symbol: string
  interval: string
  start?: number
  end?: number
  limit?: number | string
}

export interface ConformanceSpec {
  /** Title of the describe block. */
  name: string
  type: ExchangeType
  /** The market every check uses: its canonical symbol, price, and the exchange's id for it. */
  market: { symbol: string; id: string; price: number }
  /** A well-formed id the exchange does not list. */
  unknownSymbol: string

  rest: {
    klinesUrl(request: KlinesRequest): string
    /** The rows of a 200 answer, in the order served. */
    parse(body: unknown): CanonicalRow[]
    /** Whether rows come newest first (the candle in progress is then the first row). */
    newestFirst: boolean
    /** Whether a row opening exactly at `end` is included. */
    endInclusive: boolean
  }

  /** Every interval name the exchange accepts, with the engine interval it means. */
  intervals: ReadonlyArray<{ wire: string; engine: IntervalInput }>
  /** The interval most checks use (one of `intervals`, a minute-ish one). */
  primaryInterval: string
  /** Names the exchange must refuse. */
  badIntervals: readonly string[]

  limit: {
    default: number
    max: number
    /** What a limit above `max` does. */
    overMax: 'cap' | 'reject'
    /** Values the exchange refuses (besides over-max when it rejects). */
    bad: ReadonlyArray<number | string>
  }

  errors: {
    /** Any native error answer of the exchange (its status and body shape). */
    native: ErrorPredicate
    unknownSymbol: ErrorPredicate
    badInterval: ErrorPredicate
    badLimit: ErrorPredicate
  }

  ws: {
    url: string
    subscribe(request: { symbol: string; interval: string; id: number }): string
    unsubscribe(request: { symbol: string; interval: string; id: number }): string
    /** Whether a frame acknowledges the (un)subscribe with this id. */
    isAck(frame: string, id: number): boolean
    /** A kline push, or undefined for any other frame. */
    parsePush(frame: string): CanonicalPush | undefined
    /** Whether a frame is the exchange's native error frame. */
    isError(frame: string): boolean
    /** Push cadence of the candle in progress. */
    cadenceMs(interval: string): number
    /** True when an unchanged candle is not pushed again (so there may be fewer pushes than ticks). */
    onlyChanges: boolean
  }
}

/** Tuesday 2026-03-10 12:00 UTC: candles of every interval have a long history behind them. */
const T0 = Date.UTC(2026, 2, 10, 12)
const SEED = 42

/** Every answer must be an exchange's own: never a 5xx, and JSON. */
function expectNotBroken(answer: Answer): void {
  expect(answer.status, answer.text).toBeLessThan(500)
  expect(answer.json, `not JSON: ${answer.text.slice(0, 200)}`).toBe(true)
}

function toRow(candle: Candle): CanonicalRow {
  return { openTime: candle.openTime, open: candle.open, high: candle.high, low: candle.low, close: candle.close, volume: candle.volume }
}

/** Open time of the candle before the one opening at `open` (months included). */
function previousOpen(interval: Interval, open: number): number {
  return openTimeOf(interval, open - 1)
}

export function describeConformance(spec: ConformanceSpec): void {
  describe(`conformance: ${spec.name}`, () => {
    let exchange: MockExchangeController
    beforeAll(() => {
      exchange = setupMockExchange(spec.type, {
        seed: SEED,
        clock: { mode: 'manual', start: T0 },
        markets: [{ symbol: spec.market.symbol, price: spec.market.price }],
      })
      exchange.listen()
    })
    afterEach(() => exchange.reset())
    afterAll(() => exchange.close())

    const engineIntervalOf = (wire: string): IntervalInput => {
      const found = spec.intervals.find((i) => i.wire === wire)
      if (!found) throw new Error(`spec: ${wire} is not among spec.intervals`)
      return found.engine
    }
    const primary = spec.primaryInterval
    const primarySpan = () => parseInterval(engineIntervalOf(primary))

    /** The engine's candles (the oracle), oldest first; `now` is the exchange's. */
    const oracle = (wire: string, start: number, end: number): CanonicalRow[] =>
      exchange.engine.candles(spec.market.symbol, engineIntervalOf(wire), { start, end, now: exchange.clock.now() }).map(toRow)
    /** The last `count` candles up to now (the last one in progress), oldest first. */
    const recent = (wire: string, count: number): CanonicalRow[] => {
      const interval = parseInterval(engineIntervalOf(wire))
      const now = exchange.clock.now()
      let first = openTimeOf(interval, now)
      for (let i = 1; i < count; i++) first = previousOpen(interval, first)
      return oracle(wire, first, now + 1)
    }
    /** Rows of an answer, put oldest first. */
    const chronological = (rows: CanonicalRow[]) => (spec.rest.newestFirst ? [...rows].reverse() : rows)

    const klines = async (request: Partial<KlinesRequest>): Promise<Answer> => {
      const answer = await fetchAnswer(spec.rest.klinesUrl({ symbol: spec.market.id, interval: primary, ...request }))
      expectNotBroken(answer)
      return answer
    }
    const rowsOf = (answer: Answer): CanonicalRow[] => {
      expect(answer.status, answer.text.slice(0, 300)).toBe(200)
      return spec.rest.parse(answer.body)
    }
    /** Rows served oldest first. */
    const served = async (request: Partial<KlinesRequest>) => chronological(rowsOf(await klines(request)))

    describe('REST klines', () => {
      it('a page of history equals the engine candles, exactly', async () => {
        const span = primarySpan()
        let start = openTimeOf(span, T0)
        for (let i = 0; i < 200; i++) start = previousOpen(span, start)
        let last = start
        for (let i = 1; i < 50; i++) last = nextOpenTime(span, last)
        const rows = await served({ start, end: spec.rest.endInclusive ? last : last + 1, limit: 100 })
        expect(rows).toHaveLength(50)
        expect(rows).toEqual(oracle(primary, start, last + 1))
      })

      it(`rows are served ${spec.rest.newestFirst ? 'newest' : 'oldest'} first, one per interval, without gaps`, async () => {
        const span = primarySpan()
        const rows = rowsOf(await klines({ limit: 60 }))
        expect(rows).toHaveLength(60)
        const opens = chronological(rows).map((row) => row.openTime)
        for (let i = 1; i < opens.length; i++) expect(opens[i]).toBe(nextOpenTime(span, opens[i - 1]))
        for (let i = 1; i < rows.length; i++) {
          if (spec.rest.newestFirst) expect(rows[i].openTime).toBeLessThan(rows[i - 1].openTime)
          else expect(rows[i].openTime).toBeGreaterThan(rows[i - 1].openTime)
        }
      })

      it(`without a limit: the default ${spec.limit.default} rows, up to the candle in progress`, async () => {
        await exchange.clock.advance(30_500)
        const rows = await served({})
        expect(rows).toHaveLength(spec.limit.default)
        expect(rows).toEqual(recent(primary, spec.limit.default))
      })

      it(`the candle in progress is the ${spec.rest.newestFirst ? 'first' : 'last'} row, as the engine has it at now`, async () => {
        await exchange.clock.advance(90_500)
        const now = exchange.clock.now()
        const span = primarySpan()
        const answerRows = rowsOf(await klines({ limit: 5 }))
        const live = spec.rest.newestFirst ? answerRows[0] : answerRows.at(-1)!
        const inProgress = exchange.engine.candleAt(spec.market.symbol, engineIntervalOf(primary), now)
        expect(inProgress.closed).toBe(false)
        expect(live).toEqual(toRow(inProgress))
        expect(live.openTime).toBe(openTimeOf(span, now))
        // And it moves with the clock.
        await exchange.clock.advance(7_000)
        const later = rowsOf(await klines({ limit: 5 }))
        expect(spec.rest.newestFirst ? later[0] : later.at(-1)).toEqual(toRow(exchange.engine.candleAt(spec.market.symbol, engineIntervalOf(primary), exchange.clock.now())))
      })

      it(`limit=${spec.limit.max} (the max) serves ${spec.limit.max} rows`, async () => {
        const rows = await served({ limit: spec.limit.max })
        expect(rows).toHaveLength(spec.limit.max)
        expect(rows).toEqual(recent(primary, spec.limit.max))
      })

      it(`limit=${spec.limit.max + 1} is ${spec.limit.overMax === 'cap' ? 'capped' : 'refused natively'}`, async () => {
        const answer = await klines({ limit: spec.limit.max + 1 })
        if (spec.limit.overMax === 'cap') expect(chronological(rowsOf(answer))).toEqual(recent(primary, spec.limit.max))
        else expect(spec.errors.badLimit(answer.status, answer.body), answer.text).toBe(true)
      })

      it(`start and end bound the rows by open time (end ${spec.rest.endInclusive ? 'inclusive' : 'exclusive'}); unaligned bounds round inwards`, async () => {
        const span = primarySpan()
        let start = openTimeOf(span, T0)
        for (let i = 0; i < 10; i++) start = previousOpen(span, start)
        let end = start
        for (let i = 0; i < 5; i++) end = nextOpenTime(span, end)
        const expected = oracle(primary, start, spec.rest.endInclusive ? end + 1 : end)
        expect(await served({ start, end, limit: 100 })).toEqual(expected)
        // Unaligned: a start inside a candle does not bring that candle; an end inside one (after its open) keeps it.
        expect(await served({ start: start - 1, end: end + 1, limit: 100 })).toEqual(oracle(primary, start, end + 1))
      })

      it('a window entirely after now is empty', async () => {
        const now = exchange.clock.now()
        expect(await served({ start: now + 86_400_000, end: now + 2 * 86_400_000, limit: 10 })).toEqual([])
      })

      it('the same request twice gets the same bytes', async () => {
        const first = await klines({ limit: 100 })
        const second = await klines({ limit: 100 })
        expect(second.text).toBe(first.text)
      })

      describe('every listed interval is served, aligned like the engine', () => {
        it.each(spec.intervals.map((i) => [i.wire]))('%s', async (wire) => {
          await exchange.clock.advance(12 * 3_600_000 + 61_000)
          const rows = await served({ interval: wire, limit: 3 })
          expect(rows).toEqual(recent(wire, 3))
          expect(rows.at(-1)!.openTime).toBe(openTimeOf(parseInterval(engineIntervalOf(wire)), exchange.clock.now()))
        })
      })

      describe('a bad interval is refused natively', () => {
        it.each(spec.badIntervals.map((name) => [name]))('%j', async (name) => {
          const answer = await klines({ interval: name })
          expect(spec.errors.badInterval(answer.status, answer.body), answer.text).toBe(true)
          expect(spec.errors.native(answer.status, answer.body), answer.text).toBe(true)
        })
      })

      describe('a bad limit is refused natively', () => {
        it.each(spec.limit.bad.map((value) => [value]))('%j', async (value) => {
          const answer = await klines({ limit: value })
          expect(spec.errors.badLimit(answer.status, answer.body), answer.text).toBe(true)
          expect(spec.errors.native(answer.status, answer.body), answer.text).toBe(true)
        })
      })

      it('an unknown symbol is refused natively', async () => {
        const answer = await klines({ symbol: spec.unknownSymbol })
        expect(spec.errors.unknownSymbol(answer.status, answer.body), answer.text).toBe(true)
        expect(spec.errors.native(answer.status, answer.body), answer.text).toBe(true)
      })

      it('errors are native (never a 5xx, never a crash), and the mock keeps serving', async () => {
        const url = new URL(spec.rest.klinesUrl({ symbol: spec.market.id, interval: primary, limit: 5 }))
        const broken = [
          `${url.origin}${url.pathname}`,
          `${url.origin}${url.pathname}?`,
          `${url.origin}${url.pathname}?${url.search.slice(1)}&${url.search.slice(1)}`,
          `${url.origin}${url.pathname}?%%%=%ZZ&=&&=x`,
          `${url.origin}${url.pathname}?${url.search.slice(1).replace(spec.market.id, `${spec.market.id}\u{1F4A5}`)}`,
          spec.rest.klinesUrl({ symbol: '', interval: primary }),
          spec.rest.klinesUrl({ symbol: spec.market.id, interval: '' }),
          spec.rest.klinesUrl({ symbol: spec.market.id, interval: primary, start: -1 }),
          spec.rest.klinesUrl({ symbol: spec.market.id, interval: primary, start: 1e300 }),
          spec.rest.klinesUrl({ symbol: 'x'.repeat(10_000), interval: 'y'.repeat(10_000), limit: '9'.repeat(400) }),
        ]
        for (const target of broken) {
          const answer = await fetchAnswer(target)
          expect(answer.status, `${target}: ${answer.text}`).toBeLessThan(500)
          if (answer.status !== 200) expect(spec.errors.native(answer.status, answer.body), `${target}: ${answer.text}`).toBe(true)
        }
        expect(await served({ limit: 5 })).toEqual(recent(primary, 5))
      })
    })

    describe('WebSocket klines', () => {
      const open = async () => new WsClient(exchange, spec.ws.url).open()
      const pushes = (frames: string[]) => frames.map((frame) => spec.ws.parsePush(frame)).filter((push): push is CanonicalPush => push !== undefined)
      const subscribe = async (client: WsClient, id = 1, interval = primary) => {
        const frames = await client.send(spec.ws.subscribe({ symbol: spec.market.id, interval, id }))
        expect(frames.some((frame) => spec.ws.isAck(frame, id)), `no ack among ${JSON.stringify(frames)}`).toBe(true)
      }
      const engineNow = () => exchange.engine.candleAt(spec.market.symbol, engineIntervalOf(primary), exchange.clock.now())

      it('a subscribe is acknowledged', async () => {
        const client = await open()
        await subscribe(client)
        expect(client.isOpen).toBe(true)
        await client.close()
      })

      it(`pushes follow the clock every ${spec.ws.cadenceMs(primary)} ms, each the engine's candle in progress`, async () => {
        const client = await open()
        await subscribe(client)
        const cadence = spec.ws.cadenceMs(primary)
        const steps = 8
        let pushed = 0
        let latest: CanonicalPush | undefined
        for (let i = 0; i < steps; i++) {
          const got = pushes(await client.advance(cadence))
          // One push per tick, or none when nothing changed and the exchange pushes only changes.
          expect(got.length).toBeLessThanOrEqual(1)
          if (!spec.ws.onlyChanges) expect(got).toHaveLength(1)
          pushed += got.length
          latest = got.at(-1) ?? latest
          expect(latest, 'no push yet').toBeDefined()
          const candle = engineNow()
          expect(latest).toMatchObject({ openTime: candle.openTime, close: candle.close, closed: false })
          for (const key of ['open', 'high', 'low', 'volume'] as const) if (latest![key] !== undefined) expect(latest![key]).toBe(candle[key])
        }
        expect(pushed).toBeGreaterThan(0)
        await client.close()
      })

      it('the closing update equals the REST candle of the same open time; then the next candle is pushed', async () => {
        const client = await open()
        await subscribe(client)
        const span = primarySpan()
        const openTime = openTimeOf(span, exchange.clock.now())
        const close = nextOpenTime(span, openTime)
        const got = pushes(await client.advance(close - exchange.clock.now()))
        const closing = got.filter((push) => push.closed)
        expect(closing).toHaveLength(1)
        expect(closing[0].openTime).toBe(openTime)
        expect(got.at(-1)).toBe(closing[0])
        const [rest] = await served({ start: openTime, end: openTime, limit: 1 })
        expect(rest.openTime).toBe(openTime)
        expect(closing[0].close).toBe(rest.close)
        for (const key of ['open', 'high', 'low', 'volume'] as const) if (closing[0][key] !== undefined) expect(closing[0][key]).toBe(rest[key])
        const next = pushes(await client.advance(2 * spec.ws.cadenceMs(primary)))
        expect(next.length).toBeGreaterThan(0)
        expect(next.every((push) => push.openTime === close && !push.closed)).toBe(true)
        await client.close()
      })

      it('unsubscribe stops the pushes', async () => {
        const client = await open()
        await subscribe(client)
        expect(pushes(await client.advance(3 * spec.ws.cadenceMs(primary))).length).toBeGreaterThan(0)
        const frames = await client.send(spec.ws.unsubscribe({ symbol: spec.market.id, interval: primary, id: 2 }))
        expect(frames.some((frame) => spec.ws.isAck(frame, 2)), `no ack among ${JSON.stringify(frames)}`).toBe(true)
        const span = primarySpan()
        const through = nextOpenTime(span, openTimeOf(span, exchange.clock.now())) + 3 * spec.ws.cadenceMs(primary) - exchange.clock.now()
        expect(pushes(await client.advance(through))).toEqual([])
        expect(client.isOpen).toBe(true)
        await client.close()
      })

      it('bad frames get a native error or nothing; the connection and the mock keep serving', async () => {
        const client = await open()
        for (const frame of ['not json', '{}', '[1,2,3]']) {
          const answers = await client.send(frame)
          expect(answers.every((answer) => spec.ws.isError(answer)), `${frame} → ${JSON.stringify(answers)}`).toBe(true)
          expect(client.isOpen).toBe(true)
        }
        await subscribe(client, 7)
        expect(pushes(await client.advance(2 * spec.ws.cadenceMs(primary))).length).toBeGreaterThan(0)
        // Another client, and REST, are served as well.
        const other = await open()
        await subscribe(other, 8)
        expect(await served({ limit: 3 })).toEqual(recent(primary, 3))
        await Promise.all([client.close(), other.close()])
      })

      describe('every listed interval streams, aligned like the engine', () => {
        it.each(spec.intervals.map((i) => [i.wire]))('%s', async (wire) => {
          // Subscribing on a whole minute, the first tick is one cadence later whether the exchange
          // pushes on a grid of its own or counts from the subscription.
          await exchange.clock.advance(12 * 3_600_000 + 60_000)
          const client = await open()
          await subscribe(client, 1, wire)
          const got = pushes(await client.advance(spec.ws.cadenceMs(wire)))
          expect(got.length, `no push for ${wire}`).toBeGreaterThan(0)
          const last = got.at(-1)!
          const interval = parseInterval(engineIntervalOf(wire))
          const now = exchange.clock.now()
          // At a candle boundary (e.g. 1s pushed every second) the update is the closing one.
          const expected = last.closed ? oracle(wire, previousOpen(interval, openTimeOf(interval, now)), now)[0] : toRow(exchange.engine.candleAt(spec.market.symbol, engineIntervalOf(wire), now))
          expect(last.openTime).toBe(expected.openTime)
          expect(last.close).toBe(expected.close)
          for (const key of ['open', 'high', 'low', 'volume'] as const) if (last[key] !== undefined) expect(last[key]).toBe(expected[key])
          await client.close()
        })
      })

      it('two clients on the same stream get the same pushes', async () => {
        const [a, b] = [await open(), await open()]
        await subscribe(a, 1)
        await subscribe(b, 1)
        const before = [a.frames.length, b.frames.length]
        await exchange.clock.advance(4 * spec.ws.cadenceMs(primary))
        await Promise.all([a.settle(), b.settle()])
        expect(pushes(a.frames.slice(before[0]))).toEqual(pushes(b.frames.slice(before[1])))
        await Promise.all([a.close(), b.close()])
      })
    })
  })
}
