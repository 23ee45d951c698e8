import { ANALYZER_VERSION, LEXICAL_LAYOUT } from '../retrieval/lexical-index.js';
import type { HnswParams } from '../retrieval/vector-index.js';
import type { Manifest } from './manifest.js';
import { PROCESSING_VERSION, type ChunkingSettings } from './process-document.js';

/** The model a build would embed with: known from the settings alone, before any model is loaded. */
export interface ExpectedModel {
  readonly id: string;
  readonly quantized: boolean;
  /** Known once the model is loaded; undefined accepts the manifest's. */
  readonly dimensions?: number;
}

export interface BuildRules {
  readonly chunking: ChunkingSettings;
  readonly hnsw: Pick<HnswParams, 'm' | 'efConstruction'>;
}

/** Whether `manifest` was built with this model (or none), these rules and this code's analysis and layouts. */
export function sameRules(manifest: Manifest, rules: BuildRules, model: ExpectedModel | null): boolean {
  const sameModel = model
    ? manifest.model?.id === model.id && manifest.model.quantized === model.quantized && (model.dimensions === undefined || manifest.model.dimensions === model.dimensions)
    : manifest.model === null;
  return (
    sameModel &&
    manifest.processingVersion === PROCESSING_VERSION &&
    manifest.analyzerVersion === ANALYZER_VERSION &&
    manifest.lexicalLayout === LEXICAL_LAYOUT &&
    manifest.chunking.maxWords === rules.chunking.maxWords &&
    manifest.chunking.overlapSentences === rules.chunking.overlapSentences &&
    manifest.hnsw.m === rules.hnsw.m &&
    manifest.hnsw.efConstruction === rules.hnsw.efConstruction
  );
}

/**
 * Whether a build would reproduce `manifest` exactly: same documents with the same bytes, same rules, same
 * model (or none). Then no new version is needed.
 */
export function isUpToDate(manifest: Manifest, files: readonly { docId: string; contentHash: string }[], rules: BuildRules, model: ExpectedModel | null): boolean {
  return sameRules(manifest, rules, model) && sameFiles([...manifest.documents, ...manifest.unindexed], files);
}

/** Whether two lists name the same files with the same content hashes. */
function sameFiles(known: readonly { docId: string; contentHash: string }[], files: readonly { docId: string; contentHash: string }[]): boolean {
  if (known.length !== files.length) return false;
  const hashes = new Map(known.map((f) => [f.docId, f.contentHash] as const));
  return files.every((f) => hashes.get(f.docId) === f.contentHash);
}
