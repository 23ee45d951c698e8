import type { Stats } from 'node:fs';

/**
 * What a file looked like when its bytes were hashed: size, modification and change times, inode, and the sha256
 * of its bytes. A later scan that finds the same size, times and inode trusts the hash instead of reading the file
 * again (git's index does the same). `ctime` cannot be set back by tools that restore `mtime` (`touch -r`, `cp -p`,
 * `rsync -t`), so an edit that keeps the size and resets the modification time is still seen.
 */
export type FileStamp = readonly [bytes: number, mtimeMs: number, ctimeMs: number, ino: number, sha256: string];

/**
 * A file changed less than this long before it was hashed gets no stamp: an edit within the file system's
 * timestamp granularity of the hashing could otherwise leave the same times on different bytes ("racy git").
 * Such a file is hashed again by the next scan, which then stamps it. 2 s covers the coarsest common granularity
 * (FAT's 2-second modification times).
 */
export const RACY_WINDOW_MS = 2_000;

/** The stamp for a file stat'ed at `statAtMs` (before its bytes were read) whose bytes hash to `sha256`; null when it changed too recently. */
export function stampOf(info: Stats, sha256: string, statAtMs: number): FileStamp | null {
  if (statAtMs - Math.max(info.mtimeMs, info.ctimeMs) < RACY_WINDOW_MS) return null;
  return [info.size, info.mtimeMs, info.ctimeMs, info.ino, sha256];
}

/** The stamped hash when the file still has the stamp's size, times and inode; else null (read and hash it). */
export function hashFromStamp(stamp: FileStamp | undefined, info: Stats): string | null {
  if (!stamp) return null;
  const [bytes, mtimeMs, ctimeMs, ino, sha256] = stamp;
  return info.size === bytes && info.mtimeMs === mtimeMs && info.ctimeMs === ctimeMs && info.ino === ino ? sha256 : null;
}
