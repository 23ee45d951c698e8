/**
 * BM25 scoring over flat postings and top-k selection: the question-time core of {@link LexicalIndex}.
 * A passage's fields (its text and its document's title) are scored as ONE bag of words, as in Anserini's and BEIR's
 * "flat" BM25 (title and text as one field): a term's frequency is summed over the fields, the length is the
 * fields' summed length in terms, and the IDF counts passages holding the term in any field. Plain BM25 (Robertson
 * et al.), no coordination factor. Scores accumulate in a reusable typed array, and only the best `k` are selected
 * with a heap instead of sorting every match.
 *
 * Measured (issue 9, lexical mode, a scratch reference BM25 over the same analyzer): scoring title and text as two
 * separate BM25 fields weighed title words twice (SciFact nDCG@10 0.654 against 0.683 as one bag); MiniSearch's
 * coordination factor (score × distinct query terms matched) cost 0.03–0.05 on SciFact and hit@3 on SQuAD 2 train
 * (0.9155 with it, 0.9195 without). With both gone, passages of ≤ 110 words rank SciFact's documents as well as
 * whole documents do (0.684 against 0.682).
 *
 * A passage's score also carries its document's: the same BM25 over the whole document (every passage's text and the
 * title once) is added to the score of each of its passages that matches. A question names its context in words the
 * answering passage need not repeat, and a passage is more likely the answer in a document about the question.
 */

/** Postings of one term in one field: `[label, termFrequency, label, termFrequency, …]`. */
export type Postings = Int32Array;

export interface ScoredField {
  readonly postings: ReadonlyMap<string, Postings>;
  /** The same text in every passage of a document (its title): counted once in the document's bag. */
  readonly perDocument: boolean;
}

/** The documents the passages belong to, for document-level evidence. */
export interface ScoredDocuments {
  /** Document ordinal (0…count−1) per label. */
  readonly of: Int32Array;
  readonly count: number;
  /** Terms per document: its passages' text and its title once. */
  readonly lengths: Float64Array;
  readonly averageLength: number;
}

/** The fields searched and each label's length over all of them: one bag of words per label. */
export interface ScoredBag {
  readonly fields: readonly ScoredField[];
  /** Terms per label, summed over the fields (a term counted as often as it occurs). */
  readonly lengths: ArrayLike<number>;
  readonly averageLength: number;
  readonly documents: ScoredDocuments;
}

export interface TopHit {
  readonly label: number;
  readonly score: number;
}

/**
 * k1 = 0.9 and b = 0.4, the defaults of Anserini and Pyserini (Lin et al., SIGIR 2021), whose published figures the
 * shared benchmarks quote.
 */
const K1 = 0.9;
const B = 0.4;

/**
 * Weight of the document's score in its passages' scores: 1, the plain sum. Chosen on SQuAD 2 train passage hit@3
 * among 0–3 (0.9195 without document evidence, 0.9227 at 0.75, 0.9231 at 1, 0.9207 at 2); never on a test set.
 */
const DOCUMENT_WEIGHT = 1;

/** BM25's term weight for a term frequency in a text of `length` terms (average `averageLength`). */
function saturate(tf: number, length: number, averageLength: number): number {
  return (tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / averageLength));
}

/** BM25's IDF, always > 0: `frequency` of `count` labels hold the term. */
export function bm25Idf(frequency: number, count: number): number {
  return Math.log(1 + (count - frequency + 0.5) / (frequency + 0.5));
}

/** Reusable per-index buffers: a query touches only the labels and documents it scores, and clears only those. */
export class ScoreScratch {
  readonly scores: Float64Array;
  /** The current term's frequency per label, summed over the fields. */
  readonly termFrequency: Float64Array;
  /** The labels holding the current term. */
  readonly holders: Int32Array;
  /** The labels scored by this query, in the order first scored. */
  readonly scored: Int32Array;
  readonly touched: Uint8Array;
  readonly documentScores: Float64Array;
  /** The current term's frequency per document. */
  readonly documentFrequency: Float64Array;
  /** Whether a document's per-document field (its title) already counted for the current term. */
  readonly documentOnce: Uint8Array;
  readonly documentHolders: Int32Array;
  readonly scoredDocuments: Int32Array;
  readonly documentTouched: Uint8Array;

  constructor(readonly capacity: number, readonly documentCapacity: number) {
    this.scores = new Float64Array(capacity);
    this.termFrequency = new Float64Array(capacity);
    this.holders = new Int32Array(capacity);
    this.scored = new Int32Array(capacity);
    this.touched = new Uint8Array(capacity);
    this.documentScores = new Float64Array(documentCapacity);
    this.documentFrequency = new Float64Array(documentCapacity);
    this.documentOnce = new Uint8Array(documentCapacity);
    this.documentHolders = new Int32Array(documentCapacity);
    this.scoredDocuments = new Int32Array(documentCapacity);
    this.documentTouched = new Uint8Array(documentCapacity);
  }
}

/**
 * Scores every passage that contains a query term and returns the best `k`, best first; ties go to the lower
 * label so that the order depends only on the scores, never on how the postings were built. A term repeated in
 * `terms` counts once.
 */
export function scoreTopK(terms: readonly string[], bag: ScoredBag, passageCount: number, k: number, scratch: ScoreScratch): TopHit[] {
  if (k <= 0 || passageCount === 0) return [];
  const { scores, termFrequency, holders, scored, touched, documentScores, scoredDocuments, documentTouched } = scratch;
  let scoredCount = 0;
  let documentCount = 0;
  for (const term of new Set(terms)) {
    let holderCount = 0;
    for (const field of bag.fields) {
      const postings = field.postings.get(term);
      if (postings === undefined) continue;
      for (let i = 0; i < postings.length; i += 2) {
        const label = postings[i] as number;
        if (termFrequency[label] === 0) holders[holderCount++] = label;
        termFrequency[label] = (termFrequency[label] as number) + (postings[i + 1] as number);
      }
    }
    if (holderCount === 0) continue;
    const idf = bm25Idf(holderCount, passageCount);
    for (let h = 0; h < holderCount; h++) {
      const label = holders[h] as number;
      const tf = termFrequency[label] as number;
      termFrequency[label] = 0;
      scores[label] = (scores[label] as number) + idf * saturate(tf, bag.lengths[label] as number, bag.averageLength);
      if (touched[label] === 0) {
        touched[label] = 1;
        scored[scoredCount++] = label;
      }
    }
    const documentHolderCount = scoreDocuments(term, bag, scratch);
    for (let h = 0; h < documentHolderCount; h++) {
      const document = scratch.documentHolders[h] as number;
      if (documentTouched[document] === 0) {
        documentTouched[document] = 1;
        scoredDocuments[documentCount++] = document;
      }
    }
  }
  const { of } = bag.documents;
  for (let s = 0; s < scoredCount; s++) {
    const label = scored[s] as number;
    scores[label] = (scores[label] as number) + DOCUMENT_WEIGHT * (documentScores[of[label] as number] as number);
  }
  const hits = selectBest(scored, scoredCount, scores, k);
  for (let s = 0; s < scoredCount; s++) {
    const label = scored[s] as number;
    scores[label] = 0;
    touched[label] = 0;
  }
  for (let d = 0; d < documentCount; d++) {
    const document = scoredDocuments[d] as number;
    documentScores[document] = 0;
    documentTouched[document] = 0;
  }
  return hits;
}

/**
 * Adds one term's BM25 over whole documents to `scratch.documentScores`: its frequency in a document is summed over
 * the document's passages, a per-document field (the title) counted once. The documents holding the term are left in
 * `scratch.documentHolders`; returns how many there are.
 */
function scoreDocuments(term: string, bag: ScoredBag, scratch: ScoreScratch): number {
  const { documents } = bag;
  const { documentFrequency, documentOnce, documentScores, documentHolders } = scratch;
  let holderCount = 0;
  for (const field of bag.fields) {
    const postings = field.postings.get(term);
    if (postings === undefined) continue;
    for (let i = 0; i < postings.length; i += 2) {
      const document = documents.of[postings[i] as number] as number;
      if (field.perDocument) {
        if (documentOnce[document] === 1) continue;
        documentOnce[document] = 1;
      }
      if (documentFrequency[document] === 0) documentHolders[holderCount++] = document;
      documentFrequency[document] = (documentFrequency[document] as number) + (postings[i + 1] as number);
    }
  }
  const idf = bm25Idf(holderCount, documents.count);
  for (let h = 0; h < holderCount; h++) {
    const document = documentHolders[h] as number;
    const tf = documentFrequency[document] as number;
    documentFrequency[document] = 0;
    documentOnce[document] = 0;
    documentScores[document] = (documentScores[document] as number) + idf * saturate(tf, documents.lengths[document] as number, documents.averageLength);
  }
  return holderCount;
}

/** Whether hit a ranks before hit b. */
function before(aScore: number, aLabel: number, bScore: number, bLabel: number): boolean {
  return aScore > bScore || (aScore === bScore && aLabel < bLabel);
}

/** The best `k` of the first `count` `labels` by `scores`, best first: a size-k min-heap, O(n log k). */
function selectBest(labels: Int32Array, count: number, scores: Float64Array, k: number): TopHit[] {
  const heap: TopHit[] = [];
  const worse = (i: number, j: number) => {
    const a = heap[i] as TopHit;
    const b = heap[j] as TopHit;
    return before(b.score, b.label, a.score, a.label);
  };
  const swap = (i: number, j: number) => {
    const t = heap[i] as TopHit;
    heap[i] = heap[j] as TopHit;
    heap[j] = t;
  };
  const siftDown = (start: number) => {
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(l, m)) m = l;
      if (r < heap.length && worse(r, m)) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  for (let n = 0; n < count; n++) {
    const label = labels[n] as number;
    const score = scores[label] as number;
    if (heap.length < k) {
      heap.push({ label, score });
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!worse(i, parent)) break;
        swap(i, parent);
        i = parent;
      }
    } else {
      const top = heap[0] as TopHit;
      if (before(score, label, top.score, top.label)) {
        heap[0] = { label, score };
        siftDown(0);
      }
    }
  }
  return heap.sort((a, b) => (before(a.score, a.label, b.score, b.label) ? -1 : 1));
}
