import { tooManyValues, typeMismatch } from './errors.js'

const INT32_MIN = -(2 ** 31)
const INT32_MAX = 2 ** 31 - 1

/**
 * A query as grpc-gateway reads it into Advanced Trade's request messages (our model of
 * it; the texts are unverified): parameters the message lacks are ignored, a single
 * field given twice is refused, integers must parse, and an empty value is the field's
 * zero value (proto3: "not set").
 */
export class Query {
  constructor(private readonly query: URLSearchParams) {}

  /** A string field; undefined when absent or empty. */
  string(name: string): string | undefined {
    const values = this.query.getAll(name)
    if (values.length > 1) throw tooManyValues(name, values)
    return values[0] === undefined || values[0] === '' ? undefined : values[0]
  }

  /** A repeated string field (`product_ids=A&product_ids=B`). */
  strings(name: string): string[] {
    return this.query.getAll(name).filter((value) => value !== '')
  }

  /** An int32 field; undefined when absent, empty or 0 (proto3 cannot tell 0 from unset). */
  int32(name: string): number | undefined {
    const text = this.string(name)
    if (text === undefined) return undefined
    if (!/^[+-]?\d+$/.test(text)) throw typeMismatch(name, `strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`)
    const value = Number(text)
    if (value < INT32_MIN || value > INT32_MAX) throw typeMismatch(name, `strconv.ParseInt: parsing ${JSON.stringify(text)}: value out of range`)
    return value === 0 ? undefined : value
  }

  /** A bool field: Go's strconv.ParseBool spellings. */
  bool(name: string): boolean | undefined {
    const text = this.string(name)
    if (text === undefined) return undefined
    if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(text)) return true
    if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(text)) return false
    throw typeMismatch(name, `strconv.ParseBool: parsing ${JSON.stringify(text)}: invalid syntax`)
  }

  /** An enum field by name; undefined when absent; refused (type mismatch) when not one of `names`. */
  enumName<T extends string>(name: string, names: readonly T[]): T | undefined {
    const text = this.string(name)
    if (text === undefined) return undefined
    if (!(names as readonly string[]).includes(text)) throw typeMismatch(name, `${JSON.stringify(text)} is not a valid value`)
    return text as T
  }
}
