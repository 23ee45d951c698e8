import mammoth from 'mammoth';
import { checkDocxArchive } from './check-zip.js';
import { ExtractionError } from './extraction-error.js';
import type { ExtractedDocument } from './extracted-document.js';
import { parseDocument } from './extract-html.js';
import { htmlBlocks } from './html-blocks.js';

/**
 * The text of a Word document (mammoth): headings and paragraphs in order, tables as one line per row (cells
 * joined with ` | `). Comments and tracked deletions are left out (tracked insertions are kept: the text as it
 * now reads). The archive is checked against the expansion limits before it is unpacked.
 */
export async function extractDocx(bytes: Uint8Array): Promise<ExtractedDocument> {
  checkDocxArchive(bytes);
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes) })).value;
  } catch (e: unknown) {
    if (e instanceof RangeError) throw new ExtractionError('the DOCX is nested too deeply to read', 'Save its text as a .txt file and add that.', e);
    throw new ExtractionError('the DOCX is damaged or not a Word document', 'Open it in Word or LibreOffice and save it again as .docx, then add that.', e);
  }
  let blocks: string[];
  try {
    blocks = htmlBlocks(parseDocument(`<!doctype html><html><body>${html}</body></html>`).body as never);
  } catch (e: unknown) {
    throw new ExtractionError('the DOCX is nested too deeply to read', 'Save its text as a .txt file and add that.', e);
  }
  return { text: blocks.join('\n\n'), meta: {} };
}
