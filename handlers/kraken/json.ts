/**
 * JSON text with numbers exactly as Kraken prints them. JSON.stringify cannot write
 * 77400.0 or 0.03771523 with its trailing digits, nor a connection id beyond 2^53;
 * a `Raw` value is written as its text, as is.
 */
export class Raw {
  constructor(readonly text: string) {}
}

export const raw = (text: string): Raw => new Raw(text)

/** Like JSON.stringify, keys in insertion order, `undefined` members left out, `Raw` values written verbatim. */
export function toJson(value: unknown): string {
  if (value instanceof Raw) return value.text
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    const members: string[] = []
    for (const [key, member] of Object.entries(value)) if (member !== undefined) members.push(`${JSON.stringify(key)}:${toJson(member)}`)
    return `{${members.join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}
