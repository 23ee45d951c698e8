/** The time source, injected so rate limits, throttling and uptime can be tested without waiting. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}
