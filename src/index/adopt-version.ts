import path from 'node:path';
import { AccordError } from '../errors.js';
import type { IndexSnapshot } from '../retrieval/index-snapshot.js';
import { LexicalIndex } from '../retrieval/lexical-index.js';
import { VectorIndex } from '../retrieval/vector-index.js';
import { assembleSnapshot, REBUILD_HINT } from './assemble-snapshot.js';
import { FILES, versionDir } from './index-layout.js';
import type { StoredDocument, StoredPassage } from './index-store.js';
import type { Manifest } from './manifest.js';
import { parseJsonArrayPaced } from './parse-json-array-paced.js';
import { readVerifiedPaced } from './read-verified-paced.js';

/**
 * What the process that built and checked a version tells the bot about it: enough to load it, without the
 * manifest's per-file lists (its zod validation alone blocked the event loop for 46–154 ms at 11k passages).
 */
export interface AdoptableVersion {
  readonly version: string;
  readonly builtAt: string;
  readonly model: { readonly id: string; readonly dimensions: number } | null;
  readonly counts: { readonly documents: number; readonly passages: number };
  /** Every data file with its size and sha256: each is checked again as it is read. */
  readonly files: Manifest['files'];
}

export function adoptableOf(manifest: Manifest): AdoptableVersion {
  const { version, builtAt, model, counts, files } = manifest;
  return { version, builtAt, model: model && { id: model.id, dimensions: model.dimensions }, counts, files };
}


/**
 * Loads a version that another process built and checked, for the running bot, in steps that each hold the event
 * loop for a few milliseconds at most: every file is read and its checksum verified in 1 MiB chunks, the documents
 * and passages are parsed a batch of elements at a time, the HNSW graph is read off the main thread by hnswlib,
 * and the snapshot is put together in slices. The same counts are checked as index-store's `loadVersion` checks.
 * Every failure is an AccordError that says how to rebuild.
 */
export async function adoptVersion(indexDir: string, facts: AdoptableVersion, efSearch: number, pause: () => Promise<void>): Promise<IndexSnapshot> {
  const { version } = facts;
  const dir = versionDir(indexDir, version);
  const parse = async <T>(name: string): Promise<T[]> => {
    const bytes = await readVerifiedPaced(dir, facts.files, name);
    try {
      return (await parseJsonArrayPaced(bytes, pause)) as T[];
    } catch (e: unknown) {
      throw new AccordError(`The index file ${path.join(dir, name)} is not a JSON array (corrupt file).`, { hint: REBUILD_HINT, cause: e });
    }
  };
  const documents = await parse<StoredDocument>(FILES.documents);
  const storedPassages = await parse<StoredPassage>(FILES.passages);
  const lexicalBytes = await readVerifiedPaced(dir, facts.files, FILES.lexical);
  let lexical: LexicalIndex;
  try {
    lexical = await LexicalIndex.deserializePaced(lexicalBytes, pause);
  } catch (e: unknown) {
    throw new AccordError(`The lexical index of version ${version} was written by another version of Accord's text analysis.`, { hint: REBUILD_HINT, cause: e });
  }
  await pause();
  let vectors: VectorIndex | null = null;
  if (facts.model) {
    await readVerifiedPaced(dir, facts.files, FILES.hnsw);
    const graphLabels = storedPassages.some((p) => p.vectorLabel !== undefined) ? storedPassages.map((p) => p.vectorLabel ?? -1) : undefined;
    vectors = await VectorIndex.load(path.join(dir, FILES.hnsw), facts.model.dimensions, efSearch, graphLabels);
  }
  return assembleSnapshot(
    { version, builtAt: facts.builtAt, modelId: facts.model?.id ?? null, counts: facts.counts, documents, storedPassages, lexical, vectors },
    pause,
  );
}
