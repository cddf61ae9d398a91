/**
 * §4.3: barhist interval names and their engine intervals. Minutes are bare numbers;
 * `1m` is ONE MONTH (calendar month, nominal 2592000000 ms in /barhist/info).
 */
export const INTERVALS: Readonly<Record<string, string>> = {
  '1': '1m',
  '5': '5m',
  '15': '15m',
  '30': '30m',
  '60': '1h',
  '120': '2h',
  '240': '4h',
  '360': '6h',
  '720': '12h',
  '1d': '1d',
  '1w': '1w',
  '1m': '1M',
}

/** §4.3: `intervalInMillis` as /barhist/info lists it (the month is nominal, 30 days). */
export const INTERVAL_MILLIS: Readonly<Record<string, number>> = {
  '1': 60_000,
  '5': 300_000,
  '15': 900_000,
  '30': 1_800_000,
  '60': 3_600_000,
  '120': 7_200_000,
  '240': 14_400_000,
  '360': 21_600_000,
  '720': 43_200_000,
  '1d': 86_400_000,
  '1w': 604_800_000,
  '1m': 2_592_000_000,
}

/** The engine interval of a wire name, or undefined for anything AscendEX does not list. */
export function engineInterval(name: unknown): string | undefined {
  return typeof name === 'string' && Object.hasOwn(INTERVALS, name) ? INTERVALS[name] : undefined
}
