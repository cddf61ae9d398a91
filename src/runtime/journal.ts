/** What the mock saw: REST requests and WebSocket frames both ways, in order. */
export type JournalEntry =
  | { kind: 'request'; time: number; exchange: string; method: string; url: string; route: string | undefined; status: number }
  | { kind: 'ws-open'; time: number; exchange: string; url: string; connection: number }
  | { kind: 'ws-in'; time: number; exchange: string; connection: number; data: string }
  | { kind: 'ws-out'; time: number; exchange: string; connection: number; data: string }
  | { kind: 'ws-close'; time: number; exchange: string; connection: number; code: number; by: 'client' | 'server' }

export class Journal {
  readonly entries: JournalEntry[] = []

  record(entry: JournalEntry): void {
    this.entries.push(entry)
  }

  get requests(): Extract<JournalEntry, { kind: 'request' }>[] {
    return this.entries.filter((e): e is Extract<JournalEntry, { kind: 'request' }> => e.kind === 'request')
  }

  get frames(): Extract<JournalEntry, { kind: 'ws-in' | 'ws-out' }>[] {
    return this.entries.filter((e): e is Extract<JournalEntry, { kind: 'ws-in' | 'ws-out' }> => e.kind === 'ws-in' || e.kind === 'ws-out')
  }

  clear(): void {
    this.entries.length = 0
  }
}

export function frameText(data: string | Uint8Array): string {
  return typeof data === 'string' ? data : `<binary ${data.byteLength} bytes>`
}
