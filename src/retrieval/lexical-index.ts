import MiniSearch, { type AsPlainObject, type Options } from 'minisearch';
import { z } from 'zod';
import { analyzeTerms, normalizeTerms, tokenize } from './analyze-terms.js';

/**
 * BM25 search over passages (MiniSearch: a maintained, dependency-free full-text index with BM25 scoring and
 * JSON persistence), plus the term statistics that abstention and quote selection need: document frequencies
 * per term and the set of terms of each document.
 */

export interface LexicalEntry {
  /** The passage's label: its index in the snapshot's passage list. */
  readonly label: number;
  readonly docId: string;
  readonly title: string;
  readonly text: string;
}

export interface LexicalHit {
  readonly label: number;
  /** BM25 score, higher is better. */
  readonly score: number;
}

/**
 * Plain BM25 with k1 = 0.9 and b = 0.4, the defaults of Anserini and Pyserini (Lin et al., SIGIR 2021), whose
 * published figures the shared benchmarks quote; d = 0 turns MiniSearch's BM25+ back into plain BM25. MiniSearch's own
 * defaults (k1 1.2, b 0.7, d 0.5) come from long documents; passages are short.
 */
const BM25_PARAMETERS = { k: 0.9, b: 0.4, d: 0 };

const MINISEARCH_OPTIONS: Options<LexicalEntry> = {
  idField: 'label',
  fields: ['text', 'title'],
  tokenize,
  processTerm: (term) => {
    const terms = normalizeTerms(term);
    return terms.length > 0 ? [...terms] : false;
  },
  searchOptions: { boost: { text: 1, title: 1 }, combineWith: 'OR', bm25: BM25_PARAMETERS },
};

/**
 * Bumped whenever tokenising, stopwords, spelling rules or stemming change: an index analysed differently
 * would silently miss matches, so it must be rebuilt instead.
 */
export const ANALYZER_VERSION = 3;

const storedSchema = z.object({
  formatVersion: z.literal(ANALYZER_VERSION),
  passageCount: z.number().int().nonnegative(),
  documentFrequency: z.array(z.tuple([z.string(), z.number().int().positive()])),
  documentTerms: z.record(z.string(), z.array(z.string())),
  minisearch: z.record(z.string(), z.unknown()),
});

/** Accumulates entries into the full-text index and the term statistics. */
class LexicalIndexBuilder {
  private readonly search = new MiniSearch<LexicalEntry>(MINISEARCH_OPTIONS);
  private readonly df = new Map<string, number>();
  private readonly docTerms = new Map<string, Set<string>>();
  private count = 0;

  add(entry: LexicalEntry): void {
    this.search.add(entry);
    this.count++;
    const terms = new Set(analyzeTerms(entry.text));
    for (const term of terms) this.df.set(term, (this.df.get(term) ?? 0) + 1);
    let set = this.docTerms.get(entry.docId);
    if (set === undefined) this.docTerms.set(entry.docId, (set = new Set()));
    for (const term of terms) set.add(term);
  }

  finish(): LexicalIndex {
    return LexicalIndex.fromParts(this.search, this.df, this.docTerms, this.count);
  }
}

export class LexicalIndex {
  /** @internal Used by the builder and by deserialisation. */
  static fromParts(
    search: MiniSearch<LexicalEntry>,
    documentFrequency: ReadonlyMap<string, number>,
    documentTerms: ReadonlyMap<string, ReadonlySet<string>>,
    passageCount: number,
  ): LexicalIndex {
    return new LexicalIndex(search, documentFrequency, documentTerms, passageCount);
  }

  private constructor(
    private readonly search: MiniSearch<LexicalEntry>,
    /** Number of passages containing each term. */
    private readonly documentFrequency: ReadonlyMap<string, number>,
    private readonly documentTerms: ReadonlyMap<string, ReadonlySet<string>>,
    readonly passageCount: number,
  ) {}

  /** Indexes the entries in one go. */
  static build(entries: readonly LexicalEntry[]): LexicalIndex {
    const builder = new LexicalIndexBuilder();
    for (const entry of entries) builder.add(entry);
    return builder.finish();
  }

  /**
   * Indexes the entries, awaiting `pause` after each: a caller keeps its event loop responsive (Discord
   * heartbeats, questions) while a large corpus is indexed.
   */
  static async buildPaced(entries: readonly LexicalEntry[], pause: () => Promise<void>): Promise<LexicalIndex> {
    const builder = new LexicalIndexBuilder();
    for (const entry of entries) {
      builder.add(entry);
      await pause();
    }
    return builder.finish();
  }

  /** Restores an index from {@link LexicalIndex.serialize}'s output; throws when the JSON does not match. */
  static deserialize(json: string): LexicalIndex {
    const stored = storedSchema.parse(JSON.parse(json));
    const search = MiniSearch.loadJS<LexicalEntry>(stored.minisearch as unknown as AsPlainObject, MINISEARCH_OPTIONS);
    const docTerms = new Map(Object.entries(stored.documentTerms).map(([docId, terms]) => [docId, new Set(terms)] as const));
    return new LexicalIndex(search, new Map(stored.documentFrequency), docTerms, stored.passageCount);
  }

  serialize(): string {
    return JSON.stringify({
      formatVersion: ANALYZER_VERSION,
      passageCount: this.passageCount,
      documentFrequency: [...this.documentFrequency],
      documentTerms: Object.fromEntries([...this.documentTerms].map(([docId, terms]) => [docId, [...terms]])),
      minisearch: this.search.toJSON(),
    });
  }

  /** The best `k` passages for a query by BM25, best first. */
  query(text: string, k: number): LexicalHit[] {
    return this.search
      .search(text)
      .slice(0, k)
      .map((result) => ({ label: Number(result.id), score: result.score }));
  }

  /**
   * The best `k` passages by BM25 for terms already normalised (see `normalizeTerms`), e.g. a question's
   * terms after typo correction: they are searched as they are, without being analysed again.
   */
  queryTerms(terms: readonly string[], k: number): LexicalHit[] {
    if (terms.length === 0) return [];
    return this.search
      .search(terms.join(' '), { tokenize: () => [...terms], processTerm: (term) => term })
      .slice(0, k)
      .map((result) => ({ label: Number(result.id), score: result.score }));
  }

  /** Every term of the corpus with the number of passages containing it. */
  vocabulary(): ReadonlyMap<string, number> {
    return this.documentFrequency;
  }

  /** Number of passages that contain `term`. */
  frequency(term: string): number {
    return this.documentFrequency.get(term) ?? 0;
  }

  /** Inverse document frequency for a passage frequency (BM25's form, always > 0). */
  idf(frequency: number): number {
    return Math.log(1 + (this.passageCount - frequency + 0.5) / (frequency + 0.5));
  }

  /** Whether the document `docId` contains `term` anywhere. */
  documentHasTerm(docId: string, term: string): boolean {
    return this.documentTerms.get(docId)?.has(term) ?? false;
  }
}
