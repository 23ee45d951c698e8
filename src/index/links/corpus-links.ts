import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AccordError, describeError } from '../../errors.js';
import { addCorpusDocument } from '../corpus-files.js';
import { extractDocument } from '../extract/extract-document.js';
import type { FrontMatter } from '../front-matter.js';
import { sha256 } from '../index-store.js';
import { processDocument, type ChunkingSettings } from '../process-document.js';
import { fetchSafely, type FetchLimits } from './fetch-safely.js';
import { forgetDocument, readLinks, recordDocument } from './link-registry.js';

export interface LinkSettings {
  readonly corpusDir: string;
  readonly limits: FetchLimits;
  readonly chunking: ChunkingSettings;
  readonly now?: () => Date;
}

/**
 * Fetches a document from a link and adds it to the corpus under a name from the URL, keeping the URL and the
 * fetch date (and any metadata given) in the link list. Throws an AccordError when fetching or the document fails;
 * then nothing was written.
 */
export async function addLink(settings: LinkSettings, url: string, meta: FrontMatter = {}): Promise<{ docId: string; bytes: number }> {
  const fetched = await fetchSafely(url, settings.limits);
  const record = { url, fetched: (settings.now?.() ?? new Date()).toISOString(), sha256: sha256(fetched.bytes) };
  const docId = await addCorpusDocument(settings.corpusDir, { fileName: fetched.fileName, bytes: fetched.bytes, meta }, settings.limits.maxBytes, settings.chunking, record);
  return { docId, bytes: fetched.bytes.byteLength };
}

export interface RefreshSummary {
  /** Documents whose link served the same bytes: nothing was written. */
  readonly unchanged: readonly string[];
  /** Documents replaced by what their link serves now. */
  readonly updated: readonly string[];
  readonly failed: readonly { readonly docId: string; readonly reason: string }[];
}

/** Replaces a document file by new bytes atomically (temporary file, then rename over it). */
async function replaceFile(file: string, bytes: Uint8Array): Promise<void> {
  const temporary = path.join(path.dirname(file), `.refresh-${randomBytes(6).toString('hex')}`);
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, file);
  } finally {
    await rm(temporary, { force: true });
  }
}

/** Fetches one link again and replaces its document when the bytes changed and the new ones are usable. */
async function refreshOne(settings: LinkSettings, docId: string, url: string): Promise<'unchanged' | 'updated'> {
  const links = await readLinks(settings.corpusDir);
  const record = links[docId];
  const fetched = await fetchSafely(url, settings.limits);
  const hash = sha256(fetched.bytes);
  if (record?.sha256 === hash) return 'unchanged';
  if (path.extname(docId).toLowerCase() !== fetched.extension) {
    throw new AccordError(`the link now serves a ${fetched.extension} file, not ${path.extname(docId)}`, { hint: `Remove ${docId} and add the link again.` });
  }
  const extraction = await extractDocument(docId, fetched.bytes, settings.limits.maxBytes);
  // Pages change bytes on every visit (ads, tokens, "trending" boxes): only a change in what is indexed counts.
  const file = path.join(settings.corpusDir, docId);
  const previous = await readFile(file).then((bytes) => extractDocument(docId, bytes, Infinity), () => null).catch(() => null);
  if (previous && previous.text === extraction.text && JSON.stringify(previous.meta) === JSON.stringify(extraction.meta)) return 'unchanged';
  const newRecord = { ...record, url, fetched: (settings.now?.() ?? new Date()).toISOString(), sha256: hash };
  const { sha256: _hash, ...recordMeta } = newRecord;
  const extras = { meta: { ...extraction.meta, ...(recordMeta as FrontMatter) }, ...(extraction.pages && { pages: extraction.pages }) };
  if (processDocument(docId, extraction.text, settings.chunking, extras).passages.length === 0) {
    throw new AccordError('the page now contains no prose once boilerplate is removed, so the old copy was kept');
  }
  await replaceFile(file, fetched.bytes);
  await recordDocument(settings.corpusDir, docId, newRecord);
  return 'updated';
}

/**
 * Fetches every document added from a link again. A link serving the same bytes, or bytes whose extracted text and
 * metadata are the same (a page whose ads or tokens changed), changes nothing; one serving new,
 * usable bytes replaces its document (the caller reindexes); one that fails keeps the old copy and is reported.
 */
export async function refreshLinks(settings: LinkSettings): Promise<RefreshSummary> {
  const links = await readLinks(settings.corpusDir);
  const unchanged: string[] = [];
  const updated: string[] = [];
  const failed: { docId: string; reason: string }[] = [];
  for (const [docId, record] of Object.entries(links)) {
    if (record.url === undefined || record.fetched === undefined) continue; // metadata only, not from a link
    if (!(await stat(path.join(settings.corpusDir, docId)).then((info) => info.isFile(), () => false))) {
      // Deleted by hand: refreshing must not bring it back. Its entry goes.
      await forgetDocument(settings.corpusDir, docId);
      failed.push({ docId, reason: 'the document is no longer in the corpus folder, so its link was forgotten (add the link again to bring it back)' });
      continue;
    }
    try {
      const outcome = await refreshOne(settings, docId, record.url);
      (outcome === 'unchanged' ? unchanged : updated).push(docId);
    } catch (e: unknown) {
      if (!(e instanceof AccordError)) throw e;
      failed.push({ docId, reason: describeError(e).replace(/\n→ /g, ' → ') });
    }
  }
  return { unchanged, updated, failed };
}
