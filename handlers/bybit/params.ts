import { invalidParameter } from './envelope.js'

const INT64_MAX = 2n ** 63n - 1n
const INT64_MIN = -(2n ** 63n)
/** What Go's strconv.ParseInt takes: an optional sign and decimal digits. */
const INTEGER = /^[+-]?\d+$/

/**
 * A query as Bybit's (Go) parameter binding reads it (our reading; the exact rules are
 * unverified): the first value of a repeated parameter wins, unknown parameters are
 * ignored, an empty value is the same as none, and an integer must parse as an int64
 * (10001 otherwise).
 */
export class Query {
  constructor(private readonly query: URLSearchParams) {}

  /** The first value, or undefined when absent or empty. */
  text(name: string): string | undefined {
    const value = this.query.get(name)
    return value === null || value === '' ? undefined : value
  }

  /** An int64, or undefined when absent or empty; 10001 when it is not one. */
  integer(name: string): number | undefined {
    const value = this.text(name)
    if (value === undefined) return undefined
    if (!INTEGER.test(value)) throw invalidParameter(name)
    const big = BigInt(value)
    if (big > INT64_MAX || big < INT64_MIN) throw invalidParameter(name)
    return Number(big)
  }

  /** A positive int64, or undefined when absent, empty, zero or negative (Go's zero value means "not given"). */
  positive(name: string): number | undefined {
    const value = this.integer(name)
    return value !== undefined && value > 0 ? value : undefined
  }
}
