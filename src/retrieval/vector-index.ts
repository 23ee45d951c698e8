import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type HnswlibType from 'hnswlib-node';
import { AccordError } from '../errors.js';

/**
 * hnswlib-node (a native addon), loaded on first use: a process answering in lexical mode never needs it (about
 * 5 ms of a cold `ask` on a quiet machine, 25–45 ms on a busy one).
 */
let loaded: typeof HnswlibType | undefined;
const hnswlib = (): typeof HnswlibType => (loaded ??= createRequire(import.meta.url)('hnswlib-node') as typeof HnswlibType);

/** HNSW build and search parameters. See README "Performance" for how the defaults were chosen. */
export interface HnswParams {
  /** Links per node: recall and memory grow with it. */
  readonly m: number;
  /** Candidate list size while building: build time and recall grow with it. */
  readonly efConstruction: number;
  /** Candidate list size while searching (raised to k when smaller): latency and recall grow with it. */
  readonly efSearch: number;
}

/** One nearest neighbour. `similarity` is cosine similarity (1 − hnswlib's cosine distance): higher is better. */
export interface VectorHit {
  readonly label: number;
  readonly similarity: number;
}

/**
 * Copies a vector into a plain array with an indexed loop: about 0.5 µs for 384 floats, where
 * `Array.from(float32Array)` takes about 8 µs through the iterator protocol (npm run bench -- hnsw).
 */
function toPlainArray(vector: ArrayLike<number>): number[] {
  const out = new Array<number>(vector.length);
  for (let i = 0; i < vector.length; i++) out[i] = vector[i] as number;
  return out;
}

/**
 * A cosine HNSW index over normalised vectors. The only module that imports hnswlib-node. hnswlib-node takes
 * plain arrays, so vectors are converted once per call here (see {@link toPlainArray}).
 *
 * Graph labels and passage labels: a full build stores passage `i` under graph label `i`. A reindex that updates
 * the graph instead marks the points of removed passages deleted and adds new points under fresh graph labels,
 * so then a map from graph label to passage label (−1: deleted) comes with the index, and search answers in
 * passage labels either way.
 */
export class VectorIndex {
  private constructor(
    private readonly index: HnswlibType.HierarchicalNSW,
    readonly dimensions: number,
    private efSearch: number,
    /** Graph label → passage label (−1 for a point marked deleted); null when they are the same. */
    private readonly positions: Int32Array | null = null,
    private readonly live: number = index.getCurrentCount(),
  ) {}

  /** An empty index with room for `capacity` vectors (at least 1). */
  static create(dimensions: number, capacity: number, params: HnswParams, randomSeed = 100): VectorIndex {
    const index = new (hnswlib().HierarchicalNSW)('cosine', dimensions);
    index.initIndex({ maxElements: Math.max(1, capacity), m: params.m, efConstruction: params.efConstruction, randomSeed });
    return new VectorIndex(index, dimensions, params.efSearch);
  }

  /**
   * Reads an index written by {@link VectorIndex.save}. `passageLabels[i]` is the graph label of passage `i` when
   * the graph was updated rather than built (absent: the same). Throws an AccordError when the file is missing or
   * unreadable, or when the labels do not fit the file.
   */
  static async load(file: string, dimensions: number, efSearch: number, passageLabels?: readonly number[]): Promise<VectorIndex> {
    if (!existsSync(file)) {
      throw new AccordError(`The vector index file ${file} is missing.`, { hint: 'Rebuild the index: npm run index' });
    }
    const index = new (hnswlib().HierarchicalNSW)('cosine', dimensions);
    try {
      await index.readIndex(file);
    } catch (e: unknown) {
      throw new AccordError(`The vector index file ${file} is corrupt or was written for other dimensions (expected ${dimensions}).`, {
        hint: 'Rebuild the index: npm run index',
        cause: e,
      });
    }
    if (passageLabels === undefined) return new VectorIndex(index, dimensions, efSearch);
    const positions = new Int32Array(index.getCurrentCount()).fill(-1);
    passageLabels.forEach((graphLabel, passage) => {
      if (!(graphLabel >= 0 && graphLabel < positions.length) || positions[graphLabel] !== -1) {
        throw new AccordError(`The vector index file ${file} does not hold the point its passage list names for passage ${passage} (label ${graphLabel}).`, {
          hint: 'Rebuild the index: npm run index',
        });
      }
      positions[graphLabel] = passage;
    });
    return new VectorIndex(index, dimensions, efSearch, positions, passageLabels.length);
  }

  /** Number of live vectors (points marked deleted are not counted). */
  get size(): number {
    return this.positions === null ? this.index.getCurrentCount() - this.deleted : this.live;
  }

  /** Number of points stored, live or marked deleted: the next free graph label. */
  get storedCount(): number {
    return this.index.getCurrentCount();
  }

  private deleted = 0;

  /**
   * Marks the point under graph label `label` deleted: searches skip it, and it stays in the graph as a
   * waypoint until the graph is rebuilt. Only for an index being built (see the class comment).
   */
  markDeleted(label: number): void {
    this.index.markDelete(label);
    this.deleted++;
  }

  /** Adds one vector under `label`; grows the index when it is full. */
  add(vector: ArrayLike<number>, label: number): void {
    if (vector.length !== this.dimensions) {
      throw new Error(`vector has ${vector.length} dimensions, index has ${this.dimensions}`);
    }
    const capacity = this.index.getMaxElements();
    if (this.index.getCurrentCount() >= capacity) this.index.resizeIndex(Math.max(16, capacity * 2));
    this.index.addPoint(toPlainArray(vector), label);
  }

  /** The `k` nearest vectors, best first. `k` is clamped to the number stored (hnswlib throws otherwise). */
  search(query: ArrayLike<number>, k: number): VectorHit[] {
    const n = Math.min(k, this.size);
    if (n <= 0) return [];
    this.index.setEf(Math.max(this.efSearch, n));
    const { neighbors, distances } = this.index.searchKnn(toPlainArray(query), n);
    const positions = this.positions;
    const hits = neighbors.map((label, i) => ({ label: positions === null ? label : (positions[label] ?? -1), similarity: 1 - (distances[i] ?? 1) }));
    // Equal similarities in passage order: hnswlib orders ties by how the graph was built, and an updated graph
    // must answer as a rebuilt one would.
    return hits.filter((hit) => hit.label >= 0).sort((a, b) => b.similarity - a.similarity || a.label - b.label);
  }

  setEfSearch(ef: number): void {
    this.efSearch = ef;
  }

  async save(file: string): Promise<void> {
    await this.index.writeIndex(file);
  }
}
