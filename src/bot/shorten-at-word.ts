/** What a shortened excerpt ends with. */
export const ELLIPSIS = '…';

/** The offsets just after each word of `text`, ascending. */
function wordEnds(text: string): number[] {
  const ends: number[] = [];
  for (const part of new Intl.Segmenter(undefined, { granularity: 'word' }).segment(text)) {
    if (part.isWordLike === true) ends.push(part.index + part.segment.length);
  }
  return ends;
}

/**
 * The longest `text.slice(0, end) + '…'` that `fits`, where `end` is the end of a word, so a word is never cut.
 * The kept part is an exact prefix of `text`. Returns `text` itself when it fits whole, and null when not even
 * the first word fits. `fits` must be monotonic (a longer candidate never fits when a shorter one does not).
 * `maxChars`, when known, bounds the candidate's length from above and spares calls to `fits` (escaping
 * in `fits` costs time on long passages).
 */
export function shortenAtWord(text: string, fits: (candidate: string) => boolean, maxChars = Number.POSITIVE_INFINITY): string | null {
  if (text.length <= maxChars && fits(text)) return text;
  const ends = wordEnds(text).filter((end) => end + ELLIPSIS.length <= maxChars);
  let low = 0;
  let high = ends.length - 1;
  let best: string | null = null;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const candidate = text.slice(0, ends[middle]) + ELLIPSIS;
    if (fits(candidate)) {
      best = candidate;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return best;
}

/**
 * `text` shortened at a word boundary to at most `maxChars` characters (ellipsis included); a text whose first
 * word alone is too long is cut between characters instead. For titles and questions, not for quotes.
 */
export function shortenToChars(text: string, maxChars: number): string {
  const shortened = shortenAtWord(text, (candidate) => candidate.length <= maxChars, maxChars);
  if (shortened !== null) return shortened;
  let kept = '';
  for (const char of text) {
    if (kept.length + char.length + ELLIPSIS.length > maxChars) break;
    kept += char;
  }
  return kept + ELLIPSIS;
}
