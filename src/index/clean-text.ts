import { BULLET_MARKER, classifyParagraph } from './classify-paragraph.js';
import { countWords } from './count-words.js';
import { findParagraphs, type TextSpan } from './find-paragraphs.js';

export type { TextSpan } from './find-paragraphs.js';

/** A document's kept content, as spans of its original text: nothing is copied or rewritten. */
export interface CleanDocument {
  /** The kept prose paragraphs in order, trimmed; paragraph number n (1-based) is `paragraphs[n - 1]`. */
  paragraphs: TextSpan[];
  /** Short title-case lines (section headings, the headline); never part of `paragraphs`. */
  headings: TextSpan[];
  /**
   * The first heading before the first kept paragraph, unless it is a generic label such as "Chapter 1":
   * the title of a document whose front matter has none. Undefined otherwise (use the file name).
   */
  derivedTitle?: string;
}

/** Generic section labels ("Chapter 1", "Part IV", "Contents") name no document. */
const GENERIC_HEADING =
  /^(?:(?:chapter|part|book|section|volume|act|scene)\s+(?:\d+|[ivxlc]+|one|two|three|four|five|six|seven|eight|nine|ten)(?:[.:—–-].*)?|(?:table of )?contents|preface|introduction|prologue|epilogue)\.?$/i;

/** Whitespace-collapsed, lower-cased, bullet-less text: two paragraphs are copies when these are equal. */
function normalize(text: string): string {
  return text.replace(BULLET_MARKER, '').replace(/\s+/g, ' ').toLowerCase();
}

/** Normalized texts of the non-trivial (2+ words) paragraphs that occur more than once. */
function findRepeated(units: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const unit of units) {
    if (countWords(unit) < 2) continue;
    const key = normalize(unit);
    if (seen.has(key)) repeated.add(key);
    seen.add(key);
  }
  return repeated;
}

/**
 * Chooses the prose paragraphs of a document body (from `bodyStart`, as returned by `parseFrontMatter`)
 * and drops the boilerplate a web copy carries. The rules, in order:
 * - an end-of-article marker line ("About the writer", "Related articles", "Comments"…) drops the rest
 *   of the document, once at least one paragraph was kept (so a top navigation bar cannot end it);
 * - every copy of a paragraph of 2+ words that occurs more than once (repeated promo blocks) is dropped;
 * - navigation and UI lines, editorial notes, photo captions and credits, `Label: value` metadata,
 *   bylines, short bullets that are not sentences and tag lines are dropped (see `classifyParagraph`);
 * - what remains is kept when it is running text (`isProse`; a kept bullet keeps its marker, so the
 *   items of a list are contiguous and pack into one passage), recorded as a heading when it is a short
 *   title-case line (or, before the first paragraph, a headline-shaped line), and dropped otherwise.
 * Linear in the length of the text.
 */
export function cleanDocument(text: string, bodyStart: number): CleanDocument {
  const spans = findParagraphs(text, bodyStart);
  const units = spans.map((span) => text.slice(span.start, span.end));
  const repeated = findRepeated(units);
  const paragraphs: TextSpan[] = [];
  const headings: TextSpan[] = [];
  let derivedTitle: string | undefined;

  for (const [index, span] of spans.entries()) {
    const unit = units[index] ?? '';
    const kind = classifyParagraph(unit, paragraphs.length === 0);
    if (kind === 'end-marker' && paragraphs.length > 0) break;
    if (repeated.has(normalize(unit))) continue;
    if (kind === 'prose') {
      paragraphs.push(span);
    } else if (kind === 'heading') {
      headings.push(span);
      if (paragraphs.length === 0 && !GENERIC_HEADING.test(unit)) derivedTitle ??= unit;
    }
  }
  return derivedTitle === undefined ? { paragraphs, headings } : { paragraphs, headings, derivedTitle };
}
