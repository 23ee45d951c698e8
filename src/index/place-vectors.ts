import { VectorIndex, type HnswParams } from '../retrieval/vector-index.js';
import type { StoredPassage } from './index-store.js';

/**
 * Share of a graph's points that may be marked deleted before a reindex rebuilds the graph instead of updating
 * it. Deleted points still route searches but are never returned. Measured with npm run bench -- reindex
 * (20,000 synthetic 384-dim vectors, M 16, efConstruction 200, efSearch 128): recall@10 against exact search
 * stayed ≥ 0.998 up to 60 % replaced (1.0000, 1.0000, 0.9995, 0.9990, 0.9985 at 0, 10, 25, 40, 60 %) and search
 * p50 moved within the run's noise. So recall does not set the bound; dead weight does: the file, its load
 * time and memory grow by the deleted share. A quarter keeps that overhead small while a rebuild (the full HNSW
 * build, 12 s at 11k passages) is paid only after the corpus has changed by about a third.
 */
export const COMPACT_DELETED_SHARE = 0.25;

export interface PlacedVectors {
  readonly graph: VectorIndex;
  /** The passages with their graph labels: set when the graph was updated, absent (= position) when built. */
  readonly passages: StoredPassage[];
  readonly graphMode: 'built' | 'updated' | 'compacted';
  /** Points marked deleted in the graph written. */
  readonly deletedPoints: number;
  readonly hnswMs: number;
}

/** The previous version's graph (a private copy, changed in place) and its passages. */
export interface PreviousGraph {
  readonly graph: VectorIndex;
  readonly passages: readonly StoredPassage[];
}

/**
 * Puts every passage's vector in an HNSW graph. With a previous graph: the points of passages that are gone are
 * marked deleted and only new passages are inserted (a reused passage, `previousLabels[i] ≥ 0`, keeps its
 * point), unless deleted points would then pass {@link COMPACT_DELETED_SHARE}; otherwise, and then, a new graph
 * of all passages is built. `pause` is awaited between insertions, so a serving process stays responsive.
 */
export async function placeVectors(
  vectors: Float32Array,
  dims: number,
  passages: readonly StoredPassage[],
  previousLabels: readonly number[],
  previous: PreviousGraph | null,
  params: HnswParams,
  pause: () => Promise<void>,
): Promise<PlacedVectors> {
  let hnswMs = 0;
  const timed = <T>(work: () => T): T => {
    const t = performance.now();
    const result = work();
    hnswMs += performance.now() - t;
    return result;
  };
  const row = (label: number) => vectors.subarray(label * dims, (label + 1) * dims);
  if (previous) {
    const { graph } = previous;
    const graphLabelOf = (old: number) => previous.passages[old]?.vectorLabel ?? old;
    const kept = new Set(previousLabels.filter((l) => l >= 0));
    const added = previousLabels.filter((l) => l < 0).length;
    const deletedBefore = graph.storedCount - previous.passages.length;
    const deletedAfter = deletedBefore + previous.passages.length - kept.size;
    if (deletedAfter / Math.max(1, graph.storedCount + added) <= COMPACT_DELETED_SHARE) {
      for (let old = 0; old < previous.passages.length; old++) if (!kept.has(old)) timed(() => graph.markDeleted(graphLabelOf(old)));
      let next = graph.storedCount;
      const placed: StoredPassage[] = [];
      for (const [i, passage] of passages.entries()) {
        const old = previousLabels[i] ?? -1;
        let vectorLabel: number;
        if (old >= 0) vectorLabel = graphLabelOf(old);
        else {
          vectorLabel = next++;
          timed(() => graph.add(row(i), vectorLabel));
          await pause();
        }
        placed.push({ ...passage, vectorLabel });
      }
      return { graph, passages: placed, graphMode: 'updated', deletedPoints: deletedAfter, hnswMs };
    }
  }
  const graph = VectorIndex.create(dims, passages.length, params);
  for (let i = 0; i < passages.length; i++) {
    timed(() => graph.add(row(i), i));
    await pause();
  }
  const placed = passages.map(({ vectorLabel: _vectorLabel, ...passage }) => passage);
  return { graph, passages: placed, graphMode: previous ? 'compacted' : 'built', deletedPoints: 0, hnswMs };
}
