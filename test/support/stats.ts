/** Plain sample statistics for the realism tests. */

export function mean(xs: readonly number[]): number {
  let sum = 0
  for (const x of xs) sum += x
  return sum / xs.length
}

export function variance(xs: readonly number[]): number {
  const m = mean(xs)
  let sum = 0
  for (const x of xs) sum += (x - m) ** 2
  return sum / (xs.length - 1)
}

export function excessKurtosis(xs: readonly number[]): number {
  const m = mean(xs)
  let m2 = 0
  let m4 = 0
  for (const x of xs) {
    const d = (x - m) ** 2
    m2 += d
    m4 += d * d
  }
  m2 /= xs.length
  m4 /= xs.length
  return m4 / (m2 * m2) - 3
}

export function autocorrelation(xs: readonly number[], lag: number): number {
  const m = mean(xs)
  let num = 0
  let den = 0
  for (let i = 0; i < xs.length; i++) {
    den += (xs[i] - m) ** 2
    if (i + lag < xs.length) num += (xs[i] - m) * (xs[i + lag] - m)
  }
  return num / den
}

export function correlation(xs: readonly number[], ys: readonly number[]): number {
  const mx = mean(xs)
  const my = mean(ys)
  let sxy = 0
  let sxx = 0
  let syy = 0
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my)
    sxx += (xs[i] - mx) ** 2
    syy += (ys[i] - my) ** 2
  }
  return sxy / Math.sqrt(sxx * syy)
}

export function logReturns(closes: readonly number[]): number[] {
  const out: number[] = []
  for (let i = 1; i < closes.length; i++) out.push(Math.log(closes[i] / closes[i - 1]))
  return out
}
