import { z } from 'zod';
import { AccordError } from '../errors.js';

/** What a document's front matter may state. Every value is non-empty. */
export interface FrontMatter {
  title?: string;
  source?: string;
  /** `YYYY-MM-DD` (checked to be a real calendar day) or free text such as `Spring 2024`. */
  date?: string;
  /** An `http:` or `https:` URL. */
  url?: string;
  /** Who wrote it (an HTML page's byline). */
  byline?: string;
  /** When it was fetched from `url`, ISO 8601 (documents added from a link). */
  fetched?: string;
}

/** The parsed front matter and where the body begins. */
export interface ParsedFrontMatter {
  meta: FrontMatter;
  /** Offset (UTF-16 code units) of the first body character in the original text; 0 without front matter. */
  bodyStart: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isRealIsoDateOrFreeText(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (match === null) return true;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const nonEmpty = z.string().trim().min(1, 'the value is empty');

const frontMatterSchema = z.strictObject({
  title: nonEmpty,
  source: nonEmpty,
  date: nonEmpty.refine(isRealIsoDateOrFreeText, 'YYYY-MM-DD is not a real calendar day'),
  url: z.url({ protocol: /^https?$/, error: 'not an http(s) URL' }),
  byline: nonEmpty,
  fetched: z.iso.datetime({ error: 'not an ISO 8601 date and time such as 2025-03-10T09:00:00Z' }),
});

type FrontMatterKey = keyof typeof frontMatterSchema.shape;
const KNOWN_KEYS = Object.keys(frontMatterSchema.shape) as FrontMatterKey[];
const HINT = `Write the block as "---", then one "key: value" line per key (keys: ${KNOWN_KEYS.join(', ')}), then "---".`;

function isKnownKey(key: string): key is FrontMatterKey {
  return (KNOWN_KEYS as string[]).includes(key);
}

function unquote(value: string): string {
  const quote = value[0];
  if (value.length >= 2 && (quote === '"' || quote === "'") && value.endsWith(quote)) return value.slice(1, -1);
  return value;
}

/** One line of text: its content (without the line break) and the offset just past its line break. */
interface RawLine {
  content: string;
  next: number;
}

function readLine(text: string, from: number): RawLine {
  const newline = text.indexOf('\n', from);
  const end = newline === -1 ? text.length : newline;
  const content = text.slice(from, end).replace(/\r$/, '');
  return { content, next: newline === -1 ? text.length : newline + 1 };
}

function fail(lineNumber: number, problem: string): never {
  throw new AccordError(`front matter line ${lineNumber}: ${problem}`, { hint: HINT });
}

function parseEntry(content: string, lineNumber: number, meta: FrontMatter): void {
  const match = /^([A-Za-z][\w-]*)\s*:(.*)$/.exec(content);
  if (match === null) fail(lineNumber, `"${content}" is not a "key: value" line (is the closing "---" missing?)`);
  const key = match[1] ?? '';
  if (!isKnownKey(key)) fail(lineNumber, `unknown key "${key}"`);
  if (meta[key] !== undefined) fail(lineNumber, `"${key}" is given twice`);
  const parsed = frontMatterSchema.shape[key].safeParse(unquote((match[2] ?? '').trim()));
  if (!parsed.success) fail(lineNumber, `bad ${key}: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
  meta[key] = parsed.data;
}

/**
 * Parses the optional front matter at the very start of a document (after an optional BOM): a `---` line,
 * `key: value` lines (values optionally quoted with `"…"` or `'…'`; blank lines and `#` comments allowed),
 * and a closing `---` line. LF and CRLF line ends are both accepted.
 *
 * @returns the metadata and `bodyStart`, the offset of the body in `text` itself, so that every later
 *   offset (paragraphs, sentences, passages) indexes the whole file text.
 * @throws AccordError naming the 1-based file line when the block is malformed: no closing `---`, a line
 *   that is not `key: value`, an unknown or repeated key, an empty value, an impossible date, a non-http(s) URL.
 *   Callers should wrap it with the file path (`{ cause }`).
 */
export function parseFrontMatter(text: string): ParsedFrontMatter {
  const contentStart = text.startsWith('\uFEFF') ? 1 : 0;
  const opening = readLine(text, contentStart);
  if (opening.content.trimEnd() !== '---') return { meta: {}, bodyStart: 0 };

  const meta: FrontMatter = {};
  let offset = opening.next;
  let lineNumber = 1;
  while (offset < text.length) {
    const line = readLine(text, offset);
    lineNumber += 1;
    offset = line.next;
    const content = line.content.trim();
    if (content === '---') return { meta, bodyStart: offset };
    if (content === '' || content.startsWith('#')) continue;
    parseEntry(content, lineNumber, meta);
  }
  throw new AccordError(`front matter opened on line 1 is never closed (read ${lineNumber} lines)`, {
    hint: `Add a line "---" after the last "key: value" line, or remove the opening "---" if the document has no front matter.`,
  });
}
