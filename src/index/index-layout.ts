import path from 'node:path';

/**
 * The index folder:
 * ```
 * INDEX_DIR/CURRENT                 name of the version being served (replaced atomically by rename)
 * INDEX_DIR/versions/<version>/     manifest.json, documents.json, passages.json, lexical.bin (see lexical-store.ts),
 *                                   vectors.f32 (raw vectors, the embedding cache), vectors.hnsw; and
 *                                   verified.json, the data files' stats when last hashed (a cache, not part of
 *                                   the version: see verified-stamps.ts)
 * INDEX_DIR/versions/.building-*    a build in progress; left behind only by a crash, removed on next start
 * INDEX_DIR/reindex.lock            held by the process that is reindexing
 * INDEX_DIR/extracted/<sha256>.txt  the text extracted from a document file (by its bytes' sha256), and .json its
 *                                   format, metadata and page starts: what quotes are slices of
 * ```
 */
export const FILES = {
  manifest: 'manifest.json',
  documents: 'documents.json',
  passages: 'passages.json',
  lexical: 'lexical.bin',
  vectors: 'vectors.f32',
  hnsw: 'vectors.hnsw',
} as const;

export const BUILDING_PREFIX = '.building-';

export function currentPointer(indexDir: string): string {
  return path.join(indexDir, 'CURRENT');
}

export function versionsDir(indexDir: string): string {
  return path.join(indexDir, 'versions');
}

export function versionDir(indexDir: string, version: string): string {
  return path.join(versionsDir(indexDir), version);
}

export function lockFile(indexDir: string): string {
  return path.join(indexDir, 'reindex.lock');
}

/** A sortable, unique version name: `v20261122-181300-123-ab12`. */
export function newVersionName(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').replace(/\.(\d{3})Z$/, '-$1');
  return `v${stamp}-${Math.random().toString(16).slice(2, 6)}`;
}

/** Where extracted document texts are kept (see `extract/extraction-cache.ts`). */
export function extractedDir(indexDir: string): string {
  return path.join(indexDir, 'extracted');
}
