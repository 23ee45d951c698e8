import { readdirSync } from 'node:fs';

/** Threads in this process (Linux `/proc/self/task`); undefined elsewhere. */
export function countThreads(): number | undefined {
  try {
    return readdirSync('/proc/self/task').length;
  } catch {
    return undefined;
  }
}
