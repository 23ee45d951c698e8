import { readFileSync } from 'node:fs';

/** Peak memory seen while a sampler ran. */
export interface MemoryPeak {
  /** Highest `process.memoryUsage.rss()` sampled, in bytes. */
  readonly peakRssBytes: number;
  /** RSS when the sampler started, in bytes: subtract it for what the measured work added. */
  readonly startRssBytes: number;
  /** `process.resourceUsage().maxRSS` (bytes): the whole process's high-water mark so far, not just this interval. */
  readonly processMaxRssBytes: number;
}

/**
 * Samples RSS every `intervalMs` until `stop()` is called. Synchronous native work (an HNSW build, an ONNX run)
 * blocks the timer, so callers should also call `sample()` at natural points in their loop.
 */
export function startRssSampler(intervalMs = 50): { sample(): void; stop(): MemoryPeak } {
  const startRssBytes = process.memoryUsage.rss();
  let peak = startRssBytes;
  const sample = (): void => {
    peak = Math.max(peak, process.memoryUsage.rss());
  };
  const timer = setInterval(sample, intervalMs);
  timer.unref();
  return {
    sample,
    stop() {
      clearInterval(timer);
      sample();
      return { peakRssBytes: peak, startRssBytes, processMaxRssBytes: process.resourceUsage().maxRSS * 1024 };
    },
  };
}

/** Bytes as MiB with one decimal. */
export function mib(bytes: number): number {
  return Math.round((bytes / 2 ** 20) * 10) / 10;
}

/**
 * This process's own peak RSS, in bytes. On Linux that is `VmHWM` from /proc/self/status: `getrusage`'s maxRSS
 * (`process.resourceUsage()`) survives fork and exec, so a child spawned by a large benchmark process reports at
 * least its parent's peak. Elsewhere, maxRSS is all there is.
 */
export function ownPeakRssBytes(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]) * 1024;
  } catch {
    // Not Linux: fall through.
  }
  return process.resourceUsage().maxRSS * 1024;
}
