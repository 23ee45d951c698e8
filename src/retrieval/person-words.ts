import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The words that mark a person's name in running text, from compromise's English lexicon (a maintained
 * rule-and-lexicon tagger): first names ("Donald", "Theo", "Jens"), surnames it knows, and the titles and roles
 * written before a name ("Minister Kaunas", "President Zelensky", "Mr Smith"). A sentence that holds one before a
 * proper noun names a person: what "Who signed…?" asks for, where any proper noun ("Belgium and Poland…") would
 * not do.
 */
export interface PersonWords {
  /** A first name or a person's name (lower case). */
  isName(word: string): boolean;
  /** A title or role that may stand before a name (lower case). */
  isTitle(word: string): boolean;
}

interface PersonTable {
  readonly compromiseVersion: string;
  readonly names: readonly string[];
  readonly titles: readonly string[];
}

/** Lexicon tags of names and of words written before one (compromise's tag names). */
const NAME_TAGS = new Set(['FirstName', 'MaleName', 'FemaleName', 'LastName', 'Person']);
const TITLE_TAGS = new Set(['Actor', 'Honorific']);

/**
 * The table beside the compiled module (`npm run build` writes it, see scripts/run-compiled.mjs): unpacking
 * compromise's lexicon costs about 0.7 s, which a cold `npm run ask` would pay on its first "who" question.
 * Keyed by compromise's version, so a table from another lexicon is ignored.
 */
const TABLE = new URL('./person-words.json', import.meta.url);

let shared: PersonWords | undefined;

/** The person words, loaded once on first use: from the build's table when it fits, else from compromise. */
export function personWords(): PersonWords {
  shared ??= fromTable(readTable(TABLE)) ?? fromTable(tableOf(compromiseLexicon()))!;
  return shared;
}

/** Writes the table for {@link personWords} (the build calls it on the compiled module). */
export function writePersonTable(file: URL | string = TABLE): void {
  writeFileSync(file, JSON.stringify(tableOf(compromiseLexicon())));
}

/** The person words from a table {@link writePersonTable} wrote; undefined when there is none or it is for another compromise. */
export function personWordsFromFile(file: URL | string): PersonWords | undefined {
  return fromTable(readTable(file));
}

/** The person words of a lexicon (word → compromise tag or tags): pure, for tests. */
export function personWordsOf(lexicon: Readonly<Record<string, string | readonly string[]>>): PersonWords {
  return fromTable(tableOf(lexicon, ''))!;
}

/** compromise's version, from its package.json (found from its entry point: the package does not export the file). */
function compromiseVersion(): string {
  let dir = path.dirname(createRequire(import.meta.url).resolve('compromise'));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'compromise') return manifest.version ?? '';
    } catch {
      // no package.json at this level: go up
    }
    const parent = path.dirname(dir);
    if (parent === dir) return '';
    dir = parent;
  }
}

function compromiseLexicon(): Readonly<Record<string, string | readonly string[]>> {
  const nlp = createRequire(import.meta.url)('compromise/two') as { model(): { one: { lexicon: Record<string, string | string[]> } } };
  return nlp.model().one.lexicon;
}

function tableOf(lexicon: Readonly<Record<string, string | readonly string[]>>, version = compromiseVersion()): PersonTable {
  const names: string[] = [];
  const titles: string[] = [];
  for (const [word, tag] of Object.entries(lexicon)) {
    const tags = typeof tag === 'string' ? tag.split(',') : tag;
    if (tags.some((t) => NAME_TAGS.has(t))) names.push(word);
    if (tags.some((t) => TITLE_TAGS.has(t))) titles.push(word);
  }
  return { compromiseVersion: version, names, titles };
}

function readTable(file: URL | string): PersonTable | undefined {
  try {
    const table = JSON.parse(readFileSync(file, 'utf8')) as Partial<PersonTable>;
    const fits = table.compromiseVersion === compromiseVersion() && Array.isArray(table.names) && Array.isArray(table.titles);
    return fits ? (table as PersonTable) : undefined;
  } catch {
    return undefined; // not built (running the sources) or unreadable: read compromise's lexicon instead
  }
}

function fromTable(table: PersonTable | undefined): PersonWords | undefined {
  if (table === undefined) return undefined;
  const names = new Set(table.names);
  const titles = new Set(table.titles);
  return { isName: (word) => names.has(word), isTitle: (word) => titles.has(word) };
}
