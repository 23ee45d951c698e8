import { analyzeTerms, normalizeTerms, tokenize } from './analyze-terms.js';
import { bm25Idf, scoreTopK, ScoreScratch, type Postings, type ScoredBag, type ScoredDocuments } from './bm25-top-k.js';
import { decodeLexicalSteps, encodeLexical, type StoredLexical } from './lexical-store.js';
import { runSteps, runStepsPaced, type Steps } from './run-steps.js';

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
 * The stored layout of the lexical index: 1 was MiniSearch's JSON, 2 flat postings in JSON, 3 the binary form of
 * lexical-store.ts, 4 adds each passage's document (for document-level evidence). A version of another layout is rebuilt.
 */
export const LEXICAL_LAYOUT = 4;

/** Terms put in a map between two yields while a stored index loads (see {@link LexicalIndex.deserializePaced}). */
const TERMS_PER_STEP = 1_000;

/**
 * The two fields stored: a passage's text and its document's title. They are scored as one bag of words, as in BEIR's
 * and Anserini's "flat" BM25 (every passage of a document carries its title); kept apart because document
 * frequencies, corpus vocabulary and document terms come from the text alone.
 */
const FIELDS = [
  { name: 'text', perDocument: false },
  { name: 'title', perDocument: true },
] as const;

type FieldSpec = (typeof FIELDS)[number];

/** One field's postings and per-label lengths, while building or updating. */
interface FieldParts {
  readonly spec: FieldSpec;
  readonly postings: Map<string, number[] | Postings>;
  readonly lengths: number[];
}

/** The terms of one document: a set while building, sorted term ids once loaded (see {@link TermIdSet}). */
type TermSet = ReadonlySet<string> | TermIdSet;

/** Mutable parts while building or updating. */
interface Parts {
  readonly fields: readonly FieldParts[];
  /** Each label's docId. */
  readonly labelDocuments: string[];
  readonly documentTerms: Map<string, TermSet>;
}

/** A field as the index holds it: postings as typed arrays (one shape for the scoring loop), lengths likewise. */
interface FieldData {
  readonly spec: FieldSpec;
  readonly postings: Map<string, Postings>;
  readonly lengths: Int32Array;
}

/** What a LexicalIndex holds. */
interface Data {
  readonly fields: readonly FieldData[];
  /** Each label's docId. */
  readonly labelDocuments: readonly string[];
  readonly documentTerms: Map<string, TermSet>;
}

/**
 * A loaded document's terms: ids sorted ascending into a shared term list, looked up by binary search. Building a
 * Set of strings for every document (300,000 terms at 11k passages) took longer than loading everything else.
 */
class TermIdSet {
  constructor(
    readonly ids: Int32Array,
    private readonly idOf: ReadonlyMap<string, number>,
    readonly termOf: readonly string[],
  ) {}

  get size(): number {
    return this.ids.length;
  }

  /** The same set on its own copy of the ids (a loaded set's ids are a view on its version's file). */
  detached(): TermIdSet {
    return new TermIdSet(this.ids.slice(), this.idOf, this.termOf);
  }

  has(term: string): boolean {
    const id = this.idOf.get(term);
    if (id === undefined) return false;
    let low = 0;
    let high = this.ids.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const value = this.ids[mid] as number;
      if (value === id) return true;
      if (value < id) low = mid + 1;
      else high = mid - 1;
    }
    return false;
  }

  *[Symbol.iterator](): Iterator<string> {
    for (const id of this.ids) yield this.termOf[id] as string;
  }
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
      if (!Array.isArray(postings)) field.postings.set(term, (postings = postings === undefined ? [] : Array.from(postings)));
      postings.push(entry.label, tf);
    }
    if (field.spec.name !== 'text') continue;
    let terms = parts.documentTerms.get(entry.docId);
    if (!(terms instanceof Set)) parts.documentTerms.set(entry.docId, (terms = new Set(terms ?? [])));
    for (const term of counts.keys()) (terms as Set<string>).add(term);
  }
}

export class LexicalIndex {
  private readonly bag: ScoredBag;
  private scratch: ScoreScratch | undefined;

  private constructor(
    private readonly data: Data,
    readonly passageCount: number,
  ) {
    const lengths = new Float64Array(passageCount);
    let total = 0;
    for (const field of data.fields) {
      for (let label = 0; label < passageCount; label++) lengths[label] = (lengths[label] as number) + (field.lengths[label] ?? 0);
    }
    for (const length of lengths) total += length;
    const fields = data.fields.map(({ spec, postings }) => ({ postings, perDocument: spec.perDocument }));
    this.bag = { fields, lengths, averageLength: passageCount === 0 ? 0 : total / passageCount, documents: documentsOf(data, passageCount) };
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

  /**
   * Restores an index from {@link LexicalIndex.serialize}'s bytes (checked for shape and consistency; the file's
   * checksum was verified before). The postings stay views on `bytes`. Throws when the bytes do not match.
   */
  static deserialize(bytes: Uint8Array): LexicalIndex {
    return runSteps(LexicalIndex.deserializeSteps(bytes));
  }

  /**
   * {@link LexicalIndex.deserialize}, awaiting `pause` every few milliseconds of work: a running bot loads a new
   * version without holding up questions (deserialize took 30–80 ms in one piece at 11k passages).
   */
  static deserializePaced(bytes: Uint8Array, pause: () => Promise<void>): Promise<LexicalIndex> {
    return runStepsPaced(LexicalIndex.deserializeSteps(bytes), pause);
  }

  private static *deserializeSteps(bytes: Uint8Array): Steps<LexicalIndex> {
    const stored = yield* decodeLexicalSteps(bytes);
    if (stored.formatVersion !== ANALYZER_VERSION || stored.layout !== LEXICAL_LAYOUT) {
      throw new Error(`lexical index of analysis ${stored.formatVersion}, layout ${stored.layout}; this Accord uses ${ANALYZER_VERSION}, ${LEXICAL_LAYOUT}`);
    }
    if (stored.fields.length !== FIELDS.length) throw new Error(`lexical index stores ${stored.fields.length} fields, not ${FIELDS.length}`);
    const fields: FieldData[] = [];
    for (const [f, spec] of FIELDS.entries()) {
      const { terms, offsets, postings, lengths } = stored.fields[f] as StoredLexical['fields'][number];
      const map = new Map<string, Postings>();
      for (let i = 0; i < terms.length; i++) {
        map.set(terms[i] as string, postings.subarray(offsets[i], offsets[i + 1]));
        if (i % TERMS_PER_STEP === TERMS_PER_STEP - 1) yield;
      }
      fields.push({ spec, postings: map, lengths });
      yield;
    }
    const termOf = [...(stored.fields[0]?.terms ?? []), ...stored.extraTerms];
    const idOf = new Map<string, number>();
    for (let id = 0; id < termOf.length; id++) {
      idOf.set(termOf[id] as string, id);
      if (id % TERMS_PER_STEP === TERMS_PER_STEP - 1) yield;
    }
    const documentTerms = new Map<string, TermSet>();
    for (let d = 0; d < stored.documents.length; d++) {
      documentTerms.set(stored.documents[d] as string, new TermIdSet(stored.documentTermIds.subarray(stored.documentOffsets[d], stored.documentOffsets[d + 1]), idOf, termOf));
      if (d % TERMS_PER_STEP === TERMS_PER_STEP - 1) yield;
    }
    yield;
    const labelDocuments = Array.from(stored.labelDocuments, (d) => {
      const docId = stored.documents[d];
      if (docId === undefined) throw new Error(`lexical index names document ${d} of ${stored.documents.length}`);
      return docId;
    });
    return new LexicalIndex({ fields, labelDocuments, documentTerms }, stored.passageCount);
  }

  /** The index in the binary form of lexical-store.ts. */
  serialize(): Uint8Array {
    const fields = this.data.fields.map(({ postings, lengths }) => {
      const terms = [...postings.keys()];
      const offsets = new Int32Array(terms.length + 1);
      let total = 0;
      terms.forEach((term, i) => {
        total += postings.get(term)?.length ?? 0;
        offsets[i + 1] = total;
      });
      const flat = new Int32Array(total);
      terms.forEach((term, i) => flat.set(postings.get(term) ?? [], offsets[i]));
      return { lengths, terms, offsets, postings: flat };
    });
    const idOf = new Map((fields[0]?.terms ?? []).map((term, id) => [term, id] as const));
    const extraTerms: string[] = [];
    const idFor = (term: string): number => {
      let id = idOf.get(term);
      if (id === undefined) {
        id = idOf.size;
        idOf.set(term, id);
        extraTerms.push(term);
      }
      return id;
    };
    const documents = [...this.data.documentTerms.keys()];
    const documentOffsets = new Int32Array(documents.length + 1);
    let total = 0;
    for (const [d, docId] of documents.entries()) {
      total += this.data.documentTerms.get(docId)?.size ?? 0;
      documentOffsets[d + 1] = total;
    }
    const documentTermIds = new Int32Array(total);
    // Loaded documents carry ids into their own version's term list: translated once per list, not term by term.
    const translations = new Map<readonly string[], Int32Array>();
    documents.forEach((docId, d) => {
      const terms = this.data.documentTerms.get(docId);
      const own = documentTermIds.subarray(documentOffsets[d], documentOffsets[d + 1]);
      if (terms instanceof TermIdSet) {
        let translation = translations.get(terms.termOf);
        if (translation === undefined) translations.set(terms.termOf, (translation = Int32Array.from(terms.termOf, idFor)));
        terms.ids.forEach((id, i) => (own[i] = translation[id] as number));
      } else {
        let i = 0;
        for (const term of terms ?? []) own[i++] = idFor(term);
      }
      own.sort();
    });
    const ordinal = new Map(documents.map((docId, d) => [docId, d] as const));
    const labelDocuments = Int32Array.from(this.data.labelDocuments, (docId) => ordinal.get(docId) ?? -1);
    return encodeLexical({
      formatVersion: ANALYZER_VERSION,
      layout: LEXICAL_LAYOUT,
      passageCount: this.passageCount,
      fields,
      documents,
      extraTerms,
      documentOffsets,
      documentTermIds,
      labelDocuments,
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
    this.data.fields.forEach((old, f) => {
      const field = parts.fields[f] as FieldParts;
      for (const [term, postings] of old.postings) {
        const kept = new Int32Array(postings.length);
        let n = 0;
        for (let i = 0; i < postings.length; i += 2) {
          const label = change.relabel[postings[i] as number] ?? -1;
          if (label < 0) continue;
          kept[n++] = label;
          kept[n++] = postings[i + 1] as number;
        }
        if (n > 0) field.postings.set(term, n === kept.length ? kept : kept.slice(0, n));
      }
      change.relabel.forEach((label, from) => {
        if (label >= 0) field.lengths[label] = old.lengths[from] ?? 0;
      });
    });
    change.relabel.forEach((label, from) => {
      if (label >= 0) parts.labelDocuments[label] = this.data.labelDocuments[from] ?? '';
    });
    const replaced = new Set(change.replacedDocuments);
    // A loaded document's ids are a view on its version's whole file: copied, so the old file can be collected.
    for (const [docId, terms] of this.data.documentTerms) {
      if (!replaced.has(docId)) parts.documentTerms.set(docId, terms instanceof TermIdSet ? terms.detached() : terms);
    }
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
      for (const [term, postings] of this.data.fields[0]?.postings ?? []) this.terms.set(term, postings.length / 2);
    }
    return this.terms;
  }

  private terms: Map<string, number> | undefined;

  /** Number of passages that contain `term`. */
  frequency(term: string): number {
    return (this.data.fields[0]?.postings.get(term)?.length ?? 0) / 2;
  }

  /** Inverse document frequency for a passage frequency (BM25's form, always > 0). */
  idf(frequency: number): number {
    return bm25Idf(frequency, this.passageCount);
  }

  /** Whether the document `docId` contains `term` anywhere. */
  documentHasTerm(docId: string, term: string): boolean {
    return this.data.documentTerms.get(docId)?.has(term) ?? false;
  }

  /** Refuses parts where some label in 0…n−1 has no passage (the caller numbered them wrongly); freezes the rest. */
  private static checked(parts: Parts, passageCount: number): LexicalIndex {
    for (const { lengths } of parts.fields) {
      if (lengths.length !== passageCount || lengths.includes(undefined as unknown as number)) {
        throw new Error(`lexical index labels must be 0…${passageCount - 1}, each once`);
      }
    }
    const fields = parts.fields.map(({ spec, postings, lengths }): FieldData => {
      const frozen = new Map<string, Postings>();
      for (const [term, list] of postings) frozen.set(term, list instanceof Int32Array ? list : Int32Array.from(list));
      return { spec, postings: frozen, lengths: Int32Array.from(lengths) };
    });
    return new LexicalIndex({ fields, labelDocuments: parts.labelDocuments, documentTerms: parts.documentTerms }, passageCount);
  }
}

function emptyParts(): Parts {
  return { fields: FIELDS.map((spec) => ({ spec, postings: new Map(), lengths: [] })), labelDocuments: [], documentTerms: new Map() };
}

/** Numbers the documents in label order and sums each one's length: its passages' text lengths and its title's once. */
function documentsOf(data: Data, passageCount: number): ScoredDocuments {
  const ordinals = new Map<string, number>();
  const of = new Int32Array(passageCount);
  const lengths: number[] = [];
  for (let label = 0; label < passageCount; label++) {
    const docId = data.labelDocuments[label] ?? '';
    let document = ordinals.get(docId);
    const first = document === undefined;
    if (document === undefined) {
      ordinals.set(docId, (document = ordinals.size));
      lengths[document] = 0;
    }
    for (const { spec, lengths: fieldLengths } of data.fields) {
      if (first || !spec.perDocument) lengths[document] = (lengths[document] ?? 0) + (fieldLengths[label] ?? 0);
    }
    of[label] = document;
  }
  const averageLength = lengths.length === 0 ? 0 : lengths.reduce((a, b) => a + b, 0) / lengths.length;
  return { of, count: ordinals.size, lengths: Float64Array.from(lengths), averageLength };
}
