/**
 * A bounded map that keeps what was used recently: two generations, the young one
 * filled until it holds half the limit, then it becomes the old one and the old one
 * is dropped. O(1) for everything, and memory never exceeds `limit` entries.
 */
export class RecentCache<V> {
  private young = new Map<number, V>()
  private old = new Map<number, V>()

  constructor(private readonly limit: number) {}

  get(key: number): V | undefined {
    const hit = this.young.get(key)
    if (hit !== undefined) return hit
    const aged = this.old.get(key)
    if (aged !== undefined) this.set(key, aged)
    return aged
  }

  set(key: number, value: V): void {
    if (this.young.size >= this.limit / 2) {
      this.old = this.young
      this.young = new Map()
    }
    this.young.set(key, value)
  }

  get size(): number {
    return this.young.size + this.old.size
  }

  clear(): void {
    this.young.clear()
    this.old.clear()
  }
}
