import { randomBytes } from 'node:crypto';
import { link as hardLink, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AccordError } from '../errors.js';
import { cutAtGrapheme } from './cut-at-grapheme.js';
import { parseFrontMatter, type FrontMatter } from './front-matter.js';
import { processDocument, type ChunkingSettings } from './process-document.js';
import { extractDocument } from './extract/extract-document.js';
import { sha256 } from './index-store.js';
import { recordDocument, type LinkRecord } from './links/link-registry.js';
import { listCorpusFiles } from './read-corpus.js';

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

/** What to write for a new document, once it is known to be usable. */
interface Prepared {
  readonly content: string | Uint8Array;
  /** Metadata for the link list: for files that cannot carry front matter, and for documents from a link. */
  readonly record: LinkRecord | null;
  /** For the duplicate check: the text without front matter (text formats), or null to compare bytes. */
  readonly body: string | null;
}

function notAdded(fileName: string, e: unknown): AccordError {
  const reason = e instanceof AccordError ? e.message : String(e);
  return new AccordError(`${fileName} was not added: ${reason}.`, { ...(e instanceof AccordError && e.hint ? { hint: e.hint } : {}), cause: e });
}

/** Extracts and checks the document; text files get their metadata as front matter, others in the link list. */
async function prepare(docId: string, doc: NewDocument, maxBytes: number, chunking: ChunkingSettings, link: LinkRecord | undefined): Promise<Prepared> {
  const extraction = await extractDocument(docId, doc.bytes, maxBytes);
  const meta = Object.fromEntries(Object.entries(doc.meta).filter(([, v]) => v !== undefined && v !== '')) as FrontMatter;
  const textual = (extraction.format === 'text' || extraction.format === 'markdown') && link === undefined;
  const text = textual ? withFrontMatter(extraction.text, meta) : extraction.text;
  const extras = textual ? {} : { meta: { ...extraction.meta, ...meta, ...link }, ...(extraction.pages && { pages: extraction.pages }) };
  if (processDocument(docId, text, chunking, extras).passages.length === 0) {
    throw new AccordError('it contains no prose once boilerplate is removed, so there is nothing to quote');
  }
  if (textual) return { content: text, record: null, body: bodyOf(text) };
  const record = { ...meta, ...link };
  return { content: doc.bytes, record: Object.keys(record).length > 0 ? record : null, body: null };
}

/** The document already in the corpus with the same bytes (or, for text, the same body), if any. */
async function findSameContent(corpusDir: string, prepared: Prepared): Promise<string | undefined> {
  const names = await listCorpusFiles(corpusDir).catch(() => []);
  const hash = sha256(prepared.content);
  for (const name of names) {
    const bytes = await readFile(path.join(corpusDir, name)).catch(() => null);
    if (bytes === null) continue;
    if (sha256(bytes) === hash) return name;
    if (prepared.body !== null && !bytes.includes(0) && bodyOf(bytes.toString('utf8')) === prepared.body) return name;
  }
  return undefined;
}

/**
 * Validates an uploaded or fetched document (.txt, .md, .pdf, .html, .docx) and writes it into the corpus folder
 * (temporary file, then a hard link: the corpus never holds half a file, and a name is never overwritten). Throws an
 * AccordError saying what is wrong: type, a mislabelled file, size, encoding, what extraction refused, front matter,
 * no prose, a name already taken, or the same content already present under another name. Text files get their
 * metadata as front matter; other files, and documents from a link (given `link`), in the link list.
 */
export async function addCorpusDocument(corpusDir: string, doc: NewDocument, maxBytes: number, chunking: ChunkingSettings, link?: LinkRecord): Promise<string> {
  const docId = safeFileName(doc.fileName);
  let prepared: Prepared;
  try {
    prepared = await prepare(docId, doc, maxBytes, chunking, link);
  } catch (e: unknown) {
    throw notAdded(doc.fileName, e);
  }
  // The limit applies to the file as written: the reindex would otherwise skip it as too large.
  const writtenBytes = typeof prepared.content === 'string' ? Buffer.byteLength(prepared.content) : prepared.content.byteLength;
  if (writtenBytes > maxBytes) {
    throw new AccordError(`${doc.fileName} was not added: with its front matter it is ${writtenBytes} bytes, over the ${maxBytes}-byte limit (MAX_FILE_BYTES).`, {
      hint: 'Shorten the document or its metadata.',
    });
  }
  const target = path.join(corpusDir, docId);
  const taken = () => new AccordError(`A document named ${docId} already exists.`, { hint: `Remove it first (/corpus remove document:${docId}), or upload under another name.` });
  if (await stat(target).then(() => true, () => false)) throw taken();
  const existing = await findSameContent(corpusDir, prepared);
  if (existing) throw new AccordError(`${doc.fileName} was not added: the same text is already in the corpus as ${existing}.`);
  await mkdir(corpusDir, { recursive: true });
  const temporary = path.join(corpusDir, `.upload-${randomBytes(6).toString('hex')}`);
  await writeFile(temporary, prepared.content);
  try {
    // A hard link fails when the name exists: two uploads of one name cannot overwrite each other.
    await hardLink(temporary, target);
  } catch (e: unknown) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw taken();
    throw e;
  } finally {
    await rm(temporary, { force: true });
  }
  if (prepared.record !== null) await recordDocument(corpusDir, docId, prepared.record);
  return docId;
}
