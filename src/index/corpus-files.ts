import { randomBytes } from 'node:crypto';
import { link, mkdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AccordError } from '../errors.js';
import { cutAtGrapheme } from './cut-at-grapheme.js';
import { parseFrontMatter, type FrontMatter } from './front-matter.js';
import { processDocument, type ChunkingSettings } from './process-document.js';
import { checkDocumentBytes, decodeDocument, readCorpus } from './read-corpus.js';

/** A document to add, as uploaded, with metadata to write as front matter. */
export interface NewDocument {
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly meta: FrontMatter;
}

/**
 * "Belgium & Poland: Piorun deal.TXT" → "belgium-poland-piorun-deal.txt", "Угода з Україною.md" →
 * "угода-з-україною.md": letters and digits of any script are kept, everything else becomes "-"; never a path.
 */
export function safeFileName(name: string): string {
  const extension = path.extname(name).toLowerCase();
  const stem = path
    .basename(name, path.extname(name))
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return `${cutAtGrapheme(stem, 80) || 'document'}${extension}`;
}

/** A document's text without its front matter: what "the same content" compares. */
function bodyOf(text: string): string {
  try {
    return text.slice(parseFrontMatter(text).bodyStart);
  } catch {
    return text;
  }
}

/** Front matter lines for the given metadata, merged over what the document already states. */
export function withFrontMatter(text: string, meta: FrontMatter): string {
  const { meta: existing, bodyStart } = parseFrontMatter(text);
  const merged: FrontMatter = { ...existing, ...meta };
  const lines = Object.entries(merged)
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([key, value]) => {
      if (/[\r\n]/.test(String(value))) throw new AccordError(`The ${key} must be one line.`, { hint: `Remove line breaks from the ${key}.` });
      return `${key}: ${String(value).trim()}`;
    });
  if (lines.length === 0) return text;
  return `---\n${lines.join('\n')}\n---\n${text.slice(bodyStart)}`;
}

/**
 * Validates an uploaded document and writes it into the corpus folder (temporary file, then rename: the corpus
 * never holds half a file). Throws an AccordError saying what is wrong: type, size, encoding, front matter,
 * no prose, a name already taken, or the same content already present under another name.
 */
export async function addCorpusDocument(corpusDir: string, doc: NewDocument, maxBytes: number, chunking: ChunkingSettings): Promise<string> {
  const docId = safeFileName(doc.fileName);
  const problem = checkDocumentBytes(docId, doc.bytes, maxBytes);
  if (problem !== null) throw new AccordError(`${doc.fileName} was not added: ${problem}.`);
  let text: string;
  try {
    text = withFrontMatter(decodeDocument(doc.bytes), doc.meta);
    if (processDocument(docId, text, chunking).passages.length === 0) {
      throw new AccordError('it contains no prose once boilerplate is removed, so there is nothing to quote');
    }
  } catch (e: unknown) {
    const reason = e instanceof AccordError ? e.message : String(e);
    throw new AccordError(`${doc.fileName} was not added: ${reason}.`, { ...(e instanceof AccordError && e.hint ? { hint: e.hint } : {}), cause: e });
  }
  // The limit applies to the file as written: the reindex would otherwise skip it as too large.
  const writtenBytes = Buffer.byteLength(text);
  if (writtenBytes > maxBytes) {
    throw new AccordError(`${doc.fileName} was not added: with its front matter it is ${writtenBytes} bytes, over the ${maxBytes}-byte limit (MAX_FILE_BYTES).`, {
      hint: 'Shorten the document or its metadata.',
    });
  }
  const target = path.join(corpusDir, docId);
  const taken = () => new AccordError(`A document named ${docId} already exists.`, { hint: `Remove it first (/corpus remove document:${docId}), or upload under another name.` });
  if (await stat(target).then(() => true, () => false)) throw taken();
  const newBody = bodyOf(text);
  const existing = (await readCorpus(corpusDir, maxBytes).catch(() => ({ files: [] }))).files.find((f) => bodyOf(f.text) === newBody);
  if (existing) throw new AccordError(`${doc.fileName} was not added: the same text is already in the corpus as ${existing.docId}.`);
  await mkdir(corpusDir, { recursive: true });
  const temporary = path.join(corpusDir, `.upload-${randomBytes(6).toString('hex')}`);
  await writeFile(temporary, text, 'utf8');
  try {
    // A hard link fails when the name exists: two uploads of one name cannot overwrite each other.
    await link(temporary, target);
  } catch (e: unknown) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw taken();
    throw e;
  } finally {
    await rm(temporary, { force: true });
  }
  return docId;
}

/** Deletes a document from the corpus folder. `docId` must name a document file inside it. */
export async function removeCorpusDocument(corpusDir: string, docId: string): Promise<void> {
  const target = path.resolve(corpusDir, docId);
  const inside = target.startsWith(path.resolve(corpusDir) + path.sep);
  const isFile = inside && (await stat(target).then((s) => s.isFile(), () => false));
  if (!isFile || docId.split('/').some((part) => part.startsWith('.'))) {
    throw new AccordError(`There is no document "${docId}" in the corpus.`, { hint: 'List the documents with /corpus list or npm run sources.' });
  }
  await rm(target);
}
