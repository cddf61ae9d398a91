/**
 * Binance's stream server is written in Rust; its request errors carry serde's texts,
 * e.g. "missing field `method` at line 1 column 73". These helpers word ours the same way:
 * line and column as serde counts them (1-based, at the last character read), and for
 * malformed JSON the kind of problem mapped from where V8's parser stopped (approximate:
 * the two parsers differ in detail).
 */

/** serde's "line L column C" for the character before `offset`. */
export function where(text: string, offset: number): string {
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  const column = offset - (before.lastIndexOf('\n') + 1)
  return `line ${line} column ${column}`
}

/** serde's wording for a JSON syntax error, from where V8 stopped (approximate: the two parsers differ in detail). */
export function jsonProblem(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : ''
  const position = /at position (\d+)/.exec(message)
  const at = position ? Number(position[1]) : undefined
  if (text.trim() === '' || /end of JSON input|Unterminated string/i.test(message) || (at !== undefined && at >= text.trimEnd().length)) {
    return `EOF while parsing ${openConstruct(text)} at ${where(text, text.length)}`
  }
  if (at === undefined) {
    // "Unexpected token 'o', "nonsense" is not valid JSON": a bad literal or no value at all.
    const first = text.length - text.trimStart().length
    const literal = ['null', 'true', 'false'].find((word) => word[0] === text[first])
    if (!literal) return `expected value at ${where(text, first + 1)}`
    let i = 0
    while (text[first + i] === literal[i]) i++
    return `expected ident at ${where(text, first + i + 1)}`
  }
  const column = at + 1
  const kinds: Array<[RegExp, string]> = [
    [/Expected ':'/i, 'expected `:`'],
    [/property name/i, 'key must be a string'],
    [/Expected ',' or '}'/i, 'expected `,` or `}`'],
    [/Expected ',' or ']'/i, 'expected `,` or `]`'],
    [/after JSON/i, 'trailing characters'],
    [/control character/i, 'control character (\\u0000-\\u001F) found while parsing a string'],
    [/number|minus|exponent|decimal/i, 'invalid number'],
  ]
  const kind = kinds.find(([pattern]) => pattern.test(message))?.[1] ?? 'expected value'
  return `${kind} at ${where(text, column)}`
}

/** What was still open at the end of the text: a string, an object, a list or nothing. */
function openConstruct(text: string): string {
  const open: string[] = []
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (inString) {
      if (char === '\\') i++
      else if (char === '"') inString = false
    } else if (char === '"') inString = true
    else if (char === '{' || char === '[') open.push(char)
    else if (char === '}' || char === ']') open.pop()
  }
  if (inString) return 'a string'
  const last = open.at(-1)
  const end = text.trimEnd().at(-1)
  if (last === '{') return end === ':' ? 'a value' : 'an object'
  if (last === '[') return end === ',' ? 'a value' : 'a list'
  return 'a value'
}

export function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'sequence'
  switch (typeof value) {
    case 'string':
      return `string ${JSON.stringify(value)}`
    case 'boolean':
      return `boolean \`${value}\``
    case 'number':
      return Number.isInteger(value) ? `integer \`${value}\`` : `floating point \`${value}\``
    default:
      return 'map'
  }
}
