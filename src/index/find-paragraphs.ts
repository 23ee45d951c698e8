import { isWhitespaceCode } from './count-words.js';

/** A half-open span of a document's original text: the excerpt is `text.slice(start, end)`. */
export interface TextSpan {
  readonly start: number;
  readonly end: number;
}

/** A non-blank line, trimmed, and whether a blank line (or the body start) comes right before it. */
interface Line extends TextSpan {
  readonly afterBlank: boolean;
}

/** Hard-wrapped text is wrapped at most this wide (Project Gutenberg: about 72 characters). */
const HARD_WRAP_MAX_WIDTH = 100;
/** In hard-wrapped text nearly every line followed by another is nearly full: at least this share of the width… */
const NEAR_FULL_WIDTH_SHARE = 0.7;
/** …for at least this share of those lines. Soft-wrapped lines vary far more. */
const NEAR_FULL_LINE_SHARE = 0.8;
const BULLET = /^[•◦▪▫‣⁃●○■□►▸*·–—-]\s/;

function trimSpan(text: string, start: number, end: number): TextSpan {
  let s = start;
  let e = end;
  while (s < e && isWhitespaceCode(text.charCodeAt(s))) s += 1;
  while (e > s && isWhitespaceCode(text.charCodeAt(e - 1))) e -= 1;
  return { start: s, end: e };
}

/** The non-blank lines of `text` from offset `from`, for `\n`, `\r\n` and lone `\r` line ends. */
function readLines(text: string, from: number): Line[] {
  const lines: Line[] = [];
  const lineBreak = /\r\n|\n|\r/g;
  lineBreak.lastIndex = from;
  let lineStart = from;
  let afterBlank = true;
  for (;;) {
    const match = lineBreak.exec(text);
    const lineEnd = match === null ? text.length : match.index;
    const span = trimSpan(text, lineStart, lineEnd);
    if (span.end > span.start) lines.push({ ...span, afterBlank });
    afterBlank = span.end === span.start;
    if (match === null) return lines;
    lineStart = match.index + match[0].length;
  }
}

/** The 95th-percentile line length: the width a hard-wrapped text was wrapped at (outliers ignored). */
function wrapWidth(lines: readonly Line[]): number {
  const lengths = Int32Array.from(lines, (line) => line.end - line.start).sort();
  return lengths[Math.ceil((lengths.length - 1) * 0.95)] ?? 0;
}

/** Whether the line breaks inside blocks come from wrapping at `width`: the lines before them are nearly full. */
function isHardWrapped(lines: readonly Line[], width: number): boolean {
  if (width > HARD_WRAP_MAX_WIDTH) return false;
  let inner = 0;
  let nearFull = 0;
  for (let i = 0; i + 1 < lines.length; i += 1) {
    const line = lines[i];
    if (line === undefined || lines[i + 1]?.afterBlank !== false) continue;
    inner += 1;
    if (line.end - line.start >= NEAR_FULL_WIDTH_SHARE * width) nearFull += 1;
  }
  return inner > 0 && nearFull >= NEAR_FULL_LINE_SHARE * inner;
}

/**
 * Splits a document body into candidate paragraphs: trimmed spans of `text`, in order, not yet classified.
 *
 * Blank lines always separate paragraphs. Between consecutive non-blank lines the rule depends on the text:
 * - soft-wrapped text (web copies: a paragraph per line, often with no blank line between) — every line
 *   is its own paragraph;
 * - hard-wrapped text (e.g. Project Gutenberg books: 95% of lines at most 100 characters, and 80% of the
 *   lines followed by another line at least 70% of that width) — a line continues the paragraph of the line
 *   above unless that line is shorter than half the wrap width (a deliberate break: a heading, a
 *   table-of-contents entry, a verse line).
 * A bullet line (`•`, `-`, `*`… then a space) is always a paragraph of its own.
 */
export function findParagraphs(text: string, from: number): TextSpan[] {
  const lines = readLines(text, from);
  const width = wrapWidth(lines);
  const hardWrapped = isHardWrapped(lines, width);
  const isBullet = (line: Line): boolean => BULLET.test(text.slice(line.start, Math.min(line.end, line.start + 2)));

  const paragraphs: TextSpan[] = [];
  let current: { start: number; end: number } | undefined;
  let previous: Line | undefined;
  for (const line of lines) {
    const continues =
      current !== undefined &&
      previous !== undefined &&
      hardWrapped &&
      !line.afterBlank &&
      !isBullet(line) &&
      !isBullet(previous) &&
      (previous.end - previous.start) * 2 >= width;
    if (continues && current !== undefined) {
      current.end = line.end;
    } else {
      if (current !== undefined) paragraphs.push(current);
      current = { start: line.start, end: line.end };
    }
    previous = line;
  }
  if (current !== undefined) paragraphs.push(current);
  return paragraphs;
}
