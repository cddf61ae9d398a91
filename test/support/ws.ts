import type { JournalEntry, MockExchangeController } from '../../src/index.js'
import { turn } from './wait.js'

/** Lets the event loop turn (no timers) until the journal holds a matching entry; fails after `turns`. */
export async function untilFrame(exchange: MockExchangeController, match: (entry: JournalEntry & { data?: string }) => boolean, turns = 2_000): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (exchange.journal.entries.some((e) => match(e as JournalEntry & { data?: string }))) return
    await turn()
  }
  throw new Error(`no matching journal entry after ${turns} turns; journal: ${JSON.stringify(exchange.journal.entries.slice(-5))}`)
}
