import { z } from 'zod';
import { AccordError } from '../errors.js';
import type { Passage, SentenceSpan } from '../retrieval/types.js';
import { countWords, isWhitespaceCode } from './count-words.js';

export { countWords } from './count-words.js';

/** How passages are packed; all sizes in whitespace-separated words. */
export interface ChunkOptions {
  /** Soft budget per passage: whole sentences are packed up to it (110 words ≈ 150 MiniLM word pieces). */
  maxWords: number;
  /** Sentences repeated at the start of the next passage (only between contiguous sentences). */
  overlapSentences: number;
  /** Once a passage has this many words it ends at the next paragraph boundary. Default `maxWords / 2`. */
  minWords?: number;
}

const optionsSchema = z
  .object({
    maxWords: z.number().int().min(1),
    overlapSentences: z.number().int().min(0),
    minWords: z.number().int().min(0).optional(),
  })
  .refine((o) => o.minWords === undefined || o.minWords <= o.maxWords, { message: 'minWords exceeds maxWords' });

/** A sentence longer than this many budgets is cut at word boundaries (only run-on text, e.g. in books). */
const SPLIT_FACTOR = 3;

/** A packing unit: a sentence, or a word-bounded piece of an over-long one. */
interface Unit extends SentenceSpan {
  readonly words: number;
}

function isWhitespaceGap(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i += 1) if (!isWhitespaceCode(text.charCodeAt(i))) return false;
  return true;
}

/** Cuts a run-on sentence into trimmed pieces of `maxWords` words (the last may be shorter). */
function splitAtWords(text: string, sentence: SentenceSpan, maxWords: number): Unit[] {
  const units: Unit[] = [];
  let pieceStart = sentence.start;
  let words = 0;
  let previousEnd = sentence.start;
  for (let i = sentence.start; i <= sentence.end; i += 1) {
    const inWord = i < sentence.end && !isWhitespaceCode(text.charCodeAt(i));
    const prevInWord = i > sentence.start && !isWhitespaceCode(text.charCodeAt(i - 1));
    if (inWord && !prevInWord && words === maxWords) {
      units.push({ start: pieceStart, end: previousEnd, paragraph: sentence.paragraph, words });
      pieceStart = i;
      words = 0;
    }
    if (inWord && !prevInWord) words += 1;
    if (!inWord && prevInWord) previousEnd = i;
  }
  units.push({ start: pieceStart, end: previousEnd, paragraph: sentence.paragraph, words });
  return units;
}

/** Units in runs whose gaps are whitespace only: a passage may span a run, never a dropped line. */
function toUnitRuns(text: string, sentences: readonly SentenceSpan[], maxWords: number): Unit[][] {
  const runs: Unit[][] = [];
  let run: Unit[] = [];
  let previousEnd = -1;
  for (const sentence of sentences) {
    if (sentence.start < previousEnd || sentence.end <= sentence.start || sentence.end > text.length) {
      throw new AccordError(
        `sentence span ${sentence.start}–${sentence.end} is empty, out of order or outside the text (${text.length} chars)`,
        { hint: 'Pass the spans splitSentences returned for this same text.' },
      );
    }
    if (run.length > 0 && !isWhitespaceGap(text, previousEnd, sentence.start)) {
      runs.push(run);
      run = [];
    }
    const words = countWords(text, sentence.start, sentence.end);
    if (words > SPLIT_FACTOR * maxWords) run.push(...splitAtWords(text, sentence, maxWords));
    else run.push({ ...sentence, words });
    previousEnd = sentence.end;
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/** [first, end) unit indexes of each passage of one run: greedy, paragraph-aware, with overlap. */
function packRun(units: readonly Unit[], maxWords: number, minWords: number, overlap: number): [number, number][] {
  const ranges: [number, number][] = [];
  let first = 0;
  let fresh = 0; // first unit not already in the previous passage
  while (first < units.length) {
    let end = first;
    let words = 0;
    while (end < units.length) {
      const unitWords = units[end]?.words ?? 0;
      if (end > first && end > fresh && words + unitWords > maxWords) break;
      words += unitWords;
      end += 1;
      const next = units[end];
      if (end > fresh && next !== undefined && words >= minWords && next.paragraph !== units[end - 1]?.paragraph) break;
    }
    ranges.push([first, end]);
    if (end >= units.length) break;
    fresh = end;
    let overlapWords = 0;
    let start = end;
    while (start > first + 1 && end - start < overlap) {
      const unitWords = units[start - 1]?.words ?? 0;
      const withNext = overlapWords + unitWords + (units[end]?.words ?? 0);
      if (overlapWords + unitWords > maxWords / 2 || withNext > maxWords) break;
      overlapWords += unitWords;
      start -= 1;
    }
    first = start;
  }
  return ranges;
}

/**
 * Packs a document's sentences into passages for retrieval. Whole sentences are packed greedily up to
 * `maxWords`; once a passage has `minWords` it ends at the next paragraph boundary; consecutive passages
 * share `overlapSentences` sentences (at most half a budget of them). A sentence over `maxWords` is a
 * passage of its own; one over 3 × `maxWords` (run-on text) is cut at word boundaries.
 * Sentences are only packed together when the text between them is whitespace, so a passage never
 * spans a line the cleaner dropped: `passage.text === text.slice(passage.start, passage.end)` is an
 * exact excerpt. `chunkId` is `${docId}#${ordinal}`, the ordinal counting passages from 0.
 * Linear in the number of sentences and the length of the text.
 *
 * @throws AccordError on invalid options, or sentence spans that are out of order or outside `text`.
 */
export function chunkPassages(
  docId: string,
  text: string,
  sentences: readonly SentenceSpan[],
  options: ChunkOptions,
): Passage[] {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'options'}: ${issue.message}`);
    throw new AccordError(`invalid chunk options for ${docId}: ${problems.join('; ')}`, {
      hint: 'Use whole numbers: maxWords ≥ 1, overlapSentences ≥ 0, 0 ≤ minWords ≤ maxWords.',
    });
  }
  const { maxWords, overlapSentences } = parsed.data;
  const minWords = parsed.data.minWords ?? Math.floor(maxWords / 2);

  const passages: Passage[] = [];
  for (const units of toUnitRuns(text, sentences, maxWords)) {
    for (const [first, end] of packRun(units, maxWords, minWords, overlapSentences)) {
      const chosen = units.slice(first, end).map(({ start, end: stop, paragraph }) => ({ start, end: stop, paragraph }));
      const head = chosen[0];
      const tail = chosen.at(-1);
      if (head === undefined || tail === undefined) continue;
      passages.push({
        chunkId: `${docId}#${passages.length}`,
        docId,
        start: head.start,
        end: tail.end,
        text: text.slice(head.start, tail.end),
        paragraph: head.paragraph,
        sentences: chosen,
      });
    }
  }
  return passages;
}
