/**
 * Writes PDF, HTML and DOCX copies of plain-text documents, so tests of text extraction need nothing from outside.
 *
 * - PDF (pdfkit, DejaVu Sans embedded so every character has a text layer): A5-sized pages laid out line by line,
 *   a running header and a page-number footer on every page, paragraphs that continue across page breaks, and
 *   long words hyphenated at line ends (at least one per document), as typesetting programs do.
 * - HTML: an article page with navigation, a promotion block and a footer around the text, and its title, byline,
 *   site name and date in `<meta>` tags.
 * - DOCX (docx): a heading, the paragraphs, a table, a comment and a tracked deletion (the last two must not be
 *   extracted).
 *
 * The input is one paragraph per non-empty line, as the `.txt` files in `corpus/` are.
 * Usage: `npm run make-document-fixtures -- [outDir]` (default `document-fixtures/`): one of each format per corpus file.
 */
import { createRequire } from 'node:module';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AlignmentType, CommentRangeEnd, CommentRangeStart, CommentReference, DeletedTextRun, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');

export interface FixtureDocument {
  readonly title: string;
  /** The prose paragraphs, in order. */
  readonly paragraphs: readonly string[];
}

/** Non-empty lines of a `.txt` file, whitespace-trimmed: the paragraphs of a corpus document. */
export function paragraphsOf(text: string): string[] {
  return text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
}

const PAGE = { width: 420, height: 595, margin: 50, fontSize: 10, lineHeight: 14, paragraphGap: 8 } as const;
/** Words at least this long may be hyphenated at a line end (only lower-case words without a hyphen already). */
const HYPHENATE_MIN_CHARS = 9;

interface Line {
  readonly text: string;
  /** Space after this line before the next one: a paragraph gap after a paragraph's last line. */
  readonly endsParagraph: boolean;
}

/** The line `current` plus the first part of `word` and a hyphen, and the rest of the word; null when no cut fits. */
function hyphenate(current: string, word: string, fits: (s: string) => boolean): [string, string] | null {
  if (word.length < HYPHENATE_MIN_CHARS || !/^[a-z]+$/.test(word)) return null;
  for (let cut = word.length - 4; cut >= 4; cut--) {
    const head = `${current} ${word.slice(0, cut)}-`;
    if (fits(head)) return [head, word.slice(cut)];
  }
  return null;
}

/** Lays a paragraph out in lines no wider than `width`, hyphenating a long lower-case word that does not fit. */
function layOut(paragraph: string, width: number, measure: (s: string) => number): Line[] {
  const fits = (s: string) => measure(s) <= width;
  const lines: Line[] = [];
  let current = '';
  for (const word of paragraph.split(' ')) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (current === '' || fits(candidate)) {
      current = candidate;
      continue;
    }
    const split = hyphenate(current, word, fits);
    lines.push({ text: split?.[0] ?? current, endsParagraph: false });
    current = split?.[1] ?? word;
  }
  if (current !== '') lines.push({ text: current, endsParagraph: true });
  return lines;
}

/** A PDF of the document: several pages, a running header and footer, hyphenated line ends. */
export async function makePdf(doc: FixtureDocument, options: { readonly columnWidth?: number } = {}): Promise<Buffer> {
  const pdf = new PDFDocument({ size: [PAGE.width, PAGE.height], margin: 0, autoFirstPage: false, info: { Title: doc.title, Author: 'Accord test fixtures' } });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve) => pdf.on('end', () => resolve()));
  pdf.registerFont('body', FONT);
  pdf.font('body').fontSize(PAGE.fontSize);
  const width = options.columnWidth ?? PAGE.width - 2 * PAGE.margin;
  const lines = doc.paragraphs.flatMap((p) => layOut(p, width, (s) => pdf.widthOfString(s)));
  const bottom = PAGE.height - PAGE.margin - PAGE.lineHeight;
  let page = 0;
  let y = Infinity;
  const newPage = () => {
    pdf.addPage();
    page += 1;
    pdf.fontSize(8).text(`${doc.title} · Accord fixture`, PAGE.margin, 20, { lineBreak: false });
    pdf.text(`Page ${page}`, PAGE.margin, PAGE.height - 30, { lineBreak: false });
    pdf.fontSize(PAGE.fontSize);
    y = PAGE.margin;
  };
  for (const line of lines) {
    if (y > bottom) newPage();
    pdf.text(line.text, PAGE.margin, y, { lineBreak: false });
    y += PAGE.lineHeight + (line.endsParagraph ? PAGE.paragraphGap : 0);
  }
  pdf.end();
  await done;
  return Buffer.concat(chunks);
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A news page around the document: navigation, promotion and footer that extraction must leave out. */
export function makeHtml(doc: FixtureDocument, meta: { readonly site?: string; readonly byline?: string; readonly date?: string } = {}): string {
  const site = meta.site ?? 'Accord Test News';
  const metaTags = [
    `<meta property="og:title" content="${escapeHtml(doc.title)}">`,
    `<meta property="og:site_name" content="${escapeHtml(site)}">`,
    ...(meta.byline ? [`<meta name="author" content="${escapeHtml(meta.byline)}">`] : []),
    ...(meta.date ? [`<meta property="article:published_time" content="${meta.date}T09:00:00Z">`] : []),
  ];
  const promo = '<aside class="promo"><p>Subscribe to our newsletter for the latest defence news, delivered to your inbox every morning.</p></aside>';
  const body = doc.paragraphs.map((p, i) => `<p>${escapeHtml(p)}</p>${i === 1 ? promo : ''}`).join('\n      ');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>${escapeHtml(doc.title)} | ${escapeHtml(site)}</title>
    ${metaTags.join('\n    ')}
  </head>
  <body>
    <header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/defence">Defence</a> <a href="/login">Sign in</a></nav></header>
    <main>
      <article>
      <h1>${escapeHtml(doc.title)}</h1>
      ${body}
      </article>
    </main>
    <footer><p>© ${escapeHtml(site)}. All rights reserved.</p><ul><li><a href="/privacy">Privacy</a></li><li><a href="/terms">Terms</a></li></ul></footer>
  </body>
</html>
`;
}

/** Text that a DOCX carries only as a comment or a tracked deletion: it must never reach the extracted text. */
export const DOCX_HIDDEN_TEXT = { comment: 'Reviewer comment: check the figures before publishing', deletion: 'Deleted draft wording that was struck out' } as const;

/** A DOCX of the document: a heading, the paragraphs, a comment on the first, a tracked deletion, and a table. */
export async function makeDocx(doc: FixtureDocument, options: { readonly table?: readonly (readonly string[])[] } = {}): Promise<Buffer> {
  const [first = '', ...rest] = doc.paragraphs;
  const children: (Paragraph | Table)[] = [
    new Paragraph({ text: doc.title, heading: HeadingLevel.HEADING_1 }),
    new Paragraph({
      children: [new CommentRangeStart(0), new TextRun(first), new CommentRangeEnd(0), new TextRun({ children: [new CommentReference(0)] }), new DeletedTextRun({ text: ` ${DOCX_HIDDEN_TEXT.deletion}`, id: 1, author: 'Editor', date: '2025-01-01T00:00:00Z' })],
    }),
    ...rest.map((p) => new Paragraph({ children: [new TextRun(p)], alignment: AlignmentType.LEFT })),
  ];
  if (options.table) {
    children.push(new Table({ rows: options.table.map((row) => new TableRow({ children: row.map((cell) => new TableCell({ children: [new Paragraph(cell)] })) })) }));
  }
  const document = new Document({
    creator: 'Accord test fixtures',
    title: doc.title,
    comments: { children: [{ id: 0, author: 'Reviewer', date: new Date('2025-01-01T00:00:00Z'), children: [new Paragraph(DOCX_HIDDEN_TEXT.comment)] }] },
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}

/** "belgium-poland-piorun-letter-of-intent.txt" → "Belgium Poland Piorun Letter Of Intent". */
function titleOf(fileName: string): string {
  return path.basename(fileName, path.extname(fileName)).split('-').map((w) => (w[0] ?? '').toUpperCase() + w.slice(1)).join(' ');
}

/** Writes `<name>.pdf`, `<name>.html` and `<name>.docx` for every `.txt` file of `corpusDir` into `outDir`. */
export async function writeCorpusFixtures(corpusDir: string, outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const name of (await readdir(corpusDir)).filter((n) => n.endsWith('.txt')).sort()) {
    const doc = { title: titleOf(name), paragraphs: paragraphsOf(await readFile(path.join(corpusDir, name), 'utf8')) };
    const stem = path.join(outDir, path.basename(name, '.txt'));
    await writeFile(`${stem}.pdf`, await makePdf(doc));
    await writeFile(`${stem}.html`, makeHtml(doc));
    await writeFile(`${stem}.docx`, await makeDocx(doc));
    written.push(`${stem}.pdf`, `${stem}.html`, `${stem}.docx`);
  }
  return written;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const written = await writeCorpusFixtures('corpus', process.argv[2] ?? 'document-fixtures');
  console.log(`Wrote ${written.length} files:\n${written.join('\n')}`);
}
