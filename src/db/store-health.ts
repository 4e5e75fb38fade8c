import { EventEmitter } from 'node:events';
import { faultText, storeFaultOf } from './store-faults.ts';

export interface StoreHealthState {
  /** The store answered its last probe (or no fault has been seen since it opened). */
  ready: boolean;
  /** When `ready` last changed (or the store opened). */
  since: Date;
  /** The last fault's text, without a password; null while ready. */
  error: string | null;
}

export interface StoreHealthOptions {
  /** Asks the store something trivial (`select 1`); rejects while it cannot answer. */
  probe: () => Promise<unknown>;
  /** The first probe after a fault, doubling up to `maxDelayMs`. */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** How long one probe may take before it counts as failed. */
  probeTimeoutMs?: number;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the store did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Whether the store can be reached, learnt from faults the connections report and from probes:
 * after a fault it probes with exponential back-off until the store answers again. Emits
 * `change` with the new state when `ready` flips. A SQLite write lock held by another process is
 * not a reachability fault (reads still answer), so it does not make the store unready.
 */
export class StoreHealth extends EventEmitter<{ change: [StoreHealthState] }> {
  #ready = true;
  #since = new Date();
  #error: string | null = null;
  #delayMs: number;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;
  readonly #probe: () => Promise<unknown>;
  readonly #minDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #probeTimeoutMs: number;

  constructor(options: StoreHealthOptions) {
    super();
    this.#probe = options.probe;
    this.#minDelayMs = options.minDelayMs ?? 100;
    this.#maxDelayMs = options.maxDelayMs ?? 5000;
    this.#probeTimeoutMs = options.probeTimeoutMs ?? 2000;
    this.#delayMs = this.#minDelayMs;
  }

  get ready(): boolean {
    return this.#ready;
  }

  state(): StoreHealthState {
    return { ready: this.#ready, since: this.#since, error: this.#error };
  }

  /** Seconds after which trying again makes sense: the next probe's delay, at least 1. */
  retryAfterS(): number {
    return this.#ready ? 1 : Math.max(1, Math.ceil(this.#delayMs / 1000));
  }

  /** A connection failed with `error`: when it means the store is unreachable, go unready and start probing. */
  reportFault(error: unknown): void {
    if (this.#closed || storeFaultOf(error) !== 'unreachable') return;
    this.#error = faultText(error);
    if (!this.#ready) return;
    this.#set(false);
    this.#delayMs = this.#minDelayMs;
    this.#schedule();
  }

  /** Probes now (for /readyz): the state after a `select 1` that must answer within `timeoutMs`. */
  async check(timeoutMs = this.#probeTimeoutMs): Promise<StoreHealthState> {
    try {
      await withTimeout(this.#probe(), timeoutMs);
      this.#recovered();
    } catch (error) {
      this.#error = faultText(error);
      if (this.#ready) {
        this.#set(false);
        this.#delayMs = this.#minDelayMs;
        this.#schedule();
      }
    }
    return this.state();
  }

  /** Stops probing (the store is closing). */
  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #set(ready: boolean): void {
    this.#ready = ready;
    this.#since = new Date();
    if (ready) this.#error = null;
    this.emit('change', this.state());
  }

  #recovered(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#delayMs = this.#minDelayMs;
    if (!this.#ready) this.#set(true);
  }

  #schedule(): void {
    if (this.#closed || this.#timer) return;
    const delay = this.#delayMs;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      withTimeout(this.#probe(), this.#probeTimeoutMs).then(
        () => this.#recovered(),
        (error: unknown) => {
          if (this.#ready || this.#closed) return;
          this.#error = faultText(error);
          this.#delayMs = Math.min(this.#maxDelayMs, delay * 2);
          this.#schedule();
        },
      );
    }, delay);
    // Probing alone must not keep a process alive that has nothing else to do.
    this.#timer.unref();
  }
}
