/** Hash of bytes: FNV-1a, then murmur3's finaliser, so ids differing in their last digit spread out. */
function hashOf(bytes: Buffer, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A line number per text key, for the millions of keys of a large file: the keys' UTF-8 bytes in
 * one buffer and an open-addressing table of typed arrays. A `Map<string, number>` of the same
 * keys costs 60–80 bytes a key on the heap (750 MB for ten million emails); this about 25.
 */
export class LinesByKey {
  private bytes = Buffer.allocUnsafe(1 << 16);
  private used = 0;
  /** Where each key's bytes start; a key ends where the next one starts. */
  private starts = new Uint32Array(1 << 10);
  private lines = new Int32Array(1 << 10);
  /** Key index + 1 per slot; 0 is empty. */
  private slots = new Int32Array(1 << 11);
  private count = 0;
  private scratch = Buffer.allocUnsafe(256);

  get size(): number {
    return this.count;
  }

  get(key: string): number | undefined {
    const found = this.find(this.encode(key));
    return found >= 0 ? this.lines[found] : undefined;
  }

  set(key: string, line: number): void {
    const length = this.encode(key);
    let found = this.find(length);
    if (found >= 0) {
      this.lines[found] = line;
      return;
    }
    if ((this.count + 1) * 4 > this.slots.length * 3) {
      this.rehash(this.slots.length * 2);
      found = this.find(length);
    }
    if (this.count === this.starts.length) {
      this.starts = grown(this.starts, new Uint32Array(this.count * 2));
      this.lines = grown(this.lines, new Int32Array(this.count * 2));
    }
    if (this.used + length > this.bytes.length) {
      const bytes = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + length));
      this.bytes.copy(bytes, 0, 0, this.used);
      this.bytes = bytes;
    }
    this.scratch.copy(this.bytes, this.used, 0, length);
    this.starts[this.count] = this.used;
    this.lines[this.count] = line;
    this.used += length;
    this.slots[-found - 1] = ++this.count;
  }

  /** The key's UTF-8 bytes, in `scratch`; returns their length. */
  private encode(key: string): number {
    if (key.length * 3 > this.scratch.length) this.scratch = Buffer.allocUnsafe(key.length * 3);
    return this.scratch.write(key, 0, 'utf8');
  }

  private end(index: number): number {
    return index + 1 < this.count ? this.starts[index + 1]! : this.used;
  }

  /** The index of the key in `scratch[0, length)`, or -(its free slot + 1). */
  private find(length: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hashOf(this.scratch, 0, length) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot]! - 1;
      if (entry < 0) return -slot - 1;
      const start = this.starts[entry]!;
      const end = this.end(entry);
      if (end - start === length && this.scratch.compare(this.bytes, start, end, 0, length) === 0)
        return entry;
    }
  }

  private rehash(size: number): void {
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let entry = 0; entry < this.count; entry++) {
      let slot = hashOf(this.bytes, this.starts[entry]!, this.end(entry)) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry + 1;
    }
    this.slots = slots;
  }
}

function grown<A extends Uint32Array | Int32Array>(from: A, to: A): A {
  to.set(from);
  return to;
}
