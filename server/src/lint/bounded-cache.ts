/**
 * A least-recently-used cache bounded by the total size of what it holds, so a run that reads a
 * whole repository through it keeps its recent working set (a module called by many, read again and
 * again) without keeping the repository.
 */
export class BoundedCache<V> {
  private readonly entries = new Map<string, { value: V; size: number }>();
  private total = 0;

  constructor(
    private readonly budget: number,
    private readonly sizeOf: (value: V) => number,
  ) {}

  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    // Most recently used last: Map keeps insertion order.
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value;
  }

  delete(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.total -= old.size;
    this.entries.delete(key);
  }

  set(key: string, value: V): void {
    const old = this.entries.get(key);
    if (old) {
      this.total -= old.size;
      this.entries.delete(key);
    }
    const size = this.sizeOf(value);
    this.entries.set(key, { value, size });
    this.total += size;
    // Within budget: no iterator is made at all. Over it, the oldest go until an eighth of the
    // budget is free, so a run reading far more than the budget makes an iterator every few sets,
    // not on each.
    if (this.total <= this.budget) return;
    const target = this.budget - (this.budget >> 3);
    for (const [k, e] of this.entries) {
      if (this.total <= target || k === key) break;
      this.entries.delete(k);
      this.total -= e.size;
    }
  }
}
