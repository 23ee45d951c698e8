import { readFileSync } from 'node:fs';

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

/**
 * CPU time of the calling thread in milliseconds (Linux `/proc/thread-self/stat`, 10 ms resolution), so a worker
 * can report its own work; falls back to {@link cpuTimeMs} (the whole process) elsewhere.
 */
export function threadCpuTimeMs(): number {
  try {
    const fields = readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return cpuTimeMs();
  }
}
