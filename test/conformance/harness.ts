/**
 * Timer-free helpers shared by the conformance suite and the fuzz tests: letting the
 * event loop turn a bounded number of times, and a `ws`-package client that knows how
 * many frames the mock sent it (from the journal), so a test can wait for exactly those.
 */
import WebSocket from 'ws'
import type { MockExchangeController } from '../../src/index.js'

export const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** Whether a promise settled, its value or error; never a real timer. */
export type Settled<T> = { state: 'fulfilled'; value: T } | { state: 'rejected'; error: unknown } | { state: 'pending' }

/** Lets the event loop turn up to `turns` times; 'pending' when `promise` is still unsettled by then (a hang). */
export async function settleWithin<T>(promise: Promise<T>, turns = 500): Promise<Settled<T>> {
  let result: Settled<T> = { state: 'pending' }
  promise.then(
    (value) => (result = { state: 'fulfilled', value }),
    (error: unknown) => (result = { state: 'rejected', error }),
  )
  for (let i = 0; i < turns && result.state === 'pending'; i++) await turn()
  return result
}

/** Lets the event loop turn until `done()` or `turns` turns; returns `done()`. */
export async function turnUntil(done: () => boolean, turns = 500): Promise<boolean> {
  for (let i = 0; i < turns && !done(); i++) await turn()
  return done()
}

/** A REST answer as a fuzz property sees it: what fetch gave, or how it failed. */
export interface Answer {
  status: number
  headers: Headers
  text: string
  body: unknown
  json: boolean
}

/** fetch(url) that must settle within a bounded number of turns; throws a readable error on a hang or a rejection. */
export async function fetchAnswer(url: string, init?: RequestInit, turns = 500): Promise<Answer> {
  const settled = await settleWithin(
    fetch(url, init).then(async (response) => ({ status: response.status, headers: response.headers, text: await response.text() })),
    turns,
  )
  if (settled.state === 'pending') throw new Error(`${init?.method ?? 'GET'} ${url} did not settle within ${turns} event-loop turns (a hang)`)
  if (settled.state === 'rejected') throw new Error(`${init?.method ?? 'GET'} ${url} rejected: ${String((settled.error as Error)?.stack ?? settled.error)}`)
  const { status, headers, text } = settled.value
  let body: unknown
  let json = true
  try {
    body = JSON.parse(text)
  } catch {
    json = false
  }
  return { status, headers, text, body, json }
}

/** A binary frame's bytes, whatever shape `ws` handed it in. */
function bytesOf(data: WebSocket.RawData): Uint8Array {
  const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data)
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength).slice()
}

/**
 * One in-process WebSocket connection through the `ws` package (real protocol, with
 * pings). `frames` holds what arrived; `settle()` waits, without timers, until every
 * frame the mock's journal says it sent this connection has arrived.
 */
export class WsClient {
  readonly frames: string[] = []
  /** The same frames, but binary ones kept as bytes (text frames are strings in both). */
  readonly messages: Array<string | Uint8Array> = []
  readonly socket: WebSocket
  closed: { code: number; reason: string } | undefined
  private connection: number | undefined
  private readonly opened: Promise<void>

  constructor(
    private readonly exchange: MockExchangeController,
    url: string,
  ) {
    this.socket = new WebSocket(url, exchange.wsClientOptions())
    this.socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      this.frames.push(String(data))
      this.messages.push(isBinary ? bytesOf(data) : String(data))
    })
    this.socket.on('close', (code: number, reason: Buffer) => (this.closed = { code, reason: String(reason) }))
    this.socket.on('error', () => undefined)
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve())
      this.socket.once('close', () => reject(new Error(`the connection to ${url} closed before it opened`)))
    })
  }

  /** Waits for the handshake, then learns the mock's id for this connection (the newest one opened). */
  async open(): Promise<this> {
    const settled = await settleWithin(this.opened)
    if (settled.state === 'pending') throw new Error('the WebSocket handshake did not finish within 500 event-loop turns')
    if (settled.state === 'rejected') throw settled.error
    const opens = this.exchange.journal.entries.filter((e) => e.kind === 'ws-open')
    this.connection = (opens.at(-1) as { connection: number } | undefined)?.connection
    return this
  }

  /** The exchange time at which the mock sent this connection's `index`-th frame (its journal), if it did. */
  sentAt(index: number): number | undefined {
    const sent = this.exchange.journal.entries.filter((e) => e.kind === 'ws-out' && e.connection === this.connection)
    return sent[index]?.time
  }

  /** Frames the mock has sent this connection so far (its journal). */
  get sent(): number {
    return this.exchange.journal.entries.filter((e) => e.kind === 'ws-out' && e.connection === this.connection).length
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN
  }

  /** Waits until every frame the mock sent has arrived (or the socket closed); false after `turns` turns. */
  async settle(turns = 500): Promise<boolean> {
    return turnUntil(() => this.frames.length >= this.sent || this.closed !== undefined, turns)
  }

  /** Sends a frame (text, or binary for a Uint8Array) and waits for whatever it causes to arrive. */
  async send(frame: string | Uint8Array): Promise<string[]> {
    const before = this.frames.length
    this.socket.send(frame, { binary: typeof frame !== 'string' })
    // The frame goes through an in-memory stream first: wait until the mock has read it, then for its answers.
    const inbound = this.exchange.journal.entries.filter((e) => e.kind === 'ws-in' && e.connection === this.connection).length
    await turnUntil(() => this.exchange.journal.entries.filter((e) => e.kind === 'ws-in' && e.connection === this.connection).length > inbound || this.closed !== undefined)
    await this.settle()
    return this.frames.slice(before)
  }

  /** Moves the exchange clock and waits for the frames that fell due. */
  async advance(ms: number): Promise<string[]> {
    const before = this.frames.length
    await this.exchange.clock.advance(ms)
    await this.settle()
    return this.frames.slice(before)
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.socket.close()
    await turnUntil(() => this.closed !== undefined)
    if (!this.closed) this.socket.terminate()
  }
}
