/**
 * Last-used times of credentials (tokens, share links), written in the background at most once a
 * `everyMs`: a request that authenticates never writes (a write would wait for an import's SQLite
 * write lock, blocking the event loop), and a busy script or TV costs one write a minute.
 */
export class LastUse {
  private readonly pending = new Map<number, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly write: (id: number, at: number) => Promise<void>,
    everyMs = 60_000,
  ) {
    this.timer = setInterval(() => void this.flush(), everyMs);
    this.timer.unref();
  }

  note(id: number, at: number): void {
    this.pending.set(id, at);
  }

  /** When `id` was last used, if that is noted but not written yet. */
  noted(id: number): number | undefined {
    return this.pending.get(id);
  }

  /** Writes what was noted; a failure keeps it for the next round. */
  async flush(): Promise<void> {
    const batch = [...this.pending];
    this.pending.clear();
    for (const [id, at] of batch) {
      try {
        await this.write(id, at);
      } catch {
        if (!this.pending.has(id)) this.pending.set(id, at);
      }
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
