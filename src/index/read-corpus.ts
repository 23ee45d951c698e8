import { statSync, type Stats } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { AccordError, describeError } from '../errors.js';
import { FORMAT_BY_EXTENSION } from './extract/detect-format.js';
import { checkDocumentName, extractDocument } from './extract/extract-document.js';
import { cacheExtraction, extractedTextFile, readCachedExtraction } from './extract/extraction-cache.js';
import type { DocumentFormat, PageStart } from './extract/extracted-document.js';
import type { FrontMatter } from './front-matter.js';
import { hashFromStamp, stampOf, type FileStamp } from './file-stamp.js';
import { sha256 } from './index-store.js';
import { readLinks, type LinkRecord, type Links } from './links/link-registry.js';

export { checkDocumentName } from './extract/extract-document.js';

/** Extensions indexed as documents. */
export const DOCUMENT_EXTENSIONS = Object.keys(FORMAT_BY_EXTENSION);

/** A document file found by a scan, with its hash; its text is read only when needed (see {@link CorpusFile}). */
export interface ListedFile {
  /** Path relative to the corpus folder, `/`-separated: the document's stable id. */
  readonly docId: string;
  readonly absolutePath: string;
  /** sha256 of the file's bytes. */
  readonly bytesHash: string;
  /** sha256 of the file's bytes, and of its link record when it came from a link (a refresh then counts as a change). */
  readonly contentHash: string;
  /** What the file looked like when hashed, so the next scan need not read it; null when it changed too recently. */
  readonly stamp: FileStamp | null;
  /** Its record in the link list, when it came from a link. */
  readonly link?: LinkRecord | undefined;
  /** Where the extracted text is stored as a file, when an extraction folder was given. */
  readonly textFile?: string;
}

/** A listed file with its extracted text. */
export interface CorpusFile extends ListedFile {
  /**
   * The document's extracted text: for `.txt` and `.md` the file's text exactly as decoded (a byte-order mark, if
   * any, kept, so offsets match `readFile(…, 'utf8')`); for PDF, HTML and DOCX the text extraction made of it.
   */
  readonly text: string;
  readonly format: DocumentFormat;
  /** What the file says about itself, then its link (URL, fetch date): front matter in the text overrides both. */
  readonly meta: FrontMatter;
  /** PDFs: where each page begins in `text`. */
  readonly pages?: readonly PageStart[];
}

export interface SkippedFile {
  /** Path relative to the corpus folder. */
  readonly path: string;
  readonly reason: string;
}

export interface CorpusListing {
  readonly files: readonly CorpusFile[];
  readonly skipped: readonly SkippedFile[];
}

export interface CorpusScan {
  readonly files: readonly (CorpusFile | ListedFile)[];
  readonly skipped: readonly SkippedFile[];
}

export interface ReadCorpusOptions {
  /** Where extracted texts are kept (`INDEX_DIR/extracted`): read from there when unchanged, written there when new. */
  readonly extractedDir?: string;
  /** The previous version's file stamps by docId: a file that still matches its stamp is not read. */
  readonly stamps?: Readonly<Record<string, FileStamp>>;
  /** Whether a file's text is needed (default: always); a file it is not needed for is listed without it. */
  readonly needsText?: (docId: string, contentHash: string) => boolean;
}

function tooLarge(bytes: number, maxBytes: number): string {
  return `file is ${bytes} bytes, over the ${maxBytes}-byte limit (MAX_FILE_BYTES)`;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes UTF-8 text exactly (a byte-order mark kept); throws on invalid UTF-8. */
export function decodeDocument(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

/** The metadata a link record states (everything but the fetched bytes' checksum). */
function recordedMeta(record: LinkRecord | undefined): FrontMatter {
  if (!record) return {};
  const { sha256: _sha256, ...meta } = record;
  return Object.fromEntries(Object.entries(meta).filter(([, v]) => v !== undefined)) as FrontMatter;
}

/**
 * Every non-hidden file below `dir`, as `/`-separated relative paths in path order. An entry that cannot be
 * read (a dangling link, a folder without permission) is reported in `unreadable` and the walk goes on; only
 * the top folder itself failing throws.
 */
export async function listCorpusFiles(dir: string, unreadable: SkippedFile[] = [], prefix = ''): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue; // hidden files and folders (.git, .DS_Store, uploads in progress)
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    const full = path.join(dir, entry.name);
    try {
      const isDirectory = entry.isDirectory() || (entry.isSymbolicLink() && (await stat(full)).isDirectory());
      if (isDirectory) files.push(...(await listCorpusFiles(full, unreadable, relative)));
      else files.push(relative);
    } catch (e: unknown) {
      unreadable.push({ path: relative, reason: `could not be read (${(e as NodeJS.ErrnoException).code ?? String(e)})` });
    }
  }
  return files;
}

/** Why a file is not even read (unsupported type, over the size limit), or null. */
function checkSize(docId: string, size: number, maxFileBytes: number): string | null {
  return checkDocumentName(docId) ?? (size > maxFileBytes ? tooLarge(size, maxFileBytes) : null);
}

/**
 * Lists every document under the corpus folder (subfolders included, in path order) with its content hash. A file
 * whose stamp (options.stamps) still matches is not read; a file that `options.needsText` does not need (it is
 * indexed already with this content) is not extracted. The others are read and extracted. Files that cannot be
 * used are listed in `skipped` with the reason; they never stop the others. A second file with the same bytes as
 * an earlier one is skipped as a duplicate. Throws an AccordError when the folder is missing or its link list is
 * damaged.
 */
export async function scanCorpus(corpusDir: string, maxFileBytes: number, options: ReadCorpusOptions = {}): Promise<CorpusScan> {
  let names: string[];
  const skipped: SkippedFile[] = [];
  try {
    names = await listCorpusFiles(corpusDir, skipped);
  } catch (e: unknown) {
    throw new AccordError(`The corpus folder ${corpusDir} is missing or unreadable.`, {
      hint: 'Create it and put documents (.txt, .md, .pdf, .html or .docx) in it, or point CORPUS_DIR at the right folder.',
      cause: e,
    });
  }
  const links: Links = await readLinks(corpusDir);
  const infos = await statAll(corpusDir, names);
  type Examined = { readonly skip: string } | { readonly file: CorpusFile | ListedFile };
  const examine = async (i: number, docId: string): Promise<Examined> => {
    const absolutePath = path.join(corpusDir, docId);
    const info = infos[i];
    let bytesHash: string;
    let bytes: Buffer | null = null;
    let stamp: FileStamp | null;
    try {
      if (info === undefined || info instanceof Error) throw info;
      const early = checkSize(docId, info.size, maxFileBytes);
      if (early !== null) return { skip: early }; // unsupported type or too large: not even read
      const stamped = hashFromStamp(options.stamps?.[docId], info);
      if (stamped !== null) {
        bytesHash = stamped;
        stamp = options.stamps?.[docId] ?? null;
      } else {
        const statAtMs = Date.now();
        bytes = await readFile(absolutePath);
        bytesHash = sha256(bytes);
        stamp = bytes.byteLength === info.size ? stampOf(info, bytesHash, statAtMs) : null;
      }
    } catch (e: unknown) {
      return { skip: `could not be read (${(e as NodeJS.ErrnoException).code ?? String(e)})` };
    }
    const link = links[docId];
    const listed: ListedFile = {
      docId,
      absolutePath,
      bytesHash,
      contentHash: link ? sha256(`${bytesHash}\n${JSON.stringify(link)}`) : bytesHash,
      stamp,
      link,
      ...(options.extractedDir !== undefined && { textFile: extractedTextFile(options.extractedDir, bytesHash) }),
    };
    if (!(options.needsText?.(docId, listed.contentHash) ?? true)) return { file: listed };
    try {
      return { file: await extractListed(listed, maxFileBytes, options, bytes) };
    } catch (e: unknown) {
      if (!(e instanceof AccordError)) throw e;
      return { skip: describeError(e).replace(/\n→ /g, ' → ') };
    }
  };
  // Files are read, hashed and extracted a few at a time (each waits on the disk: reading, the extraction cache's
  // writes and renames), then taken in name order, so skips and duplicates come out as they would one by one.
  const examined = await inOrder(names, FILES_IN_FLIGHT, examine);
  const files: (CorpusFile | ListedFile)[] = [];
  const byHash = new Map<string, string>();
  examined.forEach((result, i) => {
    const docId = names[i]!;
    if ('skip' in result) {
      skipped.push({ path: docId, reason: result.skip });
      return;
    }
    const { file } = result;
    const original = byHash.get(file.bytesHash);
    if (original !== undefined) {
      skipped.push({ path: docId, reason: `same content as ${original}: duplicate skipped` });
      return;
    }
    byHash.set(file.bytesHash, docId);
    files.push(file);
  });
  return { files, skipped };
}

/**
 * Stats every file; an Error in place of a failed one. Synchronous calls in slices of {@link STAT_SLICE}, with a
 * pause for the event loop between slices: on a fresh process, 2,230 promise-based stat calls took 80–130 ms,
 * the same synchronous calls 11–15 ms (from the page cache; a slice blocks well under a millisecond there).
 */
async function statAll(dir: string, names: readonly string[]): Promise<(Stats | Error)[]> {
  const out: (Stats | Error)[] = [];
  for (let i = 0; i < names.length; i++) {
    if (i > 0 && i % STAT_SLICE === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      out.push(statSync(path.join(dir, names[i] ?? '')));
    } catch (e: unknown) {
      out.push(e instanceof Error ? e : new Error(String(e)));
    }
  }
  return out;
}

/** Files read and extracted at the same time by a scan. */
const FILES_IN_FLIGHT = 8;

/** `work` on every item, at most `limit` at a time; the results in the items' order. A failure rejects the whole. */
async function inOrder<T, R>(items: readonly T[], limit: number, work: (index: number, item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(index, items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Files stat'ed between two pauses for the event loop. */
const STAT_SLICE = 64;

/**
 * A listed file's text: from the extraction cache, or from its bytes (given, or read again and checked against its
 * hash). Throws an AccordError saying why it cannot be used.
 */
export async function extractListed(file: ListedFile, maxFileBytes: number, options: ReadCorpusOptions, given: Buffer | null = null): Promise<CorpusFile> {
  let bytes = given;
  const dir = options.extractedDir;
  let extraction = dir === undefined ? null : await readCachedExtraction(dir, file.bytesHash);
  if (extraction === null) {
    bytes ??= await readFile(file.absolutePath).catch((e: unknown) => {
      throw new AccordError(`could not be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    });
    if (given === null && sha256(bytes) !== file.bytesHash) {
      throw new AccordError('the file changed while it was being indexed', { hint: 'Reindex again once it is saved.' });
    }
    extraction = await extractDocument(file.docId, bytes, maxFileBytes);
    if (dir !== undefined) await cacheExtraction(dir, file.bytesHash, extraction);
  }
  return {
    ...file,
    text: extraction.text,
    format: extraction.format,
    meta: { ...extraction.meta, ...recordedMeta(file.link) },
    ...(extraction.pages && { pages: extraction.pages }),
  };
}

/** {@link scanCorpus} with every file read and extracted. */
export async function readCorpus(corpusDir: string, maxFileBytes: number, options: Omit<ReadCorpusOptions, 'needsText'> = {}): Promise<CorpusListing> {
  const { files, skipped } = await scanCorpus(corpusDir, maxFileBytes, options);
  return { files: files.filter(isExtracted), skipped };
}

/** Whether a listed file carries its text. */
export function isExtracted(file: CorpusFile | ListedFile): file is CorpusFile {
  return 'text' in file;
}
