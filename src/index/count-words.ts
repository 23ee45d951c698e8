/**
 * The number of whitespace-separated words in `text`, in one pass and without allocating.
 * The unit of every word budget in the indexer (passage size, prose and heading limits).
 */
export function countWords(text: string, start = 0, end = text.length): number {
  let words = 0;
  let inWord = false;
  for (let i = start; i < end; i += 1) {
    const space = isWhitespaceCode(text.charCodeAt(i));
    if (!space && !inWord) words += 1;
    inWord = !space;
  }
  return words;
}

/** True for the UTF-16 code units JavaScript's `\s` matches (ASCII spaces, NBSP, BOM, Unicode spaces). */
export function isWhitespaceCode(code: number): boolean {
  if (code === 0x20 || (code >= 0x09 && code <= 0x0d)) return true;
  if (code < 0x80) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}
