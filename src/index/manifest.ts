import { z } from 'zod';

/** Bumped whenever the on-disk layout changes; an index of another format must be rebuilt. */
export const INDEX_FORMAT_VERSION = 1;

const fileEntry = z.object({ bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });
const documentEntry = z.object({ docId: z.string().min(1), contentHash: z.string(), passages: z.number().int().nonnegative() });
const unindexedEntry = z.object({ docId: z.string().min(1), contentHash: z.string(), reason: z.string() });
const stampEntry = z.tuple([z.number().int().nonnegative(), z.number(), z.number(), z.number().nonnegative(), z.string().regex(/^[0-9a-f]{64}$/)]);

export const manifestSchema = z.object({
  formatVersion: z.literal(INDEX_FORMAT_VERSION),
  version: z.string().min(1),
  builtAt: z.iso.datetime(),
  /** The version that was current when this one was built: what rollback returns to. */
  previousVersion: z.string().nullable(),
  model: z
    .object({ id: z.string().min(1), dimensions: z.number().int().positive(), quantized: z.boolean() })
    .nullable(),
  /** The lexical index's text-analysis version (ANALYZER_VERSION); 0 for indexes from before it was recorded. */
  analyzerVersion: z.number().int().nonnegative().default(0),
  /** The layout of lexical.json (LEXICAL_LAYOUT); 1, MiniSearch's JSON, for indexes from before it was recorded. */
  lexicalLayout: z.number().int().positive().default(1),
  /** The document-processing rules' version (PROCESSING_VERSION); 0 for indexes from before it was recorded. */
  processingVersion: z.number().int().nonnegative().default(0),
  chunking: z.object({ maxWords: z.number().int().positive(), overlapSentences: z.number().int().nonnegative() }),
  hnsw: z.object({ m: z.number().int().positive(), efConstruction: z.number().int().positive() }),
  counts: z.object({ documents: z.number().int().nonnegative(), passages: z.number().int().nonnegative() }),
  documents: z.array(documentEntry),
  /** Files that were read but could not be indexed (bad front matter, no prose): part of "has anything changed". */
  unindexed: z.array(unindexedEntry).default([]),
  /**
   * The corpus files' stamps (size, times, inode, sha256 of the bytes) by docId, as the build read them: a later scan
   * does not read a file that still matches (see file-stamp.ts). Absent in versions from before stamps.
   */
  fileStamps: z.record(z.string(), stampEntry).default({}),
  /** Every data file of the version with its size and checksum, verified before anything is parsed. */
  files: z.record(z.string(), fileEntry),
});

export type Manifest = z.infer<typeof manifestSchema>;
