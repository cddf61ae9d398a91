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
  type ExchangePlugin,
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

/** Whether an answer (HTTP status, parsed JSON body — `undefined` when the body is not JSON — and the raw text) is a given native error. */
export type ErrorPredicate = (status: number, body: unknown, text?: string) => boolean

/** A klines request as fetch takes it: for exchanges that do not read a GET query (e.g. a POST with a JSON body). */
export interface KlinesFetch {
  url: string
  init?: RequestInit
}

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
  /** The exchange: its ExchangeType, or a plugin object (for one not in the registry). */
  type: ExchangeType | ExchangePlugin
  /** The market every check uses: its canonical symbol, price, and the exchange's id for it. */
  market: { symbol: string; id: string; price: number }
  /** A well-formed id the exchange does not list. */
  unknownSymbol: string

  rest: {
    /** The GET URL of a klines request. Required unless `klinesRequest` is given. */
    klinesUrl?(request: KlinesRequest): string
    /** The whole request (URL and fetch init); used instead of `klinesUrl` when present. */
    klinesRequest?(request: KlinesRequest): KlinesFetch
    /** The rows of a 200 answer, in the order served. */
    parse(body: unknown): CanonicalRow[]
    /** Whether rows come newest first (the candle in progress is then the first row). */
    newestFirst: boolean
    /** Whether a row opening exactly at `end` is included. */
    endInclusive: boolean
    /** Whether native error answers are not JSON (text bodies); 200 answers must be JSON either way. Default false. */
    textErrors?: boolean
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
    /**
     * True when the exchange has no limit parameter: the suite then applies `start`, `end`
     * and a count `limit` to the parsed rows on the client side, as ccxt's filterBySinceLimit
     * does (the first `limit` rows from `start`, or the last `limit` without one); `default`
     * and `max` are what the exchange serves per request. The spec must still make the `bad`
     * values reach the exchange as something it refuses natively. Default false.
     */
    clientSide?: boolean
  }

  errors: {
    /** Any native error answer of the exchange (its status and body shape). */
    native: ErrorPredicate
    unknownSymbol: ErrorPredicate
    badInterval: ErrorPredicate
    badLimit: ErrorPredicate
  }

  ws: TextWsSpec | BinaryWsSpec
}

/** What the suite knows of a frame besides its content: when the exchange sent it (its clock, ms), for wires that do not say. */
export interface PushMeta {
  sentAt: number
}

/** The stream protocol, common part. */
interface WsSpecBase {
  url: string
  subscribe(request: { symbol: string; interval: string; id: number }): string
  unsubscribe(request: { symbol: string; interval: string; id: number }): string
  /** Whether a (text) frame acknowledges the (un)subscribe with this id. */
  isAck(frame: string, id: number): boolean
  /** Whether a (text) frame is the exchange's native error frame. */
  isError(frame: string): boolean
  /** Push cadence of the candle in progress. */
  cadenceMs(interval: string): number
  /** True when an unchanged candle is not pushed again (so there may be fewer pushes than ticks). */
  onlyChanges: boolean
  /**
   * For exchanges that close a connection the client has been silent on: a frame (e.g. a
   * ping) the suite sends at least every `everyMs` of exchange time while it moves the
   * clock for a client. Its answers are neither pushes nor acks. Default: none.
   */
  keepAlive?: { frame: string; everyMs: number }
  /**
   * A clean close (code 1000) the exchange makes of a connection left without a
   * subscription (e.g. MEXC spot's "No valid subscription"): after an unsubscribe, the
   * connection may end with it instead of staying open. Default: none (it must stay open).
   */
  unsubscribedClose?: string
}

/** A stream whose frames are all read as text (binary ones too, decoded as UTF-8): the default. */
export interface TextWsSpec extends WsSpecBase {
  binaryFrames?: false
  /** A kline push, or undefined for any other frame. */
  parsePush(frame: string, meta: PushMeta): CanonicalPush | undefined
}

/**
 * A stream with binary pushes the spec reads (e.g. protobuf): binary frames reach
 * `parsePush` as bytes; `isAck` and `isError` see only the text frames (a binary frame is
 * never an ack, nor an answer to a bad frame).
 */
export interface BinaryWsSpec extends WsSpecBase {
  binaryFrames: true
  /** A kline push, or undefined for any other frame. */
  parsePush(frame: string | Uint8Array, meta: PushMeta): CanonicalPush | undefined
}

/** Tuesday 2026-03-10 12:00 UTC: candles of every interval have a long history behind them. */
const T0 = Date.UTC(2026, 2, 10, 12)
const SEED = 42

/** Every answer must be an exchange's own: never a 5xx, and JSON (error answers may be text when the spec says so). */
function expectNotBroken(answer: Answer, textErrors = false): void {
  expect(answer.status, answer.text).toBeLessThan(500)
  if (!textErrors || answer.status === 200) expect(answer.json, `not JSON: ${answer.text.slice(0, 200)}`).toBe(true)
}

/** What a client does with a page when the exchange has no limit: rows from start up to end, the first `limit` — or the last `limit` without a start. */
function clientSide(rows: CanonicalRow[], request: KlinesRequest, endInclusive: boolean): CanonicalRow[] {
  let kept = rows.filter(
    (row) =>
      (request.start === undefined || row.openTime >= request.start) &&
      (request.end === undefined || (endInclusive ? row.openTime <= request.end : row.openTime < request.end)),
  )
  const limit = request.limit === undefined ? undefined : Number(request.limit)
  if (limit !== undefined && Number.isInteger(limit) && limit > 0) kept = request.start === undefined ? kept.slice(-limit) : kept.slice(0, limit)
  return kept
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

    /** The fetch of a klines request: `klinesRequest` when the spec has it, else a GET of `klinesUrl`. */
    const klinesFetch = (request: KlinesRequest): KlinesFetch => {
      if (spec.rest.klinesRequest) return spec.rest.klinesRequest(request)
      if (!spec.rest.klinesUrl) throw new Error('spec: rest needs klinesUrl or klinesRequest')
      return { url: spec.rest.klinesUrl(request) }
    }
    /** An error predicate applied to an answer. */
    const is = (predicate: ErrorPredicate, answer: Answer) => predicate(answer.status, answer.json ? answer.body : undefined, answer.text)
    const klines = async (partial: Partial<KlinesRequest>): Promise<Answer & { request: KlinesRequest }> => {
      const request = { symbol: spec.market.id, interval: primary, ...partial }
      const target = klinesFetch(request)
      const answer = await fetchAnswer(target.url, target.init)
      expectNotBroken(answer, spec.rest.textErrors)
      return { ...answer, request }
    }
    const rowsOf = (answer: Answer & { request: KlinesRequest }): CanonicalRow[] => {
      expect(answer.status, answer.text.slice(0, 300)).toBe(200)
      const rows = spec.rest.parse(answer.body)
      if (!spec.limit.clientSide) return rows
      const kept = clientSide(chronological(rows), answer.request, spec.rest.endInclusive)
      return chronological(kept)
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
        else expect(is(spec.errors.badLimit, answer), answer.text).toBe(true)
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
          expect(is(spec.errors.badInterval, answer), answer.text).toBe(true)
          expect(is(spec.errors.native, answer), answer.text).toBe(true)
        })
      })

      describe('a bad limit is refused natively', () => {
        it.each(spec.limit.bad.map((value) => [value]))('%j', async (value) => {
          const answer = await klines({ limit: value })
          expect(is(spec.errors.badLimit, answer), answer.text).toBe(true)
          expect(is(spec.errors.native, answer), answer.text).toBe(true)
        })
      })

      it('an unknown symbol is refused natively', async () => {
        const answer = await klines({ symbol: spec.unknownSymbol })
        expect(is(spec.errors.unknownSymbol, answer), answer.text).toBe(true)
        expect(is(spec.errors.native, answer), answer.text).toBe(true)
      })

      it('errors are native (never a 5xx, never a crash), and the mock keeps serving', async () => {
        const good = klinesFetch({ symbol: spec.market.id, interval: primary, limit: 5 })
        const url = new URL(good.url)
        const emoji = (text: string) => text.replace(spec.market.id, `${spec.market.id}\u{1F4A5}`)
        const broken: KlinesFetch[] = [
          { url: `${url.origin}${url.pathname}`, init: good.init },
          { url: `${url.origin}${url.pathname}?`, init: good.init },
          { url: `${url.origin}${url.pathname}?${url.search.slice(1)}&${url.search.slice(1)}`, init: good.init },
          { url: `${url.origin}${url.pathname}?%%%=%ZZ&=&&=x`, init: good.init },
          { url: `${url.origin}${url.pathname}?${emoji(url.search.slice(1))}`, init: good.init },
          klinesFetch({ symbol: '', interval: primary }),
          klinesFetch({ symbol: spec.market.id, interval: '' }),
          klinesFetch({ symbol: spec.market.id, interval: primary, start: -1 }),
          klinesFetch({ symbol: spec.market.id, interval: primary, start: 1e300 }),
          klinesFetch({ symbol: 'x'.repeat(10_000), interval: 'y'.repeat(10_000), limit: '9'.repeat(400) }),
        ]
        // A request with a body: the same body broken in the same ways (and the method without one).
        const body = good.init?.body
        if (typeof body === 'string') {
          const init = good.init!
          broken.push(
            { url: good.url, init: { ...init, body: undefined } },
            ...['', body + body, '%%%=%ZZ&=&&=x', emoji(body), 'not json', '{}', '[1,2,3]', 'null', body.slice(0, -1)].map((text) => ({ url: good.url, init: { ...init, body: text } })),
          )
        }
        for (const target of broken) {
          const answer = await fetchAnswer(target.url, target.init)
          const what = `${target.url} ${String(target.init?.body ?? '').slice(0, 200)}`
          expect(answer.status, `${what}: ${answer.text}`).toBeLessThan(500)
          if (answer.status !== 200) expect(is(spec.errors.native, answer), `${what}: ${answer.text}`).toBe(true)
        }
        expect(await served({ limit: 5 })).toEqual(recent(primary, 5))
      })
    })

    describe('WebSocket klines', () => {
      const open = async () => new WsClient(exchange, spec.ws.url).open()
      /** The frames the spec reads: binary ones as bytes when it opts in, else all as text. */
      type Frame = { data: string | Uint8Array; sentAt: number }
      const framesOf = (client: WsClient, from = 0): Frame[] =>
        (spec.ws.binaryFrames ? client.messages : client.frames).slice(from).map((data, i) => ({ data, sentAt: client.sentAt(from + i) ?? exchange.clock.now() }))
      /** Runs a client action and returns the frames it brought, as the spec reads them. */
      const during = async (client: WsClient, action: () => Promise<unknown>) => {
        const before = client.frames.length
        await action()
        return framesOf(client, before)
      }
      const send = (client: WsClient, frame: string) => during(client, () => client.send(frame))
      const advance = (client: WsClient, ms: number) =>
        during(client, async () => {
          const keepAlive = spec.ws.keepAlive
          if (!keepAlive) return client.advance(ms)
          for (let left = ms; left > 0; left -= keepAlive.everyMs) {
            await client.send(keepAlive.frame)
            await client.advance(Math.min(left, keepAlive.everyMs))
          }
        })
      const texts = (frames: Frame[]) => frames.map((frame) => frame.data).filter((data): data is string => typeof data === 'string')
      const parsePush = ({ data, sentAt }: Frame): CanonicalPush | undefined =>
        spec.ws.binaryFrames ? spec.ws.parsePush(data, { sentAt }) : spec.ws.parsePush(typeof data === 'string' ? data : new TextDecoder().decode(data), { sentAt })
      const pushes = (frames: Frame[]) => frames.map(parsePush).filter((push): push is CanonicalPush => push !== undefined)
      const subscribe = async (client: WsClient, id = 1, interval = primary) => {
        const frames = texts(await send(client, spec.ws.subscribe({ symbol: spec.market.id, interval, id })))
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
          const got = pushes(await advance(client, cadence))
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
        const got = pushes(await advance(client, close - exchange.clock.now()))
        const closing = got.filter((push) => push.closed)
        expect(closing).toHaveLength(1)
        expect(closing[0].openTime).toBe(openTime)
        expect(got.at(-1)).toBe(closing[0])
        const [rest] = await served({ start: openTime, end: spec.rest.endInclusive ? openTime : openTime + 1, limit: 1 })
        expect(rest.openTime).toBe(openTime)
        expect(closing[0].close).toBe(rest.close)
        for (const key of ['open', 'high', 'low', 'volume'] as const) if (closing[0][key] !== undefined) expect(closing[0][key]).toBe(rest[key])
        const next = pushes(await advance(client, 2 * spec.ws.cadenceMs(primary)))
        expect(next.length).toBeGreaterThan(0)
        expect(next.every((push) => push.openTime === close && !push.closed)).toBe(true)
        await client.close()
      })

      it('unsubscribe stops the pushes', async () => {
        const client = await open()
        await subscribe(client)
        expect(pushes(await advance(client, 3 * spec.ws.cadenceMs(primary))).length).toBeGreaterThan(0)
        const frames = texts(await send(client, spec.ws.unsubscribe({ symbol: spec.market.id, interval: primary, id: 2 })))
        expect(frames.some((frame) => spec.ws.isAck(frame, 2)), `no ack among ${JSON.stringify(frames)}`).toBe(true)
        const span = primarySpan()
        const through = nextOpenTime(span, openTimeOf(span, exchange.clock.now())) + 3 * spec.ws.cadenceMs(primary) - exchange.clock.now()
        expect(pushes(await advance(client, through))).toEqual([])
        if (spec.ws.unsubscribedClose !== undefined && client.closed) expect(client.closed).toEqual({ code: 1000, reason: spec.ws.unsubscribedClose })
        else expect(client.isOpen, JSON.stringify(client.closed)).toBe(true)
        await client.close()
      })

      it('bad frames get a native error or nothing; the connection and the mock keep serving', async () => {
        const client = await open()
        for (const frame of ['not json', '{}', '[1,2,3]']) {
          const answers = await send(client, frame)
          expect(answers.every(({ data }) => typeof data === 'string' && spec.ws.isError(data)), `${frame} → ${JSON.stringify(answers.map(({ data }) => String(data)))}`).toBe(true)
          expect(client.isOpen).toBe(true)
        }
        await subscribe(client, 7)
        expect(pushes(await advance(client, 2 * spec.ws.cadenceMs(primary))).length).toBeGreaterThan(0)
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
          const got = pushes(await advance(client, spec.ws.cadenceMs(wire)))
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
        expect(pushes(framesOf(a, before[0]))).toEqual(pushes(framesOf(b, before[1])))
        await Promise.all([a.close(), b.close()])
      })
    })
  })
}
