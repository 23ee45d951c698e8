import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { AccordError } from '../errors.js';
import { sha256 } from './index-store.js';

/** Extensions indexed as documents. */
export const DOCUMENT_EXTENSIONS = ['.txt', '.md'] as const;

export interface CorpusFile {
  /** Path relative to the corpus folder, `/`-separated: the document's stable id. */
  readonly docId: string;
  readonly absolutePath: string;
  /** The file's text exactly as decoded (a byte-order mark, if any, kept), so offsets match `readFile(…, 'utf8')`. */
  readonly text: string;
  readonly contentHash: string;
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

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function tooLarge(bytes: number, maxBytes: number): string {
  return `file is ${bytes} bytes, over the ${maxBytes}-byte limit (MAX_FILE_BYTES)`;
}

/** Why a file of this name is not a document, or null when its extension is supported. */
export function checkDocumentName(name: string): string | null {
  const extension = path.extname(name).toLowerCase();
  if ((DOCUMENT_EXTENSIONS as readonly string[]).includes(extension)) return null;
  return `unsupported file type "${extension || '(none)'}": only ${DOCUMENT_EXTENSIONS.join(' and ')} files are indexed`;
}

/** Why these bytes are not a usable text document, or null when they are. Pure, so each rule is testable. */
export function checkDocumentBytes(name: string, bytes: Uint8Array, maxBytes: number): string | null {
  const badName = checkDocumentName(name);
  if (badName !== null) return badName;
  if (bytes.byteLength > maxBytes) return tooLarge(bytes.byteLength, maxBytes);
  if (bytes.byteLength === 0) return 'file is empty';
  if (bytes.includes(0)) return 'file looks binary (it contains NUL bytes), not text';
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return 'file is not valid UTF-8 text: re-save it as UTF-8';
  }
  if (text.trim() === '') return 'file contains only whitespace';
  return null;
}

/** Decodes bytes already accepted by {@link checkDocumentBytes}. */
export function decodeDocument(bytes: Uint8Array): string {
  return utf8.decode(bytes);
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
 * Reads every document under the corpus folder (subfolders included, in path order). Files that cannot be
 * used are listed in `skipped` with the reason; they never stop the others. A second file with the same
 * content as an earlier one is skipped as a duplicate. Throws an AccordError when the folder is missing.
 */
export async function readCorpus(corpusDir: string, maxFileBytes: number): Promise<CorpusListing> {
  let names: string[];
  const skipped: SkippedFile[] = [];
  try {
    names = await listCorpusFiles(corpusDir, skipped);
  } catch (e: unknown) {
    throw new AccordError(`The corpus folder ${corpusDir} is missing or unreadable.`, {
      hint: 'Create it and put .txt or .md documents in it, or point CORPUS_DIR at the right folder.',
      cause: e,
    });
  }
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
    const problem = checkDocumentBytes(docId, bytes, maxFileBytes);
    if (problem !== null) {
      skipped.push({ path: docId, reason: problem });
      continue;
    }
    const contentHash = sha256(bytes);
    const original = byHash.get(contentHash);
    if (original !== undefined) {
      skipped.push({ path: docId, reason: `same content as ${original}: duplicate skipped` });
      continue;
    }
    byHash.set(contentHash, docId);
    files.push({ docId, absolutePath, text: decodeDocument(bytes), contentHash });
  }
  return { files, skipped };
}
