import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AccordError } from '../errors.js';
import { lockFile } from './index-layout.js';

/**
 * Lock tokens this process holds. Process-wide on purpose, like the lock file itself: a lock file with this
 * process's pid but an unknown token was left by an earlier process that had the same pid.
 */
const heldTokens = new Set<string>();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e: unknown) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseOwner(content: string): { pid: number; token: string } {
  const [pid = '', token = ''] = content.trim().split(':');
  return { pid: Number(pid), token };
}

function isHeld(owner: { pid: number; token: string }): boolean {
  if (!Number.isInteger(owner.pid) || owner.pid <= 0) return false;
  if (owner.pid === process.pid) return heldTokens.has(owner.token);
  return isAlive(owner.pid);
}

/** The errors `acquireReindexLock` throws because someone holds the lock, for {@link isReindexBusy}. */
const busyErrors = new WeakSet<AccordError>();

/** Whether `error` says the lock is held by a live owner (as opposed to the lock failing). */
export function isReindexBusy(error: unknown): boolean {
  return error instanceof AccordError && busyErrors.has(error);
}

function busy(indexDir: string, pid: number): AccordError {
  const who = pid === process.pid ? 'This process' : `Another process (pid ${pid})`;
  const error = new AccordError(`${who} is already reindexing or rolling back ${indexDir}.`, { hint: 'Wait for it to finish, then try again.' });
  busyErrors.add(error);
  return error;
}

/**
 * Takes the cross-process reindex lock: a file holding `pid:token`, created complete in one step (written
 * elsewhere, then hard-linked into place, which fails if the lock exists). A lock whose owner is gone (killed
 * mid-reindex) is moved aside and taken over. Returns the release function, which removes only its own lock.
 */
export async function acquireReindexLock(indexDir: string): Promise<() => Promise<void>> {
  const file = lockFile(indexDir);
  await mkdir(path.dirname(file), { recursive: true });
  const token = randomBytes(8).toString('hex');
  const content = `${process.pid}:${token}`;
  const temporary = `${file}.${token}`;
  await writeFile(temporary, content);
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await link(temporary, file);
        heldTokens.add(token);
        return async () => {
          heldTokens.delete(token);
          const current = await readFile(file, 'utf8').catch(() => '');
          if (current === content) await rm(file, { force: true });
        };
      } catch (e: unknown) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const owner = parseOwner(await readFile(file, 'utf8').catch(() => ''));
      if (isHeld(owner)) throw busy(indexDir, owner.pid);
      // Stale. Move it aside atomically; if what was moved turns out to be a live lock taken meanwhile, put it back.
      const aside = `${file}.stale-${token}`;
      if (await rename(file, aside).then(() => true, () => false)) {
        const moved = parseOwner(await readFile(aside, 'utf8').catch(() => ''));
        if (isHeld(moved)) {
          await link(aside, file).catch(() => {});
          await rm(aside, { force: true });
          throw busy(indexDir, moved.pid);
        }
        await rm(aside, { force: true });
      }
    }
    throw new AccordError(`Could not take the reindex lock ${file}.`, { hint: 'Remove the file if no reindex is running.' });
  } finally {
    await rm(temporary, { force: true });
  }
}
