import { describe, expect, it } from 'vitest';
import { joinLines, layOutPdfText, type PdfPageText, type PdfTextRun } from '../../src/index/extract/pdf-layout.js';
import { numberPages } from '../../src/index/process-document.js';
import { locatePage } from '../../src/retrieval/locate-page.js';

const HEIGHT = 600;
/** Lines top-down from y = 520, 14 apart; `null` leaves an extra gap (a paragraph break). */
function page(lines: readonly (string | null)[], furniture: { header?: string; footer?: string } = {}): PdfPageText {
  const runs: PdfTextRun[] = [];
  if (furniture.header) runs.push({ text: furniture.header, x: 50, y: 575, width: 200, size: 8 });
  if (furniture.footer) runs.push({ text: furniture.footer, x: 50, y: 20, width: 30, size: 8 });
  let y = 520;
  for (const line of lines) {
    if (line === null) {
      y -= 10;
      continue;
    }
    runs.push({ text: line, x: 50, y, width: line.length * 5, size: 10 });
    y -= 14;
  }
  return { height: HEIGHT, runs };
}

describe('joinLines', () => {
  it('joins a word hyphenated at a line end, keeps a hyphen before a capital or digit, else adds a space', () => {
    expect(joinLines('toward enha-', 'ncing their')).toBe('toward enhancing their');
    expect(joinLines('Władysław Kosiniak-', 'Kamysz said')).toBe('Władysław Kosiniak-Kamysz said');
    expect(joinLines('the F-', '35A jets')).toBe('the F-35A jets');
    expect(joinLines('soft\u00AD', 'ware')).toBe('software');
    expect(joinLines('in the', 'harbour')).toBe('in the harbour');
  });
});

describe('layOutPdfText', () => {
  const long = 'The harbour council and the coastal guild signed an agreement on Tuesday to restore the';
  it('finds paragraphs by the gap between them, and continues one over a page break', () => {
    const { text, pages } = layOutPdfText([
      page([long, 'old lighthouses.', null, long, 'old lighthouses of the north, and the guild promised to train every'], { header: 'Harbour Gazette', footer: '1' }),
      page(['keeper in signal lamps.', null, 'Fishermen welcomed the plan.'], { header: 'Harbour Gazette', footer: '2' }),
    ]);
    const paragraphs = text.split('\n\n');
    expect(paragraphs.slice(0, 3)).toEqual([
      `${long} old lighthouses.`,
      `${long} old lighthouses of the north, and the guild promised to train every keeper in signal lamps.`,
      'Fishermen welcomed the plan.',
    ]);
    // Running headers and page numbers come after the body, page by page.
    expect(paragraphs.slice(3)).toEqual(['Harbour Gazette', '1', 'Harbour Gazette', '2']);
    // Page 2 begins where the continued paragraph's second part does.
    const page2 = pages.find((p) => p.page === 2);
    expect(text.slice(page2?.start)).toMatch(/^keeper in signal lamps\./);
  });

  it('does not continue a page that ends a sentence when the next begins with a capital', () => {
    const { text } = layOutPdfText([page([long, `${long.slice(0, 60)} lighthouses.`]), page(['Fishermen welcomed the plan.'])]);
    expect(text.split('\n\n')).toHaveLength(2);
  });

  it('keeps a one-line paragraph at the foot of the page in the body: only lines set apart by a wide gap are furniture', () => {
    const { text } = layOutPdfText([page([long, 'old lighthouses.', null, 'A short closing line.'], { footer: '1' })]);
    expect(text.split('\n\n')).toEqual([`${long} old lighthouses.`, 'A short closing line.', '1']);
  });
});

describe('reading order', () => {
  it('reads a single column top to bottom even when the producer wrote its lines out of order', () => {
    const written = page(['First line of the page which runs on', 'and ends the first sentence here.', null, 'A second paragraph.']);
    const shuffled = { ...written, runs: [written.runs[2], written.runs[0], written.runs[1]] as PdfTextRun[] };
    expect(layOutPdfText([shuffled]).text).toBe('First line of the page which runs on and ends the first sentence here.\n\nA second paragraph.');
  });

  it('keeps two columns in the order they were written, column by column', () => {
    const column = (x: number, lines: string[]) => lines.map((text, i) => ({ text, x, y: 520 - 14 * i, width: 120, size: 10 }));
    const runs = [...column(50, ['Left column starts', 'and ends here.']), ...column(300, ['Right column starts', 'and ends too.'])];
    expect(layOutPdfText([{ height: HEIGHT, runs }]).text).toBe('Left column starts and ends here.\n\nRight column starts and ends too.');
  });
});

describe('page locations', () => {
  it('numbers each page by its first paragraph, and counts a quote’s paragraph on its page', () => {
    const paragraphs = [{ start: 0, end: 100 }, { start: 102, end: 300 }, { start: 302, end: 400 }, { start: 402, end: 500 }];
    const pages = numberPages([{ start: 0, page: 1 }, { start: 250, page: 2 }, { start: 402, page: 3 }], paragraphs);
    expect(pages.map((p) => p.firstParagraph)).toEqual([1, 2, 4]);
    const doc = { docId: 'd.pdf', path: 'd.pdf', title: 'D', contentHash: 'h', passageCount: 1, pages };
    expect(locatePage(doc, 120, 2)).toEqual({ page: 1, paragraph: 2 });
    expect(locatePage(doc, 260, 2)).toEqual({ page: 2, paragraph: 1 }); // continued from page 1: ¶ 1 of page 2
    expect(locatePage(doc, 310, 3)).toEqual({ page: 2, paragraph: 2 });
    expect(locatePage(doc, 410, 4)).toEqual({ page: 3, paragraph: 1 });
    expect(locatePage({ ...doc, pages: undefined } as never, 10, 1)).toBeNull();
  });
});
