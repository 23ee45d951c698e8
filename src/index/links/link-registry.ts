import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AccordError } from '../../errors.js';

/**
 * The hidden file in the corpus folder (hidden: never indexed itself) that records, per document, the metadata a
 * file cannot carry in front matter (a PDF, HTML page or DOCX added with a title, say) and which documents came
 * from a link, with when and what was fetched.
 */
export const LINKS_FILE = '.accord-links.json';

const linkSchema = z.object({
  title: z.string().min(1).optional(),
  source: z.string().min(1).optional(),
  date: z.string().min(1).optional(),
  /** Where the original can be read; for a document added from a link, the URL asked for (before redirects). */
  url: z.url({ protocol: /^https?$/ }).optional(),
  /** Documents added from a link: when its current bytes were fetched, ISO 8601. */
  fetched: z.iso.datetime().optional(),
  /** Documents added from a link: sha256 of the bytes as fetched (a refresh that gets the same bytes changes nothing). */
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
});

const registrySchema = z.object({ version: z.literal(1), links: z.record(z.string(), linkSchema) });

export type LinkRecord = z.infer<typeof linkSchema>;
export type Links = Readonly<Record<string, LinkRecord>>;

/** The links recorded for `corpusDir`; none when the file does not exist. Throws an AccordError when it is damaged. */
export async function readLinks(corpusDir: string): Promise<Links> {
  const file = path.join(corpusDir, LINKS_FILE);
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (e: unknown) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw e;
  }
  let parsed: z.infer<typeof registrySchema>;
  try {
    parsed = registrySchema.parse(JSON.parse(raw));
  } catch (e: unknown) {
    throw new AccordError(`The link list ${file} is damaged.`, {
      hint: `Delete it: the documents stay, but those added from links can no longer be refreshed until added again.`,
      cause: e,
    });
  }
  return parsed.links;
}

/** Replaces the link list atomically (temporary file, then rename). */
export async function writeLinks(corpusDir: string, links: Links): Promise<void> {
  await mkdir(corpusDir, { recursive: true });
  const file = path.join(corpusDir, LINKS_FILE);
  const temporary = path.join(corpusDir, `.links-${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, `${JSON.stringify({ version: 1, links }, null, 2)}\n`, 'utf8');
    await rename(temporary, file);
  } finally {
    await rm(temporary, { force: true });
  }
}

/** Records (replaces) the metadata of one document. Read, change, write: callers hold the corpus for writing. */
export async function recordDocument(corpusDir: string, docId: string, record: LinkRecord): Promise<void> {
  const links = await readLinks(corpusDir);
  await writeLinks(corpusDir, { ...links, [docId]: record });
}

/** Drops what the link list says about a removed document (nothing when it says nothing). */
export async function forgetDocument(corpusDir: string, docId: string): Promise<void> {
  const links = await readLinks(corpusDir).catch(() => null);
  if (links === null || !(docId in links)) return;
  const { [docId]: _removed, ...rest } = links;
  await writeLinks(corpusDir, rest);
}
