/**
 * Listeners of something that happened on this server (a new data version, an import's end):
 * alerts, webhooks and notifications follow data without the importer or the routes knowing them.
 * A listener is called synchronously and must not throw; its async work catches its own errors.
 */
export class Hooks<Args extends unknown[]> {
  private readonly listeners = new Set<(...args: Args) => void>();

  add(listener: (...args: Args) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  run(...args: Args): void {
    for (const listener of this.listeners) listener(...args);
  }
}
