/** Shared checks that spans are exact, trimmed excerpts of a document's text. */

interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * Problems with `spans` as excerpts of `text`: empty, untrimmed, before `bodyStart`, past the end, or
 * (when `ordered`) overlapping or out of order. An empty list means every span is sound; collecting
 * instead of asserting keeps the check fast on whole books.
 */
export function spanProblems(text: string, spans: readonly Span[], bodyStart: number, ordered = true): string[] {
  const problems: string[] = [];
  let previousEnd = bodyStart;
  for (const [index, span] of spans.entries()) {
    const excerpt = text.slice(span.start, span.end);
    const where = `#${index} ${span.start}–${span.end}`;
    if (span.start < bodyStart || span.end > text.length) problems.push(`${where} lies outside the body`);
    if (excerpt.length === 0) problems.push(`${where} is empty`);
    if (excerpt.trim() !== excerpt) problems.push(`${where} is not trimmed: ${JSON.stringify(excerpt.slice(0, 40))}`);
    if (ordered && span.start < previousEnd) problems.push(`${where} overlaps or precedes the span before it`);
    previousEnd = span.end;
  }
  return problems;
}
