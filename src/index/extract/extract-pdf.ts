import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { ExtractionError } from './extraction-error.js';
import { EXTRACTION_LIMITS } from './extraction-limits.js';
import type { ExtractedDocument } from './extracted-document.js';
import { layOutPdfText, type PdfPageText } from './pdf-layout.js';
import { oneLine } from './one-line.js';

/** Below this many letters per page on average, a PDF has no usable text layer: it is a scan. */
const MIN_LETTERS_PER_PAGE = 20;

async function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
  const task = getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0, stopAtErrors: true });
  try {
    return await task.promise;
  } catch (e: unknown) {
    const name = (e as { name?: string }).name;
    if (name === 'PasswordException') {
      throw new ExtractionError('the PDF is password-protected', 'Save an unprotected copy (print to PDF without a password), then add that.', e);
    }
    throw new ExtractionError('the PDF is damaged or not a PDF', 'Open it in a PDF reader; if it opens, save a fresh copy ("Save as" or print to PDF) and add that.', e);
  }
}

async function readPage(pdf: PDFDocumentProxy, pageNumber: number): Promise<PdfPageText> {
  const page = await pdf.getPage(pageNumber);
  const [, , , top] = page.view;
  const content = await page.getTextContent();
  const runs = content.items
    .filter((item): item is TextItem => 'str' in item)
    .map((item) => ({
      text: item.str.replace(/[\uFB00-\uFB06]/g, (ligature) => ligature.normalize('NFKC')),
      x: Number(item.transform[4]),
      y: Number(item.transform[5]),
      width: item.width,
      size: Math.hypot(Number(item.transform[2]), Number(item.transform[3])) || item.height,
    }));
  page.cleanup();
  return { height: top ?? 0, runs };
}

/**
 * The text layer of a PDF, page by page, as paragraphs (see `layOutPdfText`), with where each page begins and the
 * title from the document information. Throws an ExtractionError for a password-protected, damaged or oversized
 * PDF, one that takes too long, and a scan without a text layer.
 */
export async function extractPdf(bytes: Uint8Array): Promise<ExtractedDocument> {
  const started = performance.now();
  const pdf = await openPdf(bytes);
  try {
    if (pdf.numPages > EXTRACTION_LIMITS.maxPdfPages) {
      throw new ExtractionError(`the PDF has ${pdf.numPages} pages, over the limit of ${EXTRACTION_LIMITS.maxPdfPages}`, 'Split it into parts and add those.');
    }
    const pages: PdfPageText[] = [];
    let chars = 0;
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await readPage(pdf, n).catch((e: unknown) => {
        throw new ExtractionError(`page ${n} of the PDF is damaged`, 'Save a fresh copy of the PDF (print to PDF) and add that.', e);
      });
      chars += page.runs.reduce((sum, run) => sum + run.text.length, 0);
      if (chars > EXTRACTION_LIMITS.maxTextChars) {
        throw new ExtractionError(`the PDF's text is over ${EXTRACTION_LIMITS.maxTextChars} characters by page ${n}`, 'Split it into parts and add those.');
      }
      if (performance.now() - started > EXTRACTION_LIMITS.timeoutMs) {
        throw new ExtractionError(`reading the PDF took over ${EXTRACTION_LIMITS.timeoutMs / 1000} s (stopped at page ${n})`, 'Save a simpler copy (print to PDF) or split it, then add that.');
      }
      pages.push(page);
    }
    const { text, pages: starts } = layOutPdfText(pages);
    const letters = text.match(/\p{L}/gu)?.length ?? 0;
    if (letters < MIN_LETTERS_PER_PAGE * pdf.numPages) {
      throw new ExtractionError(
        `the PDF has no text layer (${letters} letters in ${pdf.numPages} page${pdf.numPages === 1 ? '' : 's'}): it looks like a scan`,
        'Run it through OCR (for example ocrmypdf, or "Recognize text" in a PDF editor), then add the result.',
      );
    }
    const info = ((await pdf.getMetadata().catch(() => null))?.info ?? {}) as { Title?: unknown };
    const title = oneLine(info.Title);
    return { text, meta: title === undefined ? {} : { title }, pages: starts };
  } finally {
    await pdf.destroy();
  }
}
