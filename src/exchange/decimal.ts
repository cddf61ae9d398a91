/**
 * Exchange numbers as exact decimal text. They are printed from the integer count of
 * 10^-decimals (the engine keeps its values on steps, below 2^53), so the digits are
 * exact where toFixed on a large quote volume would not be. `trim` drops trailing zeros
 * (and a trailing dot), as most exchanges print; a negative `decimals` scales the count up.
 */
export function decimalUnits(units: number, decimals: number, trim = false): string {
  let digits = String(Math.abs(units))
  if (decimals < 0) digits = units === 0 ? '0' : digits + '0'.repeat(-decimals)
  else if (decimals > 0) {
    digits = digits.padStart(decimals + 1, '0')
    digits = `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`
    if (trim) digits = digits.replace(/\.?0+$/, '')
  }
  return units < 0 ? `-${digits}` : digits
}

/** `value` (a multiple of 10^-decimals) with exactly `decimals` places, or trimmed. */
export function decimalText(value: number, decimals: number, trim = false): string {
  const units = Math.round(Math.abs(value) * 10 ** decimals)
  return decimalUnits(value < 0 ? -units : units, decimals, trim)
}
