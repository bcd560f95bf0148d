// A Map that holds at most `maxEntries`: setting one more forgets the entry set longest ago. For the
// channels' per-user caches, which would otherwise grow with every user ever seen.
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly maxEntries: number) {
    super();
  }

  override set(key: K, value: V): this {
    // Re-inserting moves the key to the newest end, so a busy user is not the next one forgotten.
    if (this.has(key)) this.delete(key);
    super.set(key, value);
    while (this.size > this.maxEntries) {
      const oldest = this.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
    return this;
  }
}
