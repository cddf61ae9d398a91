import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus'

/** 32-bit avalanche mix (murmur3's finalizer): every input bit flips each output bit with p≈½. */
function mix32(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h | 0
}

/** Hash of a string, for seeding from names (market symbols, user seeds given as text). */
export function hashString(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return mix32(h)
}

/** Combines numbers (each any safe integer) into one 32-bit hash; order matters. */
export function hashNumbers(...values: number[]): number {
  let h = 0x9e3779b9 | 0
  for (const value of values) {
    const low = value % 0x100000000 | 0
    const high = Math.floor(value / 0x100000000) | 0
    h = mix32(h ^ low) + 0x7f4a7c15
    h = mix32(h ^ high) + 0x7f4a7c15
  }
  return mix32(h)
}

const TWO_POW_MINUS_32 = 2 ** -32

/**
 * A seeded stream of numbers for one tree node. Each node gets its own stream from
 * hash(seed, market, level, index), so a node's values never depend on which other
 * nodes were generated before it (random access, any order, any process).
 */
export class NodeRandom {
  private readonly generator

  constructor(key: number, ...more: number[]) {
    const a = hashNumbers(key, ...more)
    this.generator = xoroshiro128plusFromState([a, mix32(a ^ 0x68e31da4), mix32(a ^ 0x1b56c4e9), mix32(a ^ 0x3c6ef372) | 1])
  }

  /** Uniform in the open interval (0, 1): never 0, so log(u) is always finite. */
  uniform(): number {
    return ((this.generator.next() >>> 0) + 0.5) * TWO_POW_MINUS_32
  }

  private spare = NaN

  /** Standard normal (Box–Muller, both halves of each pair used). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const value = this.spare
      this.spare = NaN
      return value
    }
    const radius = Math.sqrt(-2 * Math.log(this.uniform()))
    const angle = 2 * Math.PI * this.uniform()
    this.spare = radius * Math.sin(angle)
    return radius * Math.cos(angle)
  }
}
