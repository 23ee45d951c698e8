/**
 * BM25+ scoring over flat postings and top-k selection: the question-time core of {@link LexicalIndex}.
 * The formula is MiniSearch's (a field's length is its number of distinct tokens; a passage's score is multiplied by
 * the number of distinct query terms it matches), with Anserini's parameters (below). What changed is the path: scores accumulate in a
 * reusable typed array, and only the best `k` are selected with a heap instead of sorting every match.
 */

/** Postings of one term in one field: `[label, termFrequency, label, termFrequency, …]`. */
export type Postings = Int32Array;

export interface ScoredField {
  readonly postings: ReadonlyMap<string, Postings>;
  /** Distinct tokens of the field, per label. */
  readonly lengths: ArrayLike<number>;
  readonly averageLength: number;
  readonly boost: number;
}

export interface TopHit {
  readonly label: number;
  readonly score: number;
}

/**
 * k1 = 0.9 and b = 0.4, the defaults of Anserini and Pyserini (Lin et al., SIGIR 2021), whose published figures the
 * shared benchmarks quote; D = 0 makes MiniSearch's BM25+ plain BM25. MiniSearch's own defaults (1.2, 0.7, 0.5) suit
 * long documents; passages are short. (SciFact nDCG@10 0.636 → 0.640 with these, title weighing 0.3.)
 */
const K1 = 0.9;
const B = 0.4;
const D = 0;

/** Reusable per-index buffers: a query touches only the labels it scores, and clears only those. */
export class ScoreScratch {
  readonly scores: Float64Array;
  /** Distinct query terms matched, per label. */
  readonly matched: Uint16Array;
  /** The last distinct query term (1-based) that matched each label. */
  readonly lastTerm: Int32Array;

  constructor(readonly capacity: number) {
    this.scores = new Float64Array(capacity);
    this.matched = new Uint16Array(capacity);
    this.lastTerm = new Int32Array(capacity);
  }
}

/**
 * Scores every passage that contains a query term and returns the best `k`, best first; ties go to the lower
 * label so that the order depends only on the scores, never on how the postings were built.
 */
export function scoreTopK(terms: readonly string[], fields: readonly ScoredField[], passageCount: number, k: number, scratch: ScoreScratch): TopHit[] {
  if (k <= 0 || passageCount === 0) return [];
  const { scores, matched, lastTerm } = scratch;
  const touched: number[] = [];
  const distinct = new Map<string, number>();
  for (const term of terms) {
    let termId = distinct.get(term);
    if (termId === undefined) distinct.set(term, (termId = distinct.size + 1));
    for (const field of fields) {
      const postings = field.postings.get(term);
      if (postings === undefined) continue;
      const frequency = postings.length / 2;
      const idf = Math.log(1 + (passageCount - frequency + 0.5) / (frequency + 0.5));
      for (let i = 0; i < postings.length; i += 2) {
        const label = postings[i] as number;
        const tf = postings[i + 1] as number;
        const norm = K1 * (1 - B + (B * (field.lengths[label] as number)) / field.averageLength);
        const score = field.boost * idf * (D + (tf * (K1 + 1)) / (tf + norm));
        if (lastTerm[label] === 0) touched.push(label);
        if (lastTerm[label] !== termId) {
          lastTerm[label] = termId;
          matched[label] = (matched[label] as number) + 1;
        }
        scores[label] = (scores[label] as number) + score;
      }
    }
  }
  const hits = selectBest(touched, scores, matched, k);
  for (const label of touched) {
    scores[label] = 0;
    matched[label] = 0;
    lastTerm[label] = 0;
  }
  return hits;
}

/** Whether hit a ranks before hit b. */
function before(aScore: number, aLabel: number, bScore: number, bLabel: number): boolean {
  return aScore > bScore || (aScore === bScore && aLabel < bLabel);
}

/** The best `k` of `labels` by `scores × matched`, best first: a size-k min-heap, O(n log k). */
function selectBest(labels: readonly number[], scores: Float64Array, matched: Uint16Array, k: number): TopHit[] {
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
  for (const label of labels) {
    const score = (scores[label] as number) * (matched[label] as number);
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
