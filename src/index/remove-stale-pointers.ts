import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';

/** `CURRENT.<pid>.tmp`: a pointer being written; one that is still there after its switch was left by a kill. */
const POINTER_TEMPORARY = /^CURRENT\.\d+\.tmp$/;

/**
 * Removes the `CURRENT.<pid>.tmp` files that a process killed while switching versions left in `indexDir`. Call
 * it only while holding the reindex lock: every switch happens under the lock, so none is in progress.
 * Returns the names removed.
 */
export async function removeStalePointerFiles(indexDir: string): Promise<string[]> {
  const names = await readdir(indexDir).catch(() => [] as string[]);
  const stale = names.filter((name) => POINTER_TEMPORARY.test(name));
  for (const name of stale) await rm(path.join(indexDir, name), { force: true });
  return stale;
}
