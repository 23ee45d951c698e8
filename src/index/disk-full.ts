import { statfs } from 'node:fs/promises';
import { AccordError } from '../errors.js';

/** Error codes that mean "no room": the disk is full, or the user's quota is used up. */
const NO_SPACE = new Set(['ENOSPC', 'EDQUOT']);

export function isNoSpace(error: unknown): boolean {
  return NO_SPACE.has(String((error as NodeJS.ErrnoException | undefined)?.code));
}

const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

/** Free bytes on the file system holding `dir`, or null when it cannot be told. */
async function freeBytes(dir: string): Promise<number | null> {
  try {
    const stats = await statfs(dir);
    return stats.bavail * stats.bsize;
  } catch {
    return null;
  }
}

/**
 * The AccordError for a write that ran out of room: what was being written, where, how much room is left and
 * about how much is needed, and that the current index is untouched.
 */
export async function diskFullError(what: string, dir: string, neededBytes: number, cause?: unknown): Promise<AccordError> {
  const free = await freeBytes(dir);
  const room = free === null ? '' : ` ${megabytes(free)} free;`;
  return new AccordError(`The disk holding ${dir} is full: ${what} could not be written completely (${room} it needs about ${megabytes(neededBytes)}).`, {
    hint: 'Free some space on that disk (or point INDEX_DIR at a disk with room), then run npm run index again. The current index was not changed.',
    cause,
  });
}
