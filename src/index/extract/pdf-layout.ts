import type { PageStart } from './extracted-document.js';

/** One run of text as the PDF's text layer places it (pdf.js `TextItem`, in PDF units, y growing upwards). */
export interface PdfTextRun {
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  /** The font size. */
  readonly size: number;
}

export interface PdfPageText {
  readonly height: number;
  /** In content-stream order: the order the producer wrote them, which is the reading order of the text. */
  readonly runs: readonly PdfTextRun[];
}

interface Line {
  text: string;
  readonly x: number;
  readonly y: number;
  width: number;
  readonly size: number;
}

/** Lines this close to the top or bottom edge (share of the page height) may be running headers or footers. */
const MARGIN_BAND = 0.12;
/** A margin line is furniture when a gap of more than this many line spacings separates it from the body (a paragraph gap is 1.4–1.6). */
const FURNITURE_GAP_LINES = 1.8;
/** A gap between lines of more than this many line spacings starts a new paragraph. */
const PARAGRAPH_GAP_LINES = 1.4;
/** A line ending a sentence and shorter than this share of the widest line ends its paragraph. */
const SHORT_LINE_SHARE = 0.7;
/**
 * The last line of a page continues on the next when it does not end a sentence and is at least this share of the
 * widest line (shorter ones are headings)…
 */
const CONTINUED_LINE_SHARE = 0.6;
/** …or when it is nearly full and the next page starts in lower case. */
const FULL_LINE_SHARE = 0.9;
const TERMINAL = /[.!?:;"”’»)\]]$/;

/** Runs with the same baseline, in stream order, joined with a space where the PDF leaves a gap. */
function groupLines(runs: readonly PdfTextRun[]): Line[] {
  const lines: Line[] = [];
  for (const run of runs) {
    if (run.text === '') continue;
    const last = lines.at(-1);
    if (last && Math.abs(run.y - last.y) <= 0.5 * Math.max(run.size, last.size, 1) && run.x >= last.x + last.width - run.size) {
      const gap = run.x - (last.x + last.width);
      const joint = gap > 0.15 * run.size && !/\s$/.test(last.text) && !/^\s/.test(run.text) ? ' ' : '';
      last.text += joint + run.text;
      last.width = run.x + run.width - last.x;
    } else {
      lines.push({ text: run.text, x: run.x, y: run.y, width: run.width, size: run.size });
    }
  }
  for (const line of lines) line.text = line.text.replace(/[ \t\r\n]+/g, ' ').trim(); // a no-break space stays
  return lines.filter((line) => line.text !== '');
}

/** The most common value, rounded to half a point (the smaller one on a tie): the usual line spacing. */
function mostCommon(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(Math.round(v * 2) / 2, (counts.get(Math.round(v * 2) / 2) ?? 0) + 1);
  let best = 0;
  let bestCount = 0;
  for (const [value, count] of counts) {
    if (count > bestCount || (count === bestCount && value < best)) [best, bestCount] = [value, count];
  }
  return best;
}

/**
 * The lines at one edge of the page that are furniture: walking inwards from the edge through lines inside the
 * margin band, everything up to the last wide gap (a header block may have several lines, close together).
 */
function edgeFurniture(fromEdge: readonly Line[], inBand: (l: Line) => boolean, gapLimit: number): Line[] {
  let count = 0;
  for (let i = 0; i < fromEdge.length && inBand(fromEdge[i] as Line); i++) {
    const line = fromEdge[i] as Line;
    const next = fromEdge[i + 1];
    if (next === undefined) break; // a page of margin lines only has no body to set them apart from
    if (Math.abs(line.y - next.y) > gapLimit) count = i + 1;
  }
  return fromEdge.slice(0, count);
}

/** Splits a page's lines into furniture (lines near the top or bottom edge set apart by a wide gap) and body. */
function separateFurniture(lines: readonly Line[], height: number, spacing: number): { furniture: Line[]; body: Line[] } {
  const gapLimit = FURNITURE_GAP_LINES * spacing;
  const topDown = [...lines].sort((a, b) => b.y - a.y);
  const top = edgeFurniture(topDown, (l) => l.y > height * (1 - MARGIN_BAND), gapLimit);
  const bottom = edgeFurniture([...topDown].reverse(), (l) => l.y < height * MARGIN_BAND, gapLimit).reverse();
  const furniture = [...top, ...bottom.filter((l) => !top.includes(l))];
  return { furniture, body: lines.filter((l) => !furniture.includes(l)) };
}

/**
 * The body lines in reading order. A single column (no line starts right of the middle of the text) is read top
 * to bottom, whatever order the producer wrote its lines in; columns keep the content-stream order, which is the
 * column-by-column order of the producers that write them.
 */
function readingOrder(body: readonly Line[]): Line[] {
  const left = Math.min(...body.map((l) => l.x));
  const right = Math.max(...body.map((l) => l.x + l.width));
  const singleColumn = body.every((l) => l.x < left + (right - left) / 2);
  return singleColumn ? [...body].sort((a, b) => b.y - a.y) : [...body];
}

/** Joins two lines of one paragraph: a hyphen at a line end before a lower-case letter is a word broken in two. */
export function joinLines(before: string, after: string): string {
  if (/[\p{L}]-$/u.test(before) && /^\p{Ll}/u.test(after)) return before.slice(0, -1) + after;
  if (/\u00AD$/.test(before)) return before.slice(0, -1) + after;
  if (/[\p{L}\p{N}]-$/u.test(before)) return before + after; // "Kosiniak-" + "Kamysz", "F-" + "35A"
  return `${before} ${after}`;
}

interface Paragraph {
  lines: Line[];
}

/** The body's paragraphs: a wide gap, a first-line indent, or a short line ending a sentence ends one. */
function findParagraphs(body: readonly Line[], spacing: number, widest: number): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let previous: Line | undefined;
  for (const line of body) {
    const gap = previous ? previous.y - line.y : 0;
    const startsNew =
      previous === undefined ||
      gap > PARAGRAPH_GAP_LINES * spacing ||
      gap < -spacing || // a jump up the page: a new column
      Math.abs(line.size - previous.size) > 0.5 ||
      line.x > previous.x + line.size ||
      (TERMINAL.test(previous.text) && previous.width < SHORT_LINE_SHARE * widest);
    if (startsNew) paragraphs.push({ lines: [line] });
    else paragraphs.at(-1)?.lines.push(line);
    previous = line;
  }
  return paragraphs;
}

function paragraphText(paragraph: Paragraph): string {
  return paragraph.lines.map((l) => l.text).reduce((text, next) => joinLines(text, next));
}

/**
 * Turns the text layer of a PDF's pages into paragraphs separated by blank lines, and where each page begins.
 * Lines are read in content-stream order; hyphenated line ends are joined; a paragraph that runs over a page
 * break continues (its second part still counts as the next page). Running headers, footers and page numbers
 * (lines near the page edges set apart by a wide gap) are collected after the body, page by page, so that a quote
 * never has to span them; there the general cleaning rules drop them as repeated or non-prose lines. Pure.
 */
export function layOutPdfText(pages: readonly PdfPageText[]): { text: string; pages: PageStart[] } {
  const allLines = pages.map((p) => groupLines(p.runs));
  const spacing = mostCommon(allLines.flatMap((lines) => lines.slice(1).map((l, i) => (lines[i]?.y ?? 0) - l.y).filter((d) => d > 0))) || 12;
  let text = '';
  const starts: PageStart[] = [];
  const furnitureByPage: string[][] = [];
  let open: { line: Line; full: boolean } | null = null; // the last body line of the previous page, when it may continue
  const append = (part: string) => {
    text += text === '' ? part : `\n\n${part}`;
  };
  for (const [index, page] of pages.entries()) {
    const pageNumber = index + 1;
    const { furniture, body } = separateFurniture(allLines[index] ?? [], page.height, spacing);
    furnitureByPage.push(furniture.map((l) => l.text));
    const widest = Math.max(0, ...body.map((l) => l.width));
    const paragraphs = findParagraphs(readingOrder(body), spacing, widest);
    const first = paragraphs[0];
    const firstLine = first?.lines[0];
    const continues = open && firstLine && (!TERMINAL.test(open.line.text) || (open.full && /^\p{Ll}/u.test(firstLine.text)));
    if (continues && first) {
      // The paragraph goes on: its rest joins the previous page's text, and this page begins where the rest does.
      const rest = paragraphText(first);
      // Only the end of the text decides how to join: handing joinLines the whole text would make this quadratic.
      const keep = Math.max(0, text.length - 8);
      text = text.slice(0, keep) + joinLines(text.slice(keep), rest);
      starts.push({ start: text.length - rest.length, page: pageNumber });
      paragraphs.shift();
    } else {
      starts.push({ start: text === '' ? 0 : text.length + 2, page: pageNumber });
    }
    for (const paragraph of paragraphs) append(paragraphText(paragraph));
    const last = paragraphs.at(-1)?.lines.at(-1) ?? (paragraphs.length === 0 && first ? first.lines.at(-1) : undefined);
    open = last && last.width >= CONTINUED_LINE_SHARE * widest ? { line: last, full: last.width >= FULL_LINE_SHARE * widest } : null;
  }
  for (const [index, lines] of furnitureByPage.entries()) {
    if (lines.length === 0) continue;
    starts.push({ start: text === '' ? 0 : text.length + 2, page: index + 1 });
    for (const line of lines) append(line);
  }
  return { text, pages: starts };
}
