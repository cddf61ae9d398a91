import type { ExchangeContext } from '../../src/exchange/types.js'

const MASK = (1n << 64n) - 1n
const counters = new WeakMap<ExchangeContext, number>()

/** splitmix64: a well-spread u64 from a u64. */
function mix(x: bigint): bigint {
  let z = (x + 0x9e3779b97f4a7c15n) & MASK
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK
  return z ^ (z >> 31n)
}

/**
 * The next connection id of this exchange, as decimal digits: a u64 like the ones
 * Kraken sends (16174536464690282295), from the engine's seed and a per-exchange
 * count, so the same test gets the same ids.
 */
export function nextConnectionId(context: ExchangeContext): string {
  const n = (counters.get(context) ?? 0) + 1
  counters.set(context, n)
  return String(mix((BigInt(context.engine.seed >>> 0) << 32n) | BigInt(n)))
}
