/** Monotonic clock in nanoseconds (process.hrtime.bigint). */
export function nowNs(): bigint {
  return process.hrtime.bigint();
}

/** Milliseconds elapsed since `startNs` (from {@link nowNs}). */
export function elapsedMs(startNs: bigint): number {
  return Number(process.hrtime.bigint() - startNs) / 1e6;
}

/** Runs `fn` once and returns its result with the wall time in milliseconds. */
export async function timeAsync<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = nowNs();
  const result = await fn();
  return { result, ms: elapsedMs(start) };
}

/** Runs `fn` once and returns its result with the wall time in milliseconds. */
export function timeSync<T>(fn: () => T): { result: T; ms: number } {
  const start = nowNs();
  const result = fn();
  return { result, ms: elapsedMs(start) };
}

/** Process CPU time (user + system, all threads) in milliseconds: divided by wall time it gives the cores kept busy. */
export function cpuTimeMs(): number {
  const { userCPUTime, systemCPUTime } = process.resourceUsage();
  return (userCPUTime + systemCPUTime) / 1000;
}
