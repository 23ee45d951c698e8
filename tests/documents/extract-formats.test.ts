import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { describe, expect, it } from 'vitest';
import PDFDocument from 'pdfkit';
import { DOCX_HIDDEN_TEXT, makeDocx, makeHtml, makePdf } from '../../scripts/make-document-fixtures.js';
import { checkClaimedFormat, sniffFormat } from '../../src/index/extract/detect-format.js';
import { extractDocument } from '../../src/index/extract/extract-document.js';
import { ExtractionError } from '../../src/index/extract/extraction-error.js';
import { EXTRACTION_LIMITS } from '../../src/index/extract/extraction-limits.js';
import { listZipEntries } from '../../src/index/extract/check-zip.js';
import { processDocument, DEFAULT_CHUNKING } from '../../src/index/process-document.js';
import { locatePage } from '../../src/retrieval/locate-page.js';

const PARAGRAPHS = [
  'The harbour council and the coastal guild signed an agreement on Tuesday to restore the old lighthouses along the northern shore.',
  'Under the agreement, the council will hire fourteen new lighthouse keepers before the winter storms arrive, and the guild will train each of them in signal lamps and radio watches.',
  'Fishermen in the harbour welcomed the plan and said that the dark coast had cost them several boats in recent years, most of them in the autumn gales.',
  'The guild promised to publish a yearly report on the state of every lighthouse, with the repairs that remain and what each of them will cost.',
  'Both parties agreed that the first restored lighthouse would be lit again before the end of the coming spring, in a ceremony open to every village on the coast.',
];
const DOC = {
  title: 'Harbour Lighthouse Agreement',
  paragraphs: [...PARAGRAPHS, ...PARAGRAPHS.map((p) => p.replace('The ', 'Later, the ')), ...PARAGRAPHS.map((p) => p.replace('The ', 'In the end, the '))],
};
const MAX = 5_000_000;

async function refusal(name: string, bytes: Uint8Array): Promise<ExtractionError> {
  const error = await extractDocument(name, bytes, MAX).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ExtractionError);
  return error as ExtractionError;
}

function pdfOf(draw: (pdf: PDFKit.PDFDocument) => void, options: PDFKit.PDFDocumentOptions = {}): Promise<Buffer> {
  const pdf = new PDFDocument({ autoFirstPage: false, ...options });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => pdf.on('end', () => resolve(Buffer.concat(chunks))));
  draw(pdf);
  pdf.end();
  return done;
}

describe('PDF extraction', () => {
  it('gives each paragraph whole: hyphenated line ends joined, paragraphs continued over page breaks', async () => {
    const { text, pages, format, meta } = await extractDocument('lighthouses.pdf', await makePdf(DOC), MAX);
    expect(format).toBe('pdf');
    expect(meta.title).toBe(DOC.title);
    const paragraphs = text.split('\n\n');
    for (const p of DOC.paragraphs) expect(paragraphs).toContain(p);
    expect(pages?.map((p) => p.page).slice(0, 2)).toEqual([1, 2]);
    // The PDF really breaks words at line ends: pdf.js reads lines ending in "letter-" from it.
    const pdf = await getDocument({ data: new Uint8Array(await makePdf(DOC)), verbosity: 0 }).promise;
    const lines = (await (await pdf.getPage(1)).getTextContent()).items.map((item) => (item as TextItem).str);
    expect(lines.some((line) => /\p{Ll}-$/u.test(line))).toBe(true);
  });

  it('leaves running headers and page numbers out of the kept paragraphs, by the general cleaning rules', async () => {
    const { text, pages } = await extractDocument('lighthouses.pdf', await makePdf(DOC), MAX);
    expect(text).toContain(`${DOC.title} · Accord fixture`); // in the extracted text, after the body…
    const processed = processDocument('lighthouses.pdf', text, DEFAULT_CHUNKING, { pages: pages ?? [] });
    const kept = processed.passages.map((p) => p.text).join('\n');
    expect(kept).not.toContain('Accord fixture'); // …but never quoted
    expect(kept).not.toMatch(/Page \d/);
    expect(processed.passages.length).toBeGreaterThan(0);
  });

  it('locates each passage on the page it starts on, with its paragraph counted on that page', async () => {
    const { text, pages } = await extractDocument('lighthouses.pdf', await makePdf(DOC), MAX);
    const processed = processDocument('lighthouses.pdf', text, DEFAULT_CHUNKING, { pages: pages ?? [] });
    const meta = { docId: 'x', path: 'x', title: 't', contentHash: 'h', passageCount: 1, pages: processed.pages ?? [] };
    const first = processed.passages[0];
    if (!first) throw new Error('no passage');
    expect(locatePage(meta, first.start, first.paragraph)).toEqual({ page: 1, paragraph: 1 });
    const last = processed.passages.at(-1);
    if (!last) throw new Error('no passage');
    expect(locatePage(meta, last.start, last.paragraph)?.page).toBe(2); // the fixture's body runs onto a second page
  });

  it('refuses a scan without a text layer, saying to run OCR', async () => {
    const scan = await pdfOf((pdf) => {
      pdf.addPage();
      pdf.rect(50, 50, 300, 400).fill('#888');
    });
    const error = await refusal('scan.pdf', scan);
    expect(error.message).toMatch(/no text layer.*scan/);
    expect(error.hint).toMatch(/OCR/);
  });

  it('refuses a password-protected PDF', async () => {
    const locked = await pdfOf((pdf) => pdf.addPage().text(PARAGRAPHS[0] ?? ''), { userPassword: 'secret' });
    expect((await refusal('locked.pdf', locked)).message).toMatch(/password-protected/);
  });

  it('refuses a damaged PDF', async () => {
    const whole = await makePdf(DOC);
    expect((await refusal('broken.pdf', whole.subarray(0, 400))).message).toMatch(/damaged/);
  });

  it(`refuses a PDF of more than ${EXTRACTION_LIMITS.maxPdfPages} pages before reading them`, async () => {
    const huge = await pdfOf((pdf) => {
      for (let i = 0; i <= EXTRACTION_LIMITS.maxPdfPages; i++) pdf.addPage({ size: [100, 100] });
    });
    expect((await refusal('huge.pdf', huge)).message).toMatch(new RegExp(`${EXTRACTION_LIMITS.maxPdfPages + 1} pages, over the limit`));
  });
});

describe('HTML extraction', () => {
  it('keeps the article and its metadata, without navigation, promotion or footer', async () => {
    const html = makeHtml(DOC, { site: 'Coastal Gazette', byline: 'Anna Keeper', date: '2024-03-05' });
    const { text, meta } = await extractDocument('page.html', Buffer.from(html), MAX);
    expect(text.split('\n\n')).toEqual(expect.arrayContaining(DOC.paragraphs));
    expect(text).not.toMatch(/Subscribe|Sign in|All rights reserved|Privacy/);
    expect(meta).toMatchObject({ title: DOC.title, source: 'Coastal Gazette', byline: 'Anna Keeper', date: '2024-03-05' });
  });

  it('refuses a page without an article', async () => {
    const html = '<!doctype html><html><body><nav><a href="/">Home</a> <a href="/news">News</a></nav><p>Sign in</p></body></html>';
    expect((await refusal('empty.html', Buffer.from(html))).message).toMatch(/no article/);
  });

  it('refuses a page nested deeper than any real page, instead of exhausting the stack', async () => {
    const depth = 5_000;
    const html = `<!doctype html><html><body>${'<div>'.repeat(depth)}${DOC.paragraphs.map((p) => `<p>${p}</p>`).join('')}${'</div>'.repeat(depth)}</body></html>`;
    const error = await refusal('deep.html', Buffer.from(html));
    expect(error.message).toMatch(/nests elements more than 500 deep/);
  });
});

describe('DOCX extraction', () => {
  it('keeps the heading, the paragraphs and table rows, and leaves comments and tracked deletions out', async () => {
    const docx = await makeDocx(DOC, { table: [['Lighthouse', 'Keepers'], ['North Point', '4']] });
    const { text } = await extractDocument('agreement.docx', docx, MAX);
    const blocks = text.split('\n\n');
    expect(blocks[0]).toBe(DOC.title);
    expect(blocks).toEqual(expect.arrayContaining([...DOC.paragraphs, 'Lighthouse | Keepers', 'North Point | 4']));
    expect(text).not.toContain(DOCX_HIDDEN_TEXT.comment);
    expect(text).not.toContain(DOCX_HIDDEN_TEXT.deletion);
  });

  it('refuses a DOCX whose entries would expand beyond the limits, before unpacking it', async () => {
    const docx = Buffer.from(await makeDocx(DOC));
    const entries = listZipEntries(docx) ?? [];
    expect(entries.map((e) => e.name)).toContain('word/document.xml');
    // Make the central directory claim 3 GB for word/document.xml, as a zip bomb's would.
    const name = Buffer.from('word/document.xml');
    let at = docx.indexOf(Buffer.concat([Buffer.from([0x50, 0x4b, 0x01, 0x02])]), 0);
    while (at >= 0 && !docx.subarray(at + 46, at + 46 + name.length).equals(name)) at = docx.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4);
    docx.writeUInt32LE(3_000_000_000, at + 24);
    expect((await refusal('bomb.docx', docx)).message).toMatch(/bomb|over the .*-byte limit/);
  });

  it('refuses a ZIP archive that is not a Word document', async () => {
    const docx = Buffer.from(await makeDocx(DOC));
    const patched = Buffer.from(docx.toString('latin1').replaceAll('word/document.xml', 'word/documenX.xml'), 'latin1');
    expect((await refusal('other.docx', patched)).message).toMatch(/not a Word document/);
  });
});

describe('mislabelled files', () => {
  it('names what a file claims to be and what it is', async () => {
    const html = Buffer.from(makeHtml(DOC));
    expect((await refusal('report.pdf', html)).message).toBe('the file is named as a PDF but its content is an HTML page: rename it with the right extension or add the right file');
    expect((await refusal('report.docx', await makePdf(DOC))).message).toMatch(/named as a Word document \(DOCX\) but its content is a PDF/);
    expect((await refusal('notes.txt', await makePdf(DOC))).message).toMatch(/named as plain text but its content is a PDF/);
  });

  it('sniffs formats from the first bytes', () => {
    expect(sniffFormat(Buffer.from('%PDF-1.7\n'))).toBe('pdf');
    expect(sniffFormat(Buffer.from('PK\u0003\u0004rest'))).toBe('zip');
    expect(sniffFormat(Buffer.from('\uFEFF  <!DOCTYPE html><html>'))).toBe('html');
    expect(sniffFormat(Buffer.from('Plain words.'))).toBe('text');
    expect(checkClaimedFormat('markdown', Buffer.from('# Title\n\nText'))).toBeNull();
  });
});
