import type { Clock } from './clock.js';

export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAtMs: number };

/**
 * A per-key sliding-window limit: at most `limit` events in any `windowMs` window. Memory stays bounded by the
 * keys active within the last window (stale keys are swept as new events arrive).
 */
export class SlidingWindowRateLimiter {
  readonly #events = new Map<string, number[]>();
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #clock: Clock;
  #lastSweepMs = 0;

  constructor(options: { readonly limit: number; readonly windowMs: number; readonly clock: Clock }) {
    if (!Number.isInteger(options.limit) || options.limit < 1) throw new RangeError(`limit must be a positive integer, got ${options.limit}`);
    if (!(options.windowMs > 0)) throw new RangeError(`windowMs must be positive, got ${options.windowMs}`);
    this.#limit = options.limit;
    this.#windowMs = options.windowMs;
    this.#clock = options.clock;
  }

  /** Records an event for `key` when the limit allows it; otherwise says when the next one will be allowed. */
  take(key: string): RateDecision {
    const nowMs = this.#clock.now();
    this.#sweep(nowMs);
    const recent = (this.#events.get(key) ?? []).filter((atMs) => atMs > nowMs - this.#windowMs);
    if (recent.length >= this.#limit) {
      this.#events.set(key, recent);
      // The oldest event in the window leaves it first; one more is allowed from then on.
      return { allowed: false, retryAtMs: (recent[0] ?? nowMs) + this.#windowMs };
    }
    recent.push(nowMs);
    this.#events.set(key, recent);
    return { allowed: true };
  }

  /** How many keys are tracked (for tests of the memory bound). */
  get trackedKeys(): number {
    return this.#events.size;
  }

  #sweep(nowMs: number): void {
    if (nowMs - this.#lastSweepMs < this.#windowMs) return;
    this.#lastSweepMs = nowMs;
    for (const [key, events] of this.#events) {
      if ((events.at(-1) ?? 0) <= nowMs - this.#windowMs) this.#events.delete(key);
    }
  }
}
