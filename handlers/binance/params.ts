import { duplicateParameter, illegalCharacters, mandatoryMissing, unreadParameters } from './errors.js'

export const SYMBOL_RANGE = '^[A-Z0-9-_.]{1,20}$'
export const NUMBER_RANGE = '^[0-9]{1,20}$'
export const SYMBOL = /^[A-Z0-9\-_.]{1,20}$/
const NUMBER = /^[0-9]{1,20}$/

/**
 * A query as Binance's parameter reader sees it: duplicates are refused (-1101), each
 * declared parameter is read and checked for format (-1102, -1100), and parameters
 * nobody read are refused at the end (-1104).
 */
export class Params {
  private readonly read = new Set<string>()

  constructor(private readonly query: URLSearchParams) {
    const seen = new Set<string>()
    for (const name of query.keys()) {
      if (seen.has(name)) throw duplicateParameter()
      seen.add(name)
    }
  }

  /** The raw value, or undefined when absent. Marks the parameter read. */
  optional(name: string): string | undefined {
    const value = this.query.get(name)
    if (value === null) return undefined
    this.read.add(name)
    return value
  }

  required(name: string): string {
    const value = this.optional(name)
    if (value === undefined || value === '') throw mandatoryMissing(name)
    return value
  }

  /** A mandatory symbol; `lenient` upper-cases first (fapi, unverified: see perpetual.ts). */
  symbol(name = 'symbol', lenient = false): string {
    const raw = this.required(name)
    const value = lenient ? raw.toUpperCase() : raw
    if (!SYMBOL.test(value)) throw illegalCharacters(name, SYMBOL_RANGE)
    return value
  }

  /** An optional LONG/INT. An empty or signed value fails the regex like any other illegal text. */
  number(name: string): number | undefined {
    const value = this.optional(name)
    if (value === undefined) return undefined
    if (!NUMBER.test(value)) throw illegalCharacters(name, NUMBER_RANGE)
    return Number(value)
  }

  /** -1104 when a parameter was sent that the endpoint does not read. */
  finish(): void {
    const sent = new Set(this.query.keys()).size
    if (this.read.size < sent) throw unreadParameters(this.read.size, sent)
  }
}
