import { MockExchangeError } from '../errors.js'

/** A mistake in how the CLI was called: the message, then the usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/** ms since the epoch, or ISO text; a time without a zone is UTC ('2026-01-01', '2026-01-01T12:00'). */
export function parseTime(text: string, flag: string): number {
  const trimmed = text.trim()
  if (/^-?\d+$/.test(trimmed)) return Number(trimmed)
  const zoned = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(trimmed) ? `${trimmed}Z` : trimmed
  const time = Date.parse(zoned)
  if (!Number.isFinite(time)) throw new UsageError(`${flag} ${JSON.stringify(text)} is not a time: give ISO text (2026-01-01T00:00:00Z; UTC when no zone) or ms since the epoch.`)
  return time
}

export function parseNumber(text: string, flag: string, check: (n: number) => boolean = Number.isFinite, what = 'a number'): number {
  const value = Number(text)
  if (text.trim() === '' || !check(value)) throw new UsageError(`${flag} ${JSON.stringify(text)} is not ${what}.`)
  return value
}

/** A seed: an integer, or any other text (hashed by the engine). */
export function parseSeed(text: string): number | string {
  return /^-?\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text
}

export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new UsageError(`${what} is not JSON: ${(error as Error).message}`)
  }
}

/** An error for the user (ours or a usage mistake) as one line; anything else with its stack. */
export function describeError(error: unknown): string {
  if (error instanceof MockExchangeError || error instanceof UsageError) return error.message
  return error instanceof Error ? (error.stack ?? error.message) : String(error)
}
