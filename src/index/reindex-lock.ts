import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { AccordError } from '../errors.js';
import { lockFile } from './index-layout.js';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e: unknown) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the cross-process reindex lock (a file holding the owner's pid, created with O_EXCL). A lock left by a
 * process that no longer runs (killed mid-reindex) is taken over. Returns the release function.
 */
export async function acquireReindexLock(indexDir: string): Promise<() => Promise<void>> {
  const file = lockFile(indexDir);
  await mkdir(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(file, { force: true });
    } catch (e: unknown) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new AccordError(`Another process (pid ${owner}) is reindexing ${indexDir}.`, {
          hint: 'Wait for it to finish, then try again.',
        });
      }
      await rm(file, { force: true }); // stale: its owner died
    }
  }
  throw new AccordError(`Could not take the reindex lock ${file}.`, { hint: 'Remove the file if no reindex is running.' });
}
