import { rename, rm, stat, writeFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { RACY_WINDOW_MS } from './file-stamp.js';
import { FILES } from './index-layout.js';
import type { Manifest } from './manifest.js';

/**
 * `versions/<version>/verified.json`: what each data file of the version looked like (size, modification and change
 * times, inode) when its bytes last matched the manifest's checksum. The up-to-date check of `npm run index` trusts
 * a file whose stat still matches instead of reading and hashing it again (at 130k passages, hashing 150 MB was most
 * of a 7.4 s no-change run; README, Performance). Loading a version (`ask`, the bot) always hashes every file.
 *
 * The file is a cache, not part of the version: it is not in the manifest, a version is whole without it, and a
 * missing or unreadable one only means the files are hashed. An edit of an index file changes its change time, so
 * it is still caught; damage that leaves the stat alone (a failing disk) is caught by the next load, which removes
 * this file ({@link forgetVerified}), so the `npm run index` its error message asks for hashes everything again.
 */
export const VERIFIED_FILE = 'verified.json';

const stampSchema = z.tuple([z.number().int().nonnegative(), z.number(), z.number(), z.number().nonnegative()]);
const verifiedSchema = z.object({ version: z.string().min(1), files: z.record(z.string(), stampSchema) });

export type VerifiedStamps = z.infer<typeof verifiedSchema>;
export type StatStamp = z.infer<typeof stampSchema>;

/** The data files a manifest lists, besides the manifest itself. */
function dataFiles(manifest: Manifest): string[] {
  return Object.keys(manifest.files).filter((name) => name !== FILES.manifest);
}

/** A file's stamp and when it last changed (the later of its modification and change times). */
export async function statStamp(file: string): Promise<{ readonly stamp: StatStamp; readonly changedAtMs: number }> {
  const info = await stat(file);
  return { stamp: [info.size, info.mtimeMs, info.ctimeMs, info.ino], changedAtMs: Math.max(info.mtimeMs, info.ctimeMs) };
}

/** The recorded stamps of a version folder, or null when there are none (or they cannot be read). */
export async function readVerifiedStamps(dir: string, version: string): Promise<VerifiedStamps | null> {
  try {
    const parsed = verifiedSchema.safeParse(JSON.parse(await readFile(path.join(dir, VERIFIED_FILE), 'utf8')));
    return parsed.success && parsed.data.version === version ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Splits a version's data files into those whose stat still matches their recorded stamp (`kept`, with it) and
 * the others (`toHash`: all of them when nothing was recorded). A file that cannot be stat'ed is to be hashed, so
 * that reading it reports the problem.
 */
export async function sortByStamp(dir: string, manifest: Manifest, stamps: VerifiedStamps | null): Promise<{ toHash: string[]; kept: Record<string, StatStamp> }> {
  const names = dataFiles(manifest);
  const kept: Record<string, StatStamp> = {};
  if (stamps === null) return { toHash: names, kept };
  const now = await Promise.all(names.map((name) => statStamp(path.join(dir, name)).catch(() => null)));
  const toHash = names.filter((name, i) => {
    const recorded = stamps.files[name];
    const current = now[i]?.stamp;
    if (recorded === undefined || current === undefined || !recorded.every((v, k) => v === current[k])) return true;
    kept[name] = recorded;
    return false;
  });
  return { toHash, kept };
}

/** Whether a stamp taken at `statAtMs` may be recorded: the file had not changed within the racy window (file-stamp.ts). */
export function settled(changedAtMs: number, statAtMs: number): boolean {
  return statAtMs - changedAtMs >= RACY_WINDOW_MS;
}

/** Records the stamps of a version's files whose bytes were just verified. Best effort: a read-only folder only means no stamps. */
export async function recordVerified(dir: string, version: string, files: Readonly<Record<string, StatStamp>>): Promise<void> {
  if (Object.keys(files).length === 0) return;
  const temporary = path.join(dir, `${VERIFIED_FILE}.${process.pid}.tmp`);
  try {
    await writeFile(temporary, JSON.stringify({ version, files } satisfies VerifiedStamps));
    await rename(temporary, path.join(dir, VERIFIED_FILE));
  } catch {
    await rm(temporary, { force: true }).catch(() => {});
  }
}

/** Removes a version folder's stamps, after one of its files failed its checksum: the next check hashes everything. */
export async function forgetVerified(dir: string): Promise<void> {
  await rm(path.join(dir, VERIFIED_FILE), { force: true }).catch(() => {});
}
