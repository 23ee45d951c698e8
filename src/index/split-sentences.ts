import type { SentenceSpan } from '../retrieval/types.js';
import { isWhitespaceCode } from './count-words.js';
import type { TextSpan } from './find-paragraphs.js';

/** A sentence being built, as offsets relative to its paragraph. */
interface Piece {
  start: number;
  end: number;
}

/** Abbreviations that are followed by a name or a number, so their period never ends the sentence. */
const ABBREVIATION_END =
  /(?:^|[\s(“"'‘[])(?:Mr|Mrs|Ms|Mx|Dr|Prof|St|Gen|Lt|Col|Sgt|Capt|Maj|Adm|Cmdr|Gov|Sen|Rep|Rev|Hon|Pres|No|Nos|Nr|vs|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|e\.g|i\.e|cf|approx|a\.m|p\.m|U\.S|U\.K|E\.U|U\.N|[A-Z])\.$/;
/** A dateline such as "Kyiv, December 13." that ICU cuts off from the sentence it opens. */
const DATELINE =
  /^\p{Lu}[\p{L}.'’ -]*,\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\p{L}*\.?\s+\d{1,2}(?:,\s*\d{4})?\.$/u;
const STARTS_LOWERCASE = /^["'“‘([]*\p{Ll}/u;
const HAS_WORD = /[\p{L}\p{N}]/u;
/** Closing quotes and brackets; a straight or curly single/double quote only when nothing follows it. */
const LEADING_CLOSERS = /^(?:[”)\]»]|["'’](?=[\s”)\]»"'’]|$))+/;

function trimPiece(text: string, start: number, end: number): Piece {
  let s = start;
  let e = end;
  while (s < e && isWhitespaceCode(text.charCodeAt(s))) s += 1;
  while (e > s && isWhitespaceCode(text.charCodeAt(e - 1))) e -= 1;
  return { start: s, end: e };
}

/** Longest dateline checked, and the tail of a sentence an abbreviation is looked for in (keeps this linear). */
const DATELINE_MAX_CHARS = 60;
const ABBREVIATION_TAIL_CHARS = 12;

/** Whether the piece `next` continues the sentence `previous` (both spans of the paragraph text `flat`). */
function continuesSentence(flat: string, previous: Piece, next: Piece): boolean {
  const nextText = flat.slice(next.start, Math.min(next.end, next.start + 8));
  if (!HAS_WORD.test(flat.slice(next.start, next.end)) || STARTS_LOWERCASE.test(nextText)) return true;
  const tailStart = Math.max(previous.start, previous.end - ABBREVIATION_TAIL_CHARS);
  if (ABBREVIATION_END.test(flat.slice(tailStart, previous.end))) return true;
  return previous.end - previous.start <= DATELINE_MAX_CHARS && DATELINE.test(flat.slice(previous.start, previous.end));
}

/**
 * ICU's sentence segmentation slows down more than linearly on very long runs of text (seconds for a
 * megabyte-long paragraph), so a paragraph longer than this is segmented in windows, each cut after the last
 * sentence-final punctuation (else whitespace) before the limit. Real paragraphs are far shorter.
 */
const SEGMENT_WINDOW_CHARS = 8_000;

function* segmentInWindows(segmenter: Intl.Segmenter, text: string): Generator<{ index: number; segment: string }> {
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + SEGMENT_WINDOW_CHARS);
    if (end < text.length) {
      const window = text.slice(start, end);
      const sentenceEnd = Math.max(window.lastIndexOf('. '), window.lastIndexOf('? '), window.lastIndexOf('! '));
      const cut = sentenceEnd > SEGMENT_WINDOW_CHARS / 2 ? sentenceEnd + 2 : window.lastIndexOf(' ') + 1;
      if (cut > 0) end = start + cut;
    }
    for (const { index, segment } of segmenter.segment(text.slice(start, end))) yield { index: start + index, segment };
    start = end;
  }
}

/** ICU sentence pieces of one paragraph, with its weak spots repaired. */
function splitParagraph(segmenter: Intl.Segmenter, paragraph: string): Piece[] {
  // UAX #29 (rule SB4) ends a sentence at every line break, which would cut each line of a hard-wrapped
  // paragraph apart; segment a copy with breaks turned into spaces (same length, so offsets still hold).
  const flat = paragraph.replace(/[\r\n]/g, ' ');
  const pieces: Piece[] = [];
  for (const { index, segment } of segmentInWindows(segmenter, flat)) {
    let piece = trimPiece(flat, index, index + segment.length);
    const last = pieces.at(-1);
    if (last !== undefined) {
      const closers = LEADING_CLOSERS.exec(flat.slice(piece.start, piece.end))?.[0].length ?? 0;
      if (closers > 0) {
        last.end = piece.start + closers;
        piece = trimPiece(flat, last.end, piece.end);
      }
      if (piece.end === piece.start) continue;
      if (continuesSentence(flat, last, piece)) {
        last.end = piece.end;
        continue;
      }
    }
    if (piece.end > piece.start) pieces.push(piece);
  }
  return pieces;
}

/**
 * Splits kept paragraphs into sentences with `Intl.Segmenter` (English, UAX #29), then repairs its
 * known weak spots with general rules: no break after a title, month, Latin or country abbreviation or
 * a single initial (`Mr.`, `Gen.`, `Dec.`, `e.g.`, `p.m.`, `U.S.`, `J.`); none before a lowercase word or
 * a piece with no word in it; none after a dateline (`Kyiv, December 13.`); closing quotes and brackets
 * stay with the sentence they close. `etc.` is left to the lowercase rule: before a capital it usually
 * does end the sentence.
 *
 * @param paragraphs trimmed spans of `text`; sentence `paragraph` numbers are their 1-based positions.
 * @returns trimmed, non-empty spans of `text`, in order, never crossing a paragraph boundary.
 */
export function splitSentences(text: string, paragraphs: readonly TextSpan[]): SentenceSpan[] {
  const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
  const sentences: SentenceSpan[] = [];
  for (const [index, paragraph] of paragraphs.entries()) {
    for (const piece of splitParagraph(segmenter, text.slice(paragraph.start, paragraph.end))) {
      sentences.push({ start: paragraph.start + piece.start, end: paragraph.start + piece.end, paragraph: index + 1 });
    }
  }
  return sentences;
}
