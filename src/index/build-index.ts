import path from 'node:path';
import { AccordError, describeError } from '../errors.js';
import type { Embedder } from '../retrieval/embedder.js';
import { ANALYZER_VERSION, LexicalIndex } from '../retrieval/lexical-index.js';
import type { RetrievalMode } from '../retrieval/types.js';
import { VectorIndex, type HnswParams } from '../retrieval/vector-index.js';
import { extractedDir, newVersionName } from './index-layout.js';
import { eventLoopYielder } from './yield-to-event-loop.js';
import { INDEX_FORMAT_VERSION, type Manifest } from './manifest.js';
import { processDocument, PROCESSING_VERSION, type ChunkingSettings } from './process-document.js';
import { readCorpus, type SkippedFile } from './read-corpus.js';
import { sha256, writeVersion, type StoredDocument, type StoredPassage } from './index-store.js';

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
  readonly durationMs: number;
  readonly timings: BuildTimings;
}

/** Passage text as embedded: the title gives each passage its document's context. */
function embeddingText(title: string, passageText: string): string {
  return `${title}\n${passageText}`;
}

/**
 * Reads the corpus, splits it, embeds what changed, and writes a complete new version folder. Does not make
 * it current: the caller loads and checks it first. Throws an AccordError when no document can be indexed.
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
  const progress = (p: Omit<BuildProgress, 'elapsedMs'>) => request.onProgress?.({ ...p, elapsedMs: performance.now() - started });

  const listing = await readCorpus(request.corpusDir, request.maxFileBytes, { extractedDir: extractedDir(request.indexDir) });
  const readMs = lap();
  if (previous && !request.force && isUpToDate(previous.manifest, listing.files, request)) {
    const { manifest } = previous;
    return {
      upToDate: true, version: manifest.version, manifest, added: [], changed: [], removed: [],
      unchanged: manifest.counts.documents,
      skipped: [...listing.skipped, ...manifest.unindexed.map((u) => ({ path: u.docId, reason: u.reason }))],
      passages: manifest.counts.passages, embedded: 0,
      mode: manifest.model ? 'hybrid' : 'lexical', durationMs: performance.now() - started,
      timings: { readMs, processMs: 0, embedMs: 0, hnswMs: 0, lexicalMs: 0, writeMs: 0 },
    };
  }
  const skipped: SkippedFile[] = [...listing.skipped];
  const documents: StoredDocument[] = [];
  const passages: StoredPassage[] = [];
  const embedTexts: string[] = [];
  const modelKey = embedder ? `${embedder.modelId}|${request.quantized ? 'q' : 'f'}` : '';
  const unindexed: { docId: string; contentHash: string; reason: string }[] = [];
  const pause = eventLoopYielder();
  for (const [i, file] of listing.files.entries()) {
    await pause();
    let processed;
    try {
      processed = processDocument(file.docId, file.text, request.chunking, file);
    } catch (e: unknown) {
      const reason = describeError(e).replace(/\n→ /g, ' ');
      skipped.push({ path: file.docId, reason });
      unindexed.push({ docId: file.docId, contentHash: file.contentHash, reason });
      continue;
    }
    if (processed.passages.length === 0) {
      const reason = 'no prose found after removing boilerplate (nothing to quote)';
      skipped.push({ path: file.docId, reason });
      unindexed.push({ docId: file.docId, contentHash: file.contentHash, reason });
      continue;
    }
    const { passages: docPassages, ...meta } = processed;
    const relative = (file: string) => path.relative(request.projectRoot, file).split(path.sep).join('/');
    documents.push({
      docId: file.docId,
      path: relative(file.absolutePath),
      contentHash: file.contentHash,
      passageCount: docPassages.length,
      text: file.text,
      format: file.format,
      ...(file.textFile === undefined ? {} : { textPath: relative(file.textFile) }),
      ...meta,
    });
    for (const p of docPassages) {
      const embedText = embeddingText(meta.title, p.text);
      embedTexts.push(embedText);
      passages.push({
        chunkId: p.chunkId,
        docId: p.docId,
        start: p.start,
        end: p.end,
        paragraph: p.paragraph,
        sentences: p.sentences.map((s) => [s.start, s.end, s.paragraph] as const),
        embedKey: sha256(`${modelKey}\n${embedText}`).slice(0, 32),
      });
    }
    progress({ phase: 'reading', documentsRead: i + 1, documentsTotal: listing.files.length, passagesEmbedded: 0, passagesTotal: 0 });
  }
  if (documents.length === 0) {
    const reasons = skipped.map((s) => `${s.path}: ${s.reason}`).join('; ');
    throw new AccordError(`No document in ${request.corpusDir} could be indexed${reasons ? ` (${reasons})` : ' (the folder is empty)'}.`, {
      hint: 'Add .txt, .md, .pdf, .html or .docx documents to the corpus folder, then reindex. The current index, if any, was left as it was.',
    });
  }
  const processMs = lap();

  const { vectors, embedded, hnsw, embedMs, hnswMs } = await embedPassages(request, passages, embedTexts, documents.length, progress);
  lap();
  const byId = new Map(documents.map((d) => [d.docId, d] as const));
  const lexical = await LexicalIndex.buildPaced(
    passages.map((p, label) => {
      const doc = byId.get(p.docId);
      return { label, docId: p.docId, title: doc?.title ?? '', text: doc?.text.slice(p.start, p.end) ?? '' };
    }),
    pause,
  );
  const lexicalMs = lap();

  progress({ phase: 'writing', documentsRead: documents.length, documentsTotal: documents.length, passagesEmbedded: passages.length, passagesTotal: passages.length });
  const version = newVersionName();
  const manifest: Omit<Manifest, 'files'> = {
    formatVersion: INDEX_FORMAT_VERSION,
    version,
    builtAt: new Date().toISOString(),
    previousVersion: previous?.manifest.version ?? null,
    model: embedder ? { id: embedder.modelId, dimensions: embedder.dimensions, quantized: request.quantized } : null,
    analyzerVersion: ANALYZER_VERSION,
    processingVersion: PROCESSING_VERSION,
    chunking: { ...request.chunking },
    hnsw: { m: request.hnsw.m, efConstruction: request.hnsw.efConstruction },
    counts: { documents: documents.length, passages: passages.length },
    documents: documents.map((d) => ({ docId: d.docId, contentHash: d.contentHash, passages: d.passageCount })),
    unindexed,
  };
  await writeVersion(request.indexDir, { manifest, documents, passages, lexical, vectors, hnsw });
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
    embedded,
    mode: embedder ? 'hybrid' : 'lexical',
    durationMs: performance.now() - started,
    timings: { readMs, processMs, embedMs, hnswMs, lexicalMs, writeMs },
  };
}

/**
 * Whether a build would reproduce `manifest` exactly: same documents with the same bytes in the same order,
 * same chunking, same HNSW parameters, same model (or none). Then no new version is needed.
 */
function isUpToDate(manifest: Manifest, files: readonly { docId: string; contentHash: string }[], request: BuildRequest): boolean {
  const { embedder } = request;
  const sameModel = embedder
    ? manifest.model?.id === embedder.modelId && manifest.model.quantized === request.quantized && manifest.model.dimensions === embedder.dimensions
    : manifest.model === null;
  return (
    sameModel &&
    manifest.processingVersion === PROCESSING_VERSION &&
    manifest.chunking.maxWords === request.chunking.maxWords &&
    manifest.chunking.overlapSentences === request.chunking.overlapSentences &&
    manifest.hnsw.m === request.hnsw.m &&
    manifest.hnsw.efConstruction === request.hnsw.efConstruction &&
    sameFiles([...manifest.documents, ...manifest.unindexed], files)
  );
}

/** Whether two lists name the same files with the same content hashes. */
function sameFiles(known: readonly { docId: string; contentHash: string }[], files: readonly { docId: string; contentHash: string }[]): boolean {
  if (known.length !== files.length) return false;
  const hashes = new Map(known.map((f) => [f.docId, f.contentHash] as const));
  return files.every((f) => hashes.get(f.docId) === f.contentHash);
}

/** Reuses cached vectors by embed key, embeds the rest in batches, and inserts all into a new HNSW index. */
async function embedPassages(
  request: BuildRequest,
  passages: readonly StoredPassage[],
  texts: readonly string[],
  documentsTotal: number,
  progress: (p: Omit<BuildProgress, 'elapsedMs'>) => void,
): Promise<{ vectors: Float32Array | null; embedded: number; hnsw: VectorIndex | null; embedMs: number; hnswMs: number }> {
  const { embedder } = request;
  if (!embedder) return { vectors: null, embedded: 0, hnsw: null, embedMs: 0, hnswMs: 0 };
  const previous = request.previous ? { manifest: request.previous.manifest, ...(await request.previous.readCache()) } : null;
  const dims = embedder.dimensions;
  const vectors = new Float32Array(passages.length * dims);
  const cache = new Map<string, number>();
  const reusable = previous?.vectors && previous.manifest.model?.id === embedder.modelId && previous.manifest.model.dimensions === dims;
  if (reusable) previous.passages.forEach((p, label) => cache.set(p.embedKey, label));
  const todo: number[] = [];
  passages.forEach((p, label) => {
    const cached = reusable ? cache.get(p.embedKey) : undefined;
    if (cached !== undefined && previous?.vectors) vectors.set(previous.vectors.subarray(cached * dims, (cached + 1) * dims), label * dims);
    else todo.push(label);
  });
  // Batches of similar length: a batch is padded to its longest text, and on this model padding is pure waste
  // (half the compute of length-mixed batches of 32, measured with npm run bench -- embed).
  todo.sort((a, b) => (texts[a]?.length ?? 0) - (texts[b]?.length ?? 0));
  const hnsw = VectorIndex.create(dims, passages.length, request.hnsw);
  let hnswMs = 0;
  const pause = eventLoopYielder();
  const insert = async (labels: readonly number[]) => {
    for (const label of labels) {
      const t = performance.now();
      hnsw.add(vectors.subarray(label * dims, (label + 1) * dims), label);
      hnswMs += performance.now() - t;
      await pause();
    }
  };
  const pending = new Set(todo);
  await insert(passages.map((_, label) => label).filter((label) => !pending.has(label)));
  const report = (done: number) =>
    progress({ phase: 'embedding', documentsRead: documentsTotal, documentsTotal, passagesEmbedded: passages.length - todo.length + done, passagesTotal: passages.length });
  report(0);
  let embedMs = 0;
  for (let i = 0; i < todo.length; i += request.batchSize) {
    const batch = todo.slice(i, i + request.batchSize);
    const embedStarted = performance.now();
    const output = await embedder.embed(batch.map((label) => texts[label] ?? ''));
    embedMs += performance.now() - embedStarted;
    batch.forEach((label, j) => {
      const v = output[j];
      if (!v || v.length !== dims) throw new Error(`embedder returned ${v?.length ?? 'no'} values for passage ${label}, expected ${dims}`);
      vectors.set(v, label * dims);
    });
    await insert(batch);
    report(Math.min(todo.length, i + batch.length));
  }
  return { vectors, embedded: todo.length, hnsw, embedMs, hnswMs };
}
