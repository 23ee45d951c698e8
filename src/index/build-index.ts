import { AccordError } from '../errors.js';
import type { Embedder } from '../retrieval/embedder.js';
import { ANALYZER_VERSION, LEXICAL_LAYOUT, LexicalIndex, type LexicalEntry } from '../retrieval/lexical-index.js';
import type { RetrievalMode } from '../retrieval/types.js';
import type { HnswParams } from '../retrieval/vector-index.js';
import { embedPassages } from './embed-passages.js';
import { extractedDir, newVersionName } from './index-layout.js';
import { writeVersion, type StoredPassage, type VersionData, type WrittenManifest } from './index-store.js';
import { INDEX_FORMAT_VERSION, type Manifest } from './manifest.js';
import { placeVectors } from './place-vectors.js';
import { PROCESSING_VERSION, type ChunkingSettings } from './process-document.js';
import { processFiles, type ProcessedCorpus, type ReusableDocument } from './process-files.js';
import { extractListed, scanCorpus, type CorpusScan, type ReadCorpusOptions, type SkippedFile } from './read-corpus.js';
import type { PreviousVersion } from './read-previous-version.js';
import { isUpToDate, sameRules, type ExpectedModel } from './up-to-date.js';
import { eventLoopYielder } from './yield-to-event-loop.js';

export interface BuildProgress {
  readonly phase: 'reading' | 'embedding' | 'writing' | 'checking';
  readonly documentsRead: number;
  readonly documentsTotal: number;
  readonly passagesEmbedded: number;
  readonly passagesTotal: number;
  readonly elapsedMs: number;
}

/** The version a build starts from: its vectors are reused for passages whose embedded text is unchanged. */
export interface PreviousBuild {
  readonly manifest: Manifest;
  /** Reads its passages and raw vectors; only called when something changed. */
  readCache(): Promise<{ readonly passages: readonly StoredPassage[]; readonly vectors: Float32Array | null }>;
  /**
   * Reads it whole, to update instead of rebuilding; null when it cannot be read (then the build starts from
   * scratch). Only called when something changed and the version was built by the same rules and model.
   */
  readWhole?(): Promise<PreviousVersion | null>;
  /**
   * The corpus as the up-to-date check just scanned it against this version (stamps trusted, only changed files
   * extracted): what the build would scan again, so it is not.
   */
  readonly listing?: CorpusScan;
}

/** Where the corpus and index live and how to build: fixed for the life of a process. */
export interface IndexSettings {
  readonly corpusDir: string;
  readonly indexDir: string;
  /** Citation paths are made relative to this folder. */
  readonly projectRoot: string;
  readonly maxFileBytes: number;
  readonly chunking: ChunkingSettings;
  /** `efSearch` is used when versions are loaded. */
  readonly hnsw: HnswParams;
  /** Whether the embedder loads the quantized model: recorded in the manifest, part of the cache key. */
  readonly quantized: boolean;
  readonly batchSize: number;
}

export interface BuildRequest extends IndexSettings {
  /** Null builds a lexical-only index. */
  readonly embedder: Embedder | null;
  readonly previous: PreviousBuild | null;
  /** Writes a new version even when nothing changed: the previous one is damaged. */
  readonly force?: boolean;
  readonly onProgress?: (progress: BuildProgress) => void;
}

export interface BuildTimings {
  readonly readMs: number;
  readonly processMs: number;
  readonly embedMs: number;
  readonly hnswMs: number;
  readonly lexicalMs: number;
  readonly writeMs: number;
}

export interface BuildResult {
  /** True when the corpus and settings match the previous version: nothing was written, `version` is the previous one. */
  readonly upToDate: boolean;
  readonly version: string;
  readonly manifest: Omit<Manifest, 'files'>;
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
  readonly unchanged: number;
  readonly skipped: readonly SkippedFile[];
  readonly passages: number;
  /** Passages whose vectors were computed (the rest were reused). */
  readonly embedded: number;
  readonly mode: RetrievalMode;
  /** Documents run through cleaning and splitting (the rest were reused from the previous version as they were). */
  readonly processed: number;
  /** How the lexical index and the vector graph were made: updated from the previous version, or built anew. */
  readonly lexicalMode: 'built' | 'updated';
  readonly graphMode: 'built' | 'updated' | 'compacted' | 'none';
  readonly durationMs: number;
  readonly timings: BuildTimings;
  /** What was written (absent when up to date): the caller checks it on disk instead of parsing it all again. */
  readonly written?: { readonly data: VersionData; readonly manifest: WrittenManifest };
}

/** While a build's steps advance without a report of their own, the latest progress is repeated this often. */
export const PROGRESS_REPEAT_MS = 1_000;

/**
 * Reads the corpus, splits what changed, embeds what changed, and writes a complete new version folder. When the
 * previous version was built by the same rules and model, it is updated rather than rebuilt: unchanged documents
 * are not processed again, the BM25 index and the HNSW graph are updated in copies (see place-vectors.ts for
 * when the graph is rebuilt instead). Does not make the version current: the caller loads and checks it first.
 * Throws an AccordError when no document can be indexed.
 */
export async function buildIndex(request: BuildRequest): Promise<BuildResult> {
  const started = performance.now();
  let mark = started;
  const lap = () => {
    const now = performance.now();
    const ms = now - mark;
    mark = now;
    return ms;
  };
  const { embedder, previous } = request;
  let latest: Omit<BuildProgress, 'elapsedMs'> | null = null;
  let reportedAt = started;
  const progress = (p: Omit<BuildProgress, 'elapsedMs'>) => {
    latest = p;
    reportedAt = performance.now();
    request.onProgress?.({ ...p, elapsedMs: reportedAt - started });
  };
  const model: ExpectedModel | null = embedder ? { id: embedder.modelId, quantized: request.quantized, dimensions: embedder.dimensions } : null;

  const reuse = previous && !request.force && sameRules(previous.manifest, request, model) ? previous.manifest : null;
  // A forced rebuild is what a user runs when they distrust the index: every file is read, no stamp is trusted.
  // The check's listing was made with the options this scan would use only when the version is reused as it is.
  const listing =
    reuse && previous?.listing
      ? previous.listing
      : await scanCorpus(request.corpusDir, request.maxFileBytes, scanOptions(request, request.force ? null : previous?.manifest ?? null, reuse));
  const readMs = lap();
  if (previous && !request.force && isUpToDate(previous.manifest, listing.files, request, model)) {
    return upToDateResult(previous.manifest, listing.skipped, readMs, started);
  }
  const whole = reuse ? ((await previous?.readWhole?.()) ?? null) : null;
  // 10 ms slices: with embedding in another process (in the bot), these pauses bound how late a question starts.
  const yieldNow = eventLoopYielder(10);
  // Steps that report nothing of their own (placing vectors in the graph, building the BM25 index) still show they
  // advance: the latest progress is reported again, with its elapsed time, at least every PROGRESS_REPEAT_MS. The
  // bot's reindex host stops a process that reports nothing for REINDEX_STALL_SECONDS.
  const pause = async () => {
    if (latest !== null && performance.now() - reportedAt >= PROGRESS_REPEAT_MS) progress(latest);
    await yieldNow();
  };
  const corpus = await processFiles(
    listing.files,
    { projectRoot: request.projectRoot, chunking: request.chunking, modelKey: embedder ? `${embedder.modelId}|${request.quantized ? 'q' : 'f'}` : '' },
    whole && previous ? reusable(whole, previous.manifest) : null,
    pause,
    (done) => progress({ phase: 'reading', documentsRead: done, documentsTotal: listing.files.length, passagesEmbedded: 0, passagesTotal: 0 }),
    (file) => extractListed(file, request.maxFileBytes, scanOptions(request, null, null)),
  );
  const { documents } = corpus;
  const skipped: SkippedFile[] = [...listing.skipped, ...corpus.skipped];
  if (documents.length === 0) {
    const reasons = skipped.map((s) => `${s.path}: ${s.reason}`).join('; ');
    throw new AccordError(`No document in ${request.corpusDir} could be indexed${reasons ? ` (${reasons})` : ' (the folder is empty)'}.`, {
      hint: 'Add .txt, .md, .pdf, .html or .docx documents to the corpus folder, then reindex. The current index, if any, was left as it was.',
    });
  }
  const processMs = lap();

  const dense = await vectorsFor(request, corpus, whole, progress, pause);
  lap();
  const lexical = whole ? updateLexical(whole, corpus, previous?.manifest.documents ?? []) : await LexicalIndex.buildPaced(lexicalEntries(corpus, () => true), pause);
  const lexicalMs = lap();

  const passages = dense?.passages ?? corpus.passages;
  progress({ phase: 'writing', documentsRead: documents.length, documentsTotal: documents.length, passagesEmbedded: passages.length, passagesTotal: passages.length });
  const version = newVersionName();
  const manifest: Omit<Manifest, 'files'> = {
    formatVersion: INDEX_FORMAT_VERSION,
    version,
    builtAt: new Date().toISOString(),
    previousVersion: previous?.manifest.version ?? null,
    model: embedder ? { id: embedder.modelId, dimensions: embedder.dimensions, quantized: request.quantized } : null,
    analyzerVersion: ANALYZER_VERSION,
    lexicalLayout: LEXICAL_LAYOUT,
    processingVersion: PROCESSING_VERSION,
    chunking: { ...request.chunking },
    hnsw: { m: request.hnsw.m, efConstruction: request.hnsw.efConstruction },
    counts: { documents: documents.length, passages: passages.length },
    documents: documents.map((d) => ({ docId: d.docId, contentHash: d.contentHash, passages: d.passageCount })),
    unindexed: corpus.unindexed,
    fileStamps: stampsOf(listing, [...documents, ...corpus.unindexed]),
  };
  const data: VersionData = { manifest, documents, passages, lexical, vectors: dense?.vectors ?? null, hnsw: dense?.graph ?? null };
  const written = { data, manifest: await writeVersion(request.indexDir, data) };
  const writeMs = lap();

  const before = new Map(previous?.manifest.documents.map((d) => [d.docId, d.contentHash] as const) ?? []);
  const now = new Set(documents.map((d) => d.docId));
  const added = documents.filter((d) => !before.has(d.docId)).map((d) => d.docId);
  const changed = documents.filter((d) => before.has(d.docId) && before.get(d.docId) !== d.contentHash).map((d) => d.docId);
  return {
    upToDate: false,
    version,
    manifest,
    added,
    changed,
    removed: [...before.keys()].filter((id) => !now.has(id)),
    unchanged: documents.length - added.length - changed.length,
    skipped,
    passages: passages.length,
    embedded: dense?.embedded ?? 0,
    mode: embedder ? 'hybrid' : 'lexical',
    processed: corpus.processed,
    lexicalMode: whole ? 'updated' : 'built',
    graphMode: dense?.graphMode ?? 'none',
    durationMs: performance.now() - started,
    timings: { readMs, processMs, embedMs: dense?.embedMs ?? 0, hnswMs: dense?.hnswMs ?? 0, lexicalMs, writeMs },
    written,
  };
}

/**
 * The current version when a build would reproduce it: decided from its manifest and the corpus files' hashes,
 * with the model only named (from the settings), never loaded. Null when something changed.
 */
export async function checkUpToDate(settings: IndexSettings, previous: Manifest, model: ExpectedModel | null): Promise<{ readonly fresh: BuildResult | null; readonly listing: CorpusScan }> {
  const started = performance.now();
  const listing = await scanCorpus(settings.corpusDir, settings.maxFileBytes, scanOptions(settings, previous, previous));
  if (!isUpToDate(previous, listing.files, settings, model)) return { fresh: null, listing };
  return { fresh: upToDateResult(previous, listing.skipped, performance.now() - started, started), listing };
}

/**
 * How to scan the corpus: files that still match `stamped`'s stamps are not read, and files that `known` indexed
 * with the same content are not extracted (their documents are reused; should that fail, they are extracted then).
 */
function scanOptions(settings: IndexSettings, stamped: Manifest | null, known: Manifest | null): ReadCorpusOptions {
  const hashes = new Map([...(known?.documents ?? []), ...(known?.unindexed ?? [])].map((d) => [d.docId, d.contentHash] as const));
  return {
    extractedDir: extractedDir(settings.indexDir),
    ...(stamped && { stamps: stamped.fileStamps }),
    needsText: (docId, contentHash) => hashes.get(docId) !== contentHash,
  };
}

/** The stamps of the listed files that became documents or were recorded as unindexed. */
function stampsOf(listing: CorpusScan, kept: readonly { docId: string }[]): Manifest['fileStamps'] {
  const ids = new Set(kept.map((k) => k.docId));
  const stamps: Manifest['fileStamps'] = {};
  for (const file of listing.files) if (file.stamp && ids.has(file.docId)) stamps[file.docId] = [...file.stamp];
  return stamps;
}

function upToDateResult(manifest: Manifest, skipped: readonly SkippedFile[], readMs: number, started: number): BuildResult {
  return {
    upToDate: true, version: manifest.version, manifest, added: [], changed: [], removed: [],
    unchanged: manifest.counts.documents,
    skipped: [...skipped, ...manifest.unindexed.map((u) => ({ path: u.docId, reason: u.reason }))],
    passages: manifest.counts.passages, embedded: 0, processed: 0, lexicalMode: 'updated', graphMode: 'none',
    mode: manifest.model ? 'hybrid' : 'lexical', durationMs: performance.now() - started,
    timings: { readMs, processMs: 0, embedMs: 0, hnswMs: 0, lexicalMs: 0, writeMs: 0 },
  };
}

/** The previous version's documents and unindexed files by docId, for {@link processFiles} to reuse. */
function reusable(whole: PreviousVersion, manifest: Manifest) {
  const documents = new Map<string, ReusableDocument>(whole.documents.map((document) => [document.docId, { document, passages: [] }]));
  whole.passages.forEach((passage, label) => (documents.get(passage.docId)?.passages as { passage: StoredPassage; label: number }[] | undefined)?.push({ passage, label }));
  const unindexed = new Map(manifest.unindexed.map((u) => [u.docId, { contentHash: u.contentHash, reason: u.reason }] as const));
  return { documents, unindexed };
}

/** Lexical entries of the passages that `include` selects, labelled by their position. */
function lexicalEntries(corpus: ProcessedCorpus, include: (label: number) => boolean): LexicalEntry[] {
  const byId = new Map(corpus.documents.map((d) => [d.docId, d] as const));
  const entries: LexicalEntry[] = [];
  corpus.passages.forEach((p, label) => {
    if (!include(label)) return;
    const doc = byId.get(p.docId);
    entries.push({ label, docId: p.docId, title: doc?.title ?? '', text: doc?.text.slice(p.start, p.end) ?? '' });
  });
  return entries;
}

/** The previous BM25 index with removed passages dropped, reused ones renumbered and new ones added. */
function updateLexical(whole: PreviousVersion, corpus: ProcessedCorpus, previousDocuments: readonly { docId: string }[]): LexicalIndex {
  const relabel = new Int32Array(whole.passages.length).fill(-1);
  corpus.previousLabels.forEach((old, label) => {
    if (old >= 0) relabel[old] = label;
  });
  const reused = new Set(corpus.passages.filter((_, label) => (corpus.previousLabels[label] ?? -1) >= 0).map((p) => p.docId));
  return whole.lexical.update({
    relabel,
    added: lexicalEntries(corpus, (label) => (corpus.previousLabels[label] ?? -1) < 0),
    replacedDocuments: previousDocuments.map((d) => d.docId).filter((docId) => !reused.has(docId)),
    passageCount: corpus.passages.length,
  });
}

/** Embeds what the caches lack and places every vector in a graph; null for a lexical-only build. */
async function vectorsFor(
  request: BuildRequest,
  corpus: ProcessedCorpus,
  whole: PreviousVersion | null,
  progress: (p: Omit<BuildProgress, 'elapsedMs'>) => void,
  pause: () => Promise<void>,
) {
  const { embedder } = request;
  if (!embedder) return null;
  const cache = whole?.vectors ? { passages: whole.passages, vectors: whole.vectors } : await readCache(request, embedder);
  const documentsTotal = corpus.documents.length;
  const total = corpus.passages.length;
  const embedded = await embedPassages(embedder, corpus.passages, corpus.embedTexts, cache, request.batchSize, async (_labels, done, todo) => {
    progress({ phase: 'embedding', documentsRead: documentsTotal, documentsTotal, passagesEmbedded: total - todo + done, passagesTotal: total });
    await pause();
  });
  const previousGraph = whole?.graph ? { graph: whole.graph, passages: whole.passages } : null;
  const placed = await placeVectors(embedded.vectors, embedder.dimensions, corpus.passages, corpus.previousLabels, previousGraph, request.hnsw, pause);
  return { ...placed, vectors: embedded.vectors, embedded: embedded.embeddedLabels.length, embedMs: embedded.embedMs };
}

/** The previous version's vectors by embed key, when they come from the same model. */
async function readCache(request: BuildRequest, embedder: Embedder) {
  const { previous } = request;
  if (!previous) return null;
  const model = previous.manifest.model;
  if (model?.id !== embedder.modelId || model.dimensions !== embedder.dimensions) return null;
  const { passages, vectors } = await previous.readCache();
  return vectors ? { passages, vectors } : null;
}
