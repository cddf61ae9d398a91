import type { Candle, IntervalInput, ListedMarket, WsSocket } from '../../src/index.js'

export interface Timer {
  due: number
  every?: number
  fn: () => void
  stopped: boolean
}

export interface Follow {
  market: ListedMarket
  interval: IntervalInput
  cadenceMs: number
  onUpdate: (candle: Candle, closed: boolean) => void
  stopped: boolean
}

/** A WsSocket on a virtual clock: records frames, closes, pings; `advance` runs the timers that fall due. */
export class FakeSocket implements WsSocket {
  readonly url: URL
  readonly rejected = new Set<string>()
  readonly sent: string[] = []
  readonly pings: string[] = []
  readonly follows: Follow[] = []
  closedWith: { code: number; reason?: string } | undefined
  private readonly timers: Timer[] = []

  rejects(channel: string): boolean {
    return this.rejected.has(channel)
  }

  constructor(
    url: string,
    readonly clock: { now: number },
    readonly supportsPing = true,
  ) {
    this.url = new URL(url)
  }

  send(frame: string | Uint8Array): void {
    if (!this.closedWith) this.sent.push(String(frame))
  }
  close(code: number, reason?: string): void {
    this.closedWith ??= { code, reason }
  }
  ping(payload?: Uint8Array): void {
    this.pings.push(new TextDecoder().decode(payload))
  }
  follow(market: ListedMarket, interval: IntervalInput, cadenceMs: number, onUpdate: (candle: Candle, closed: boolean) => void): () => void {
    const entry: Follow = { market, interval, cadenceMs, onUpdate, stopped: false }
    this.follows.push(entry)
    return () => {
      entry.stopped = true
    }
  }
  every(ms: number, fn: () => void): () => void {
    return this.schedule({ due: this.clock.now + ms, every: ms, fn, stopped: false })
  }
  after(ms: number, fn: () => void): () => void {
    return this.schedule({ due: this.clock.now + ms, fn, stopped: false })
  }
  private schedule(timer: Timer): () => void {
    this.timers.push(timer)
    return () => {
      timer.stopped = true
    }
  }

  advance(ms: number): void {
    const end = this.clock.now + ms
    for (;;) {
      const next = this.timers.filter((t) => !t.stopped && t.due <= end).sort((a, b) => a.due - b.due)[0]
      if (!next || this.closedWith) break
      this.clock.now = next.due
      if (next.every) next.due += next.every
      else next.stopped = true
      next.fn()
    }
    this.clock.now = end
  }

  get frames(): any[] {
    return this.sent.map((frame) => JSON.parse(frame))
  }
  get live(): Follow[] {
    return this.follows.filter((f) => !f.stopped)
  }
}
