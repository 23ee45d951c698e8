import path from 'node:path';
import { LexicalIndex } from '../retrieval/lexical-index.js';
import { VectorIndex } from '../retrieval/vector-index.js';
import { FILES, versionDir } from './index-layout.js';
import { readVerified, readVectors, type StoredDocument, type StoredPassage } from './index-store.js';
import type { Manifest } from './manifest.js';

/** A version read whole, to be updated by a reindex rather than rebuilt. */
export interface PreviousVersion {
  readonly documents: readonly StoredDocument[];
  readonly passages: readonly StoredPassage[];
  readonly lexical: LexicalIndex;
  /** The raw vectors, one row per passage; null for a lexical-only version. */
  readonly vectors: Float32Array | null;
  /** The HNSW graph with its own labels (see {@link StoredPassage.vectorLabel}); a fresh copy, free to change. */
  readonly graph: VectorIndex | null;
}

/**
 * Reads every file of a version, verified against its manifest. Returns null when any of it is missing, damaged
 * or inconsistent: the reindex then builds from scratch, which is always correct, only slower.
 */
export async function readPreviousVersion(indexDir: string, manifest: Manifest): Promise<PreviousVersion | null> {
  const dir = versionDir(indexDir, manifest.version);
  try {
    const documents = JSON.parse((await readVerified(dir, manifest, FILES.documents)).toString('utf8')) as StoredDocument[];
    const passages = JSON.parse((await readVerified(dir, manifest, FILES.passages)).toString('utf8')) as StoredPassage[];
    const lexical = LexicalIndex.deserialize(await readVerified(dir, manifest, FILES.lexical));
    if (lexical.passageCount !== passages.length || documents.length !== manifest.counts.documents) return null;
    if (!manifest.model) return { documents, passages, lexical, vectors: null, graph: null };
    const vectors = await readVectors(indexDir, manifest);
    if (vectors === null || vectors.length !== passages.length * manifest.model.dimensions) return null;
    await readVerified(dir, manifest, FILES.hnsw);
    const graph = await VectorIndex.load(path.join(dir, FILES.hnsw), manifest.model.dimensions, 1);
    if (passages.some((p, i) => (p.vectorLabel ?? i) >= graph.storedCount)) return null;
    return { documents, passages, lexical, vectors, graph };
  } catch {
    return null;
  }
}
