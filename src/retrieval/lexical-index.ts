import { z } from 'zod';
import { analyzeTerms, normalizeTerms, tokenize } from './analyze-terms.js';
import { bm25Idf, scoreTopK, ScoreScratch, type Postings, type ScoredBag, type ScoredDocuments } from './bm25-top-k.js';

/**
 * BM25 search over passages, plus the term statistics that abstention and quote selection need: document
 * frequencies per term and the set of terms of each document. Flat postings per field (`[label, tf, …]`) keep
 * it small to store, quick to load and cheap to update: {@link LexicalIndex.update} carries a reindex's changes
 * into a copy instead of rebuilding. Scoring is plain BM25 over title and text as one bag of words (see bm25-top-k.ts).
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

/** What a reindex changes, in the numbering of the new version. */
export interface LexicalUpdate {
  /** For each label of this index, its label in the new one, or −1 when the passage is gone. */
  readonly relabel: Int32Array;
  /** The new and re-processed passages, labelled in the new numbering. */
  readonly added: readonly LexicalEntry[];
  /** Documents whose passages were all removed or replaced: their term sets are dropped (then rebuilt from `added`). */
  readonly replacedDocuments: readonly string[];
  readonly passageCount: number;
}

/**
 * Bumped whenever tokenising, stopwords, spelling rules, stemming or what a stored field length counts change: an
 * index analysed differently would silently miss matches, so it must be rebuilt instead. 4: lengths count terms, not
 * distinct tokens (issue 9).
 */
export const ANALYZER_VERSION = 4;

/**
 * The stored layout of lexical.json: 1 was MiniSearch's JSON, 2 flat postings, 3 adds each passage's document (for
 * document-level evidence). A version of another layout is rebuilt.
 */
export const LEXICAL_LAYOUT = 3;

/**
 * The two fields stored: a passage's text and its document's title. They are scored as one bag of words, as in BEIR's
 * and Anserini's "flat" BM25 (every passage of a document carries its title); kept apart because document
 * frequencies, corpus vocabulary and document terms come from the text alone.
 */
const FIELDS = [
  { name: 'text', perDocument: false },
  { name: 'title', perDocument: true },
] as const;

const array = z.custom<number[]>((v) => Array.isArray(v), 'expected an array');
const record = <T>() => z.custom<Record<string, T>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'expected an object');

/**
 * Checks the shape only: the file's checksum was verified before it was parsed, so a deep check of every
 * posting would repeat that work on every start (it was 0.69 s of a cold start at 11k passages).
 */
const storedSchema = z.object({
  formatVersion: z.literal(ANALYZER_VERSION),
  layout: z.literal(LEXICAL_LAYOUT),
  passageCount: z.number().int().nonnegative(),
  lengths: z.tuple([array, array]),
  postings: z.tuple([record<Postings>(), record<Postings>()]),
  labelDocuments: z.custom<string[]>((v) => Array.isArray(v), 'expected an array'),
  documentTerms: record<string[]>(),
});

type FieldSpec = (typeof FIELDS)[number];

/** One field's postings and per-label lengths. */
interface FieldParts {
  readonly spec: FieldSpec;
  readonly postings: Map<string, Postings>;
  readonly lengths: number[];
}

/** Mutable parts while building or updating. */
interface Parts {
  readonly fields: readonly FieldParts[];
  /** Each label's docId. */
  readonly labelDocuments: string[];
  readonly documentTerms: Map<string, Set<string>>;
}

/** Adds one passage's terms, field lengths and document terms to `parts`. */
function addEntry(parts: Parts, entry: LexicalEntry): void {
  parts.labelDocuments[entry.label] = entry.docId;
  for (const field of parts.fields) {
    const counts = new Map<string, number>();
    let length = 0;
    for (const token of tokenize(entry[field.spec.name])) {
      for (const term of normalizeTerms(token)) {
        counts.set(term, (counts.get(term) ?? 0) + 1);
        length++;
      }
    }
    // BM25's length: the terms indexed, as Lucene counts a field's tokens after stopwords are removed.
    field.lengths[entry.label] = length;
    for (const [term, tf] of counts) {
      let postings = field.postings.get(term);
      if (postings === undefined) field.postings.set(term, (postings = []));
      postings.push(entry.label, tf);
    }
    if (field.spec.name !== 'text') continue;
    let terms = parts.documentTerms.get(entry.docId);
    if (terms === undefined) parts.documentTerms.set(entry.docId, (terms = new Set()));
    for (const term of counts.keys()) terms.add(term);
  }
}

export class LexicalIndex {
  private readonly bag: ScoredBag;
  private scratch: ScoreScratch | undefined;

  private constructor(
    private readonly parts: Readonly<Parts>,
    readonly passageCount: number,
  ) {
    const lengths = new Float64Array(passageCount);
    let total = 0;
    for (const field of parts.fields) {
      for (let label = 0; label < passageCount; label++) lengths[label] = (lengths[label] as number) + (field.lengths[label] ?? 0);
    }
    for (const length of lengths) total += length;
    const fields = parts.fields.map(({ spec, postings }) => ({ postings, perDocument: spec.perDocument }));
    this.bag = { fields, lengths, averageLength: passageCount === 0 ? 0 : total / passageCount, documents: documentsOf(parts, passageCount) };
  }

  /** Indexes the entries in one go. Labels must be 0…n−1, each once. */
  static build(entries: readonly LexicalEntry[]): LexicalIndex {
    const parts = emptyParts();
    for (const entry of entries) addEntry(parts, entry);
    return LexicalIndex.checked(parts, entries.length);
  }

  /**
   * Indexes the entries, awaiting `pause` after each: a caller keeps its event loop responsive (Discord
   * heartbeats, questions) while a large corpus is indexed.
   */
  static async buildPaced(entries: readonly LexicalEntry[], pause: () => Promise<void>): Promise<LexicalIndex> {
    const parts = emptyParts();
    for (const entry of entries) {
      addEntry(parts, entry);
      await pause();
    }
    return LexicalIndex.checked(parts, entries.length);
  }

  /** Restores an index from {@link LexicalIndex.serialize}'s output; throws when the JSON does not match. */
  static deserialize(json: string): LexicalIndex {
    const stored = storedSchema.parse(JSON.parse(json));
    if (stored.lengths.some((lengths) => lengths.length !== stored.passageCount) || stored.labelDocuments.length !== stored.passageCount) {
      throw new Error(`lexical index lists field lengths or documents for another number of passages than ${stored.passageCount}`);
    }
    return new LexicalIndex(
      {
        fields: FIELDS.map((spec, f) => ({ spec, postings: new Map(Object.entries(stored.postings[f] ?? {})), lengths: stored.lengths[f] ?? [] })),
        labelDocuments: stored.labelDocuments,
        documentTerms: new Map(Object.entries(stored.documentTerms).map(([docId, terms]) => [docId, new Set(terms)] as const)),
      },
      stored.passageCount,
    );
  }

  serialize(): string {
    return JSON.stringify({
      formatVersion: ANALYZER_VERSION,
      layout: LEXICAL_LAYOUT,
      passageCount: this.passageCount,
      lengths: this.parts.fields.map((field) => field.lengths),
      postings: this.parts.fields.map((field) => Object.fromEntries(field.postings)),
      labelDocuments: this.parts.labelDocuments,
      documentTerms: Object.fromEntries([...this.parts.documentTerms].map(([docId, terms]) => [docId, [...terms]])),
    });
  }

  /**
   * A new index with a reindex's changes applied; this one is left as it was (questions may be running on it).
   * Costs one pass over the postings plus the analysis of the added passages only; answers exactly as
   * {@link LexicalIndex.build} over the same passages would.
   */
  update(change: LexicalUpdate): LexicalIndex {
    if (change.relabel.length !== this.passageCount) {
      throw new Error(`lexical update relabels ${change.relabel.length} passages, the index has ${this.passageCount}`);
    }
    const parts = emptyParts();
    this.parts.fields.forEach((old, f) => {
      const field = parts.fields[f] as FieldParts;
      for (const [term, postings] of old.postings) {
        const kept: Postings = [];
        for (let i = 0; i < postings.length; i += 2) {
          const label = change.relabel[postings[i] as number] ?? -1;
          if (label >= 0) kept.push(label, postings[i + 1] as number);
        }
        if (kept.length > 0) field.postings.set(term, kept);
      }
      change.relabel.forEach((label, from) => {
        if (label >= 0) field.lengths[label] = old.lengths[from] ?? 0;
      });
    });
    change.relabel.forEach((label, from) => {
      if (label >= 0) parts.labelDocuments[label] = this.parts.labelDocuments[from] ?? '';
    });
    const replaced = new Set(change.replacedDocuments);
    for (const [docId, terms] of this.parts.documentTerms) if (!replaced.has(docId)) parts.documentTerms.set(docId, terms);
    for (const entry of change.added) addEntry(parts, entry);
    return LexicalIndex.checked(parts, change.passageCount);
  }

  /** The best `k` passages for a query by BM25, best first; equal scores in label order. */
  query(text: string, k: number): LexicalHit[] {
    return this.queryTerms(analyzeTerms(text), k);
  }

  /**
   * The best `k` passages by BM25 for terms already normalised (see `normalizeTerms`), e.g. a question's
   * terms after typo correction: they are searched as they are, without being analysed again.
   */
  queryTerms(terms: readonly string[], k: number): LexicalHit[] {
    if (terms.length === 0) return [];
    this.scratch ??= new ScoreScratch(this.passageCount, this.bag.documents.count);
    return scoreTopK(terms, this.bag, this.passageCount, k, this.scratch);
  }

  /** Every term of the corpus with the number of passages containing it (built on first use, for typo correction). */
  vocabulary(): ReadonlyMap<string, number> {
    if (this.terms === undefined) {
      this.terms = new Map();
      for (const [term, postings] of this.parts.fields[0]?.postings ?? []) this.terms.set(term, postings.length / 2);
    }
    return this.terms;
  }

  private terms: Map<string, number> | undefined;


  /** Number of passages that contain `term`. */
  frequency(term: string): number {
    return (this.parts.fields[0]?.postings.get(term)?.length ?? 0) / 2;
  }

  /** Inverse document frequency for a passage frequency (BM25's form, always > 0). */
  idf(frequency: number): number {
    return bm25Idf(frequency, this.passageCount);
  }

  /** Whether the document `docId` contains `term` anywhere. */
  documentHasTerm(docId: string, term: string): boolean {
    return this.parts.documentTerms.get(docId)?.has(term) ?? false;
  }

  /** Refuses parts where some label in 0…n−1 has no passage: the caller numbered them wrongly. */
  private static checked(parts: Parts, passageCount: number): LexicalIndex {
    for (const { lengths } of parts.fields) {
      if (lengths.length !== passageCount || lengths.includes(undefined as unknown as number)) {
        throw new Error(`lexical index labels must be 0…${passageCount - 1}, each once`);
      }
    }
    return new LexicalIndex(parts, passageCount);
  }
}

function emptyParts(): Parts {
  return { fields: FIELDS.map((spec) => ({ spec, postings: new Map(), lengths: [] })), labelDocuments: [], documentTerms: new Map() };
}

/** Numbers the documents in label order and sums each one's length: its passages' text lengths and its title's once. */
function documentsOf(parts: Readonly<Parts>, passageCount: number): ScoredDocuments {
  const ordinals = new Map<string, number>();
  const of = new Int32Array(passageCount);
  const lengths: number[] = [];
  for (let label = 0; label < passageCount; label++) {
    const docId = parts.labelDocuments[label] ?? '';
    let document = ordinals.get(docId);
    const first = document === undefined;
    if (document === undefined) {
      ordinals.set(docId, (document = ordinals.size));
      lengths[document] = 0;
    }
    for (const { spec, lengths: fieldLengths } of parts.fields) {
      if (first || !spec.perDocument) lengths[document] = (lengths[document] ?? 0) + (fieldLengths[label] ?? 0);
    }
    of[label] = document;
  }
  const averageLength = lengths.length === 0 ? 0 : lengths.reduce((a, b) => a + b, 0) / lengths.length;
  return { of, count: ordinals.size, lengths: Float64Array.from(lengths), averageLength };
}
