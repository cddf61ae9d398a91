import { DAY, HOUR } from './time.js'

/**
 * Intraday and weekly activity of crypto markets: quiet in the Asian night, busiest
 * when Europe and the US overlap (13–17 UTC), lighter at weekends. Means are 1.
 */
const HOURLY = normalize([
  0.85, 0.8, 0.75, 0.7, 0.65, 0.65, 0.7, 0.8, 0.9, 0.95, 1.0, 1.0,
  1.05, 1.25, 1.45, 1.5, 1.4, 1.25, 1.15, 1.1, 1.05, 1.0, 0.95, 0.9,
])
/** Indexed by days since the epoch mod 7: 0 is Thursday. */
const WEEKDAY = normalize([1.05, 1.05, 0.75, 0.7, 1.1, 1.1, 1.05])

function normalize(weights: number[]): number[] {
  const mean = weights.reduce((sum, w) => sum + w, 0) / weights.length
  return weights.map((w) => w / mean)
}

function weekday(day: number): number {
  return WEEKDAY[((day % 7) + 7) % 7]
}

/**
 * Relative activity of the span [start, start + span), as a weight comparable
 * between siblings of one tree level. Spans shorter than an hour lie in one hour
 * and share its weight, so they all get 1.
 */
export function seasonalWeight(start: number, span: number): number {
  if (span < HOUR) return 1
  const firstDay = Math.floor(start / DAY)
  if (span < DAY) {
    let sum = 0
    for (let t = start; t < start + span; t += HOUR) sum += HOURLY[Math.floor((t - firstDay * DAY) / HOUR)]
    return (sum * weekday(firstDay) * HOUR) / span
  }
  const days = span / DAY
  let sum = Math.floor(days / 7) * 7
  for (let d = firstDay + Math.floor(days / 7) * 7; d < firstDay + days; d++) sum += weekday(d)
  return sum / days
}
