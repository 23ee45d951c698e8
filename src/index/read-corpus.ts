import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { AccordError, describeError } from '../errors.js';
import { FORMAT_BY_EXTENSION } from './extract/detect-format.js';
import { checkDocumentName, extractDocument, type Extraction } from './extract/extract-document.js';
import { cacheExtraction, extractedTextFile, readCachedExtraction } from './extract/extraction-cache.js';
import type { DocumentFormat, PageStart } from './extract/extracted-document.js';
import type { FrontMatter } from './front-matter.js';
import { sha256 } from './index-store.js';
import { readLinks, type LinkRecord, type Links } from './links/link-registry.js';

export { checkDocumentName } from './extract/extract-document.js';

/** Extensions indexed as documents. */
export const DOCUMENT_EXTENSIONS = Object.keys(FORMAT_BY_EXTENSION);

export interface CorpusFile {
  /** Path relative to the corpus folder, `/`-separated: the document's stable id. */
  readonly docId: string;
  readonly absolutePath: string;
  /**
   * The document's extracted text: for `.txt` and `.md` the file's text exactly as decoded (a byte-order mark, if
   * any, kept, so offsets match `readFile(…, 'utf8')`); for PDF, HTML and DOCX the text extraction made of it.
   */
  readonly text: string;
  /** sha256 of the file's bytes, and of its link record when it came from a link (a refresh then counts as a change). */
  readonly contentHash: string;
  readonly format: DocumentFormat;
  /** What the file says about itself, then its link (URL, fetch date): front matter in the text overrides both. */
  readonly meta: FrontMatter;
  /** PDFs: where each page begins in `text`. */
  readonly pages?: readonly PageStart[];
  /** Where the extracted text is stored as a file, when an extraction folder was given. */
  readonly textFile?: string;
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

export interface ReadCorpusOptions {
  /** Where extracted texts are kept (`INDEX_DIR/extracted`): read from there when unchanged, written there when new. */
  readonly extractedDir?: string;
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

/** The file's extraction: from the cache when these bytes were extracted before by the current rules. */
async function extractWithCache(docId: string, bytes: Uint8Array, bytesHash: string, maxBytes: number, options: ReadCorpusOptions): Promise<Extraction> {
  const dir = options.extractedDir;
  const cached = dir === undefined ? null : await readCachedExtraction(dir, bytesHash);
  if (cached) return cached;
  const extraction = await extractDocument(docId, bytes, maxBytes);
  if (dir !== undefined) await cacheExtraction(dir, bytesHash, extraction);
  return extraction;
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

/**
 * Reads every document under the corpus folder (subfolders included, in path order) and extracts its text.
 * Files that cannot be used are listed in `skipped` with the reason; they never stop the others. A second file
 * with the same bytes as an earlier one is skipped as a duplicate. Throws an AccordError when the folder is
 * missing or its link list is damaged.
 */
export async function readCorpus(corpusDir: string, maxFileBytes: number, options: ReadCorpusOptions = {}): Promise<CorpusListing> {
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
  const files: CorpusFile[] = [];
  const byHash = new Map<string, string>();
  for (const docId of names) {
    const absolutePath = path.join(corpusDir, docId);
    let bytes: Buffer;
    try {
      const info = await stat(absolutePath);
      const early = checkDocumentName(docId) ?? (info.size > maxFileBytes ? tooLarge(info.size, maxFileBytes) : null);
      if (early !== null) {
        skipped.push({ path: docId, reason: early }); // unsupported type or too large: not even read
        continue;
      }
      bytes = await readFile(absolutePath);
    } catch (e: unknown) {
      skipped.push({ path: docId, reason: `could not be read (${(e as NodeJS.ErrnoException).code ?? String(e)})` });
      continue;
    }
    const bytesHash = sha256(bytes);
    let extraction: Extraction;
    try {
      extraction = await extractWithCache(docId, bytes, bytesHash, maxFileBytes, options);
    } catch (e: unknown) {
      if (!(e instanceof AccordError)) throw e;
      skipped.push({ path: docId, reason: describeError(e).replace(/\n→ /g, ' → ') });
      continue;
    }
    const original = byHash.get(bytesHash);
    if (original !== undefined) {
      skipped.push({ path: docId, reason: `same content as ${original}: duplicate skipped` });
      continue;
    }
    byHash.set(bytesHash, docId);
    const link = links[docId];
    files.push({
      docId,
      absolutePath,
      text: extraction.text,
      contentHash: link ? sha256(`${bytesHash}\n${JSON.stringify(link)}`) : bytesHash,
      format: extraction.format,
      meta: { ...extraction.meta, ...recordedMeta(link) },
      ...(extraction.pages && { pages: extraction.pages }),
      ...(options.extractedDir !== undefined && { textFile: extractedTextFile(options.extractedDir, bytesHash) }),
    });
  }
  return { files, skipped };
}
