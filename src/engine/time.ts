export const SECOND = 1_000
export const MINUTE = 60 * SECOND
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR
export const WEEK = 7 * DAY
/** Average Gregorian year, for annualized volatility and drift. */
export const YEAR = 365.2425 * DAY
/** 1970-01-05, the first Monday after the epoch: weekly candles open on Mondays (UTC). */
export const MONDAY_OFFSET = 4 * DAY

export function floorTo(time: number, span: number, offset = 0): number {
  return Math.floor((time - offset) / span) * span + offset
}

export function startOfMonth(time: number): number {
  const date = new Date(time)
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1)
}

export function addMonths(monthStart: number, months: number): number {
  const date = new Date(monthStart)
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1)
}
