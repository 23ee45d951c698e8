import { ExtractionError } from './extraction-error.js';
import { EXTRACTION_LIMITS } from './extraction-limits.js';
import type { DocumentFormat, ExtractedDocument } from './extracted-document.js';
import { checkClaimedFormat, FORMAT_BY_EXTENSION, formatOfName } from './detect-format.js';

/** Bump when extraction turns a file into different text: cached extractions of the old rules are then redone. */
export const EXTRACTION_VERSION = 1;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** A plain-text or Markdown file's text exactly as decoded (a byte-order mark kept, so offsets match the file). */
function decodeText(bytes: Uint8Array): string {
  if (bytes.includes(0)) throw new ExtractionError('file looks binary (it contains NUL bytes), not text', 'Add the document as .txt, .md, .pdf, .html or .docx.');
  try {
    return utf8.decode(bytes);
  } catch (e: unknown) {
    throw new ExtractionError('file is not valid UTF-8 text: re-save it as UTF-8', 'Open it in a text editor and save it with UTF-8 encoding.', e);
  }
}

/** Why a file of this name is not a document Accord reads, or null when its extension is one. */
export function checkDocumentName(name: string): string | null {
  if (formatOfName(name) !== null) return null;
  const extension = name.includes('.') ? name.slice(name.lastIndexOf('.')).toLowerCase() : '';
  return `unsupported file type "${extension || '(none)'}": only ${Object.keys(FORMAT_BY_EXTENSION).join(', ')} files are indexed`;
}

export type Extraction = ExtractedDocument & { readonly format: DocumentFormat };

/**
 * A document file's text and metadata, by the format its name claims once its bytes are checked to be that
 * format. Throws an ExtractionError saying what is wrong: type, size, a mislabelled file, encoding, no text,
 * or what the format's extractor refused (a scan, a password, a bomb, a page without an article).
 */
export async function extractDocument(name: string, bytes: Uint8Array, maxBytes: number): Promise<Extraction> {
  const unsupported = checkDocumentName(name);
  const format = formatOfName(name);
  if (unsupported !== null || format === null) throw new ExtractionError(unsupported ?? 'unsupported file type', 'Add the document as .txt, .md, .pdf, .html or .docx.');
  if (bytes.byteLength > maxBytes) throw new ExtractionError(`file is ${bytes.byteLength} bytes, over the ${maxBytes}-byte limit (MAX_FILE_BYTES)`, 'Split or shorten the document, or raise MAX_FILE_BYTES.');
  if (bytes.byteLength === 0) throw new ExtractionError('file is empty', 'Add a document with text in it.');
  const mislabelled = checkClaimedFormat(format, bytes);
  if (mislabelled !== null) throw new ExtractionError(mislabelled, 'Check that the file is what its name says.');
  // The extractors (pdf.js, mammoth, linkedom: about 0.3 s to import) are loaded only for a file that needs them.
  let extracted: ExtractedDocument;
  if (format === 'text' || format === 'markdown') extracted = { text: decodeText(bytes), meta: {} };
  else if (format === 'pdf') extracted = await (await import('./extract-pdf.js')).extractPdf(bytes);
  else if (format === 'docx') extracted = await (await import('./extract-docx.js')).extractDocx(bytes);
  else {
    const { decodeHtml, extractHtml } = await import('./extract-html.js');
    extracted = extractHtml(decodeHtml(bytes));
  }
  if (extracted.text.length > EXTRACTION_LIMITS.maxTextChars) {
    throw new ExtractionError(`the extracted text is ${extracted.text.length} characters, over the limit of ${EXTRACTION_LIMITS.maxTextChars}`, 'Split the document into parts and add those.');
  }
  if (extracted.text.trim() === '') throw new ExtractionError(format === 'text' || format === 'markdown' ? 'file contains only whitespace' : 'no text could be extracted from the file', 'Add a document with text in it.');
  return { ...extracted, format };
}
