import { Rejected, type Bar, type CandleSource } from './source.js'

/** What the feed is doing; anything but 'loading' and 'live' is trouble the chart shows in its banner. */
export type FeedStatus =
  | { kind: 'loading' }
  | { kind: 'live' }
  | { kind: 'reconnecting'; attempt: number; retryInMs: number; code: number }
  | { kind: 'rate-limited'; status: number; retryInMs: number }
  | { kind: 'exchange-error'; status: number; retryInMs: number }
  | { kind: 'network-error'; retryInMs: number }
  | { kind: 'failed'; status: number; message: string }
  | { kind: 'stopped' }

export interface FeedOptions {
  /** The exchange, market and interval: `binance({ … })`, `bybit({ … })`. */
  source: CandleSource
  /** Candles of history to load first. Default 300. */
  history?: number
  /** How long to wait before retry `attempt` (1, 2, …); `retryAfterMs` is the server's Retry-After when it sent one. */
  retryDelay?(attempt: number, retryAfterMs: number | undefined): number
  /** Waits `ms` (real time by default); tests pass their own to control retries without sleeping. */
  wait?(ms: number, signal: AbortSignal): Promise<void>
}

export interface FeedListener {
  /** The whole series changed (history loaded, or a backfill after a reconnect). */
  reset(bars: readonly Bar[]): void
  /** The newest candle changed, or a new one opened. */
  update(bar: Bar): void
  status(status: FeedStatus): void
}

/** WebSocket.OPEN, without reading the (possibly patched) global class. */
const OPEN = 1

/** A listener's error, thrown where the page (or the test runner) sees it instead of stalling the feed. */
function reportLater(error: unknown): void {
  queueMicrotask(() => {
    throw error
  })
}

/** The bars kept (the oldest go first). */
const MAX_BARS = 5000

export const defaultRetryDelay = (attempt: number, retryAfterMs: number | undefined): number =>
  retryAfterMs ?? Math.min(1000 * 2 ** (attempt - 1), 30_000)

function realWait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
    function done() {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
  })
}

class HttpTrouble extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterMs: number | undefined,
  ) {
    super(`HTTP ${status}`)
  }
}

/**
 * Candles of one market: history over REST, then the exchange's stream over the
 * global WebSocket. A dropped stream is reopened with backoff and the candles missed
 * meanwhile are fetched again over REST (live frames are held until that backfill is in,
 * then applied on top). 429/418 and 5xx answers are retried after Retry-After or backoff.
 */
export class CandleFeed {
  private readonly byTime = new Map<number, Bar>()
  private sorted: Bar[] = []
  private socket: WebSocket | undefined
  private connections = 0
  private reconnects = 0
  /** Live bars held while REST syncs are pending (undefined when none is). */
  private held: Bar[] | undefined
  private syncs = 0
  private queue: Promise<void> = Promise.resolve()
  private readonly abort = new AbortController()
  private current: FeedStatus = { kind: 'loading' }
  private readonly retryDelay: NonNullable<FeedOptions['retryDelay']>
  private readonly wait: NonNullable<FeedOptions['wait']>

  constructor(
    readonly options: FeedOptions,
    private readonly listener: FeedListener,
  ) {
    this.retryDelay = options.retryDelay ?? defaultRetryDelay
    this.wait = options.wait ?? realWait
  }

  get bars(): readonly Bar[] {
    return this.sorted
  }

  get status(): FeedStatus {
    return this.current
  }

  get stopped(): boolean {
    return this.abort.signal.aborted
  }

  start(): void {
    this.sync(undefined)
    this.connect()
  }

  stop(): void {
    if (this.stopped) return
    this.abort.abort()
    this.socket?.close(1000, 'chart closed')
    this.socket = undefined
    this.setStatus({ kind: 'stopped' })
  }

  // ── REST ──

  /** History (since undefined) or a backfill from `since`; syncs run one after another. */
  private sync(since: number | undefined): void {
    this.syncs++
    this.held ??= []
    this.queue = this.queue
      .then(() => this.load(since))
      .finally(() => {
        if (--this.syncs > 0 || this.stopped) return
        const held = this.held ?? []
        this.held = undefined
        for (const bar of held) this.apply(bar)
        if (this.current.kind === 'failed') return
        if (this.open) this.setStatus({ kind: 'live' })
        else if (this.current.kind !== 'reconnecting') this.setStatus({ kind: 'loading' })
      })
      .catch(reportLater)
  }

  private async load(since: number | undefined): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        this.merge(await this.fetchBars(since))
        return
      } catch (error) {
        if (this.stopped) return
        const trouble = error instanceof HttpTrouble ? error : undefined
        if (error instanceof Rejected || (trouble && trouble.status < 500 && trouble.status !== 429 && trouble.status !== 418)) {
          this.setStatus({ kind: 'failed', status: trouble?.status ?? 200, message: (error as Error).message })
          return
        }
        const retryInMs = this.retryDelay(attempt, trouble?.retryAfterMs)
        if (!trouble) this.setStatus({ kind: 'network-error', retryInMs })
        else if (trouble.status >= 500) this.setStatus({ kind: 'exchange-error', status: trouble.status, retryInMs })
        else this.setStatus({ kind: 'rate-limited', status: trouble.status, retryInMs })
        await this.wait(retryInMs, this.abort.signal)
      }
    }
  }

  /** Pages forward from `since` until the candle in progress. */
  private async fetchBars(since: number | undefined): Promise<Bar[]> {
    const { source } = this.options
    const limit = Math.min(since === undefined ? (this.options.history ?? 300) : source.maxLimit, source.maxLimit)
    const bars: Bar[] = []
    for (let startTime = since; ; ) {
      const response = await fetch(source.historyUrl({ limit, startTime }), { signal: this.abort.signal })
      if (!response.ok) {
        const retryAfter = Number(response.headers.get('Retry-After'))
        throw new HttpTrouble(response.status, retryAfter > 0 ? retryAfter * 1000 : undefined)
      }
      const body: unknown = await response.json().catch(() => {
        throw new HttpTrouble(502, undefined) // a body that is not JSON: retried like a bad gateway
      })
      let page: Bar[]
      try {
        page = source.parseHistory(body)
      } catch (error) {
        if (error instanceof Rejected) throw error
        throw new HttpTrouble(502, undefined)
      }
      bars.push(...page)
      if (since === undefined || page.length < limit) return bars
      startTime = bars[bars.length - 1].time + 1
    }
  }

  private merge(bars: readonly Bar[]): void {
    if (bars.length === 0) return
    for (const bar of bars) this.byTime.set(bar.time, bar)
    this.sorted = [...this.byTime.values()].sort((a, b) => a.time - b.time)
    for (const old of this.sorted.splice(0, Math.max(0, this.sorted.length - MAX_BARS))) this.byTime.delete(old.time)
    this.listener.reset(this.sorted)
  }

  // ── WebSocket ──

  private connect(): void {
    if (this.stopped) return
    const { source } = this.options
    let socket: WebSocket
    try {
      socket = new WebSocket(source.streamUrl)
    } catch {
      void this.reconnect(1006)
      return
    }
    this.socket = socket
    let heartbeat: ReturnType<typeof setInterval> | undefined
    socket.addEventListener('open', () => {
      if (this.socket !== socket) return
      for (const frame of source.subscribe()) socket.send(frame)
      if (source.heartbeat) heartbeat = setInterval(() => socket.send(source.heartbeat!.frame), source.heartbeat.everyMs)
      if (this.connections++ > 0) this.sync(this.sorted.at(-1)?.time)
      else if (this.syncs === 0 && this.current.kind !== 'failed') this.setStatus({ kind: 'live' })
    })
    socket.addEventListener('message', (event) => {
      if (this.socket !== socket || typeof event.data !== 'string') return
      for (const bar of source.parseFrame(event.data)) {
        if (this.held) this.held.push(bar)
        else this.apply(bar)
      }
    })
    socket.addEventListener('close', (event) => {
      clearInterval(heartbeat)
      if (this.socket !== socket) return
      this.socket = undefined
      void this.reconnect(event.code)
    })
  }

  private async reconnect(code: number): Promise<void> {
    if (this.stopped) return
    const attempt = ++this.reconnects
    const retryInMs = this.retryDelay(attempt, undefined)
    this.setStatus({ kind: 'reconnecting', attempt, retryInMs, code })
    await this.wait(retryInMs, this.abort.signal)
    this.connect()
  }

  /** A live update: the candle in progress, or a new one. Older frames (reordered, late) are ignored. */
  private apply(bar: Bar): void {
    const last = this.sorted.at(-1)
    if (last && bar.time < last.time) return
    this.byTime.set(bar.time, bar)
    if (last && last.time === bar.time) this.sorted[this.sorted.length - 1] = bar
    else this.sorted.push(bar)
    if (this.current.kind !== 'live' && this.current.kind !== 'failed' && this.open && this.syncs === 0) this.setStatus({ kind: 'live' })
    this.reconnects = 0
    this.listener.update(bar)
  }

  private get open(): boolean {
    return this.socket?.readyState === OPEN
  }

  private setStatus(status: FeedStatus): void {
    this.current = status
    this.listener.status(status)
  }
}
