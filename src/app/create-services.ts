import type { Logger } from 'pino';
import type { Moderation, ReindexOutcome, ReindexProgress } from '../bot/ports.js';
import type { Config } from '../config.js';
import { AccordError } from '../errors.js';
import type { BuildResult } from '../index/build-index.js';
import { addCorpusDocument, removeCorpusDocument } from '../index/corpus-files.js';
import { IndexManager, type IndexManagerSettings } from '../index/index-manager.js';
import type { LoadedVersion } from '../index/index-store.js';
import type { Manifest } from '../index/manifest.js';
import { DEFAULT_CHUNKING } from '../index/process-document.js';
import { readCorpus } from '../index/read-corpus.js';
import type { Embedder } from '../retrieval/embedder.js';
import { Retriever, type RetrieverSettings } from '../retrieval/retriever.js';
import { lazyEmbedder } from './load-embedder.js';
import { LiveAnswerService } from './live-answer-service.js';

export interface AccordServices {
  readonly answers: LiveAnswerService;
  readonly moderation: Moderation;
  readonly manager: IndexManager;
  /** Runs one question through the whole path (model included), so the first real one is as fast as the rest. */
  warmUp(): Promise<void>;
  close(): Promise<void>;
}

export function indexSettings(config: Config): IndexManagerSettings {
  return {
    corpusDir: config.corpusDir,
    indexDir: config.indexDir,
    projectRoot: config.projectRoot,
    maxFileBytes: config.maxFileBytes,
    chunking: DEFAULT_CHUNKING,
    hnsw: config.hnsw,
    quantized: config.embedding.quantized,
    batchSize: config.embedding.batchSize,
  };
}

export function retrieverSettings(config: Config): RetrieverSettings {
  return { ...config.retrieval };
}

/** Refuses an index whose vectors come from another model than the one configured: they would be meaningless. */
export function checkModelMatches(manifest: Manifest, config: Config): void {
  const model = manifest.model;
  if (model && model.id !== config.embedding.modelId) {
    throw new AccordError(
      `The index was built with ${model.id} (${model.dimensions} dims) but EMBEDDING_MODEL is ${config.embedding.modelId}.`,
      { hint: 'Run npm run index to rebuild it with the configured model, or set EMBEDDING_MODEL back.' },
    );
  }
}

/** A new version must answer a question made from its own first passage before it is made current. */
export function smokeCheck(embedder: Embedder | null, settings: RetrieverSettings) {
  return async (loaded: LoadedVersion): Promise<void> => {
    const { snapshot } = loaded;
    const first = snapshot.passages[0];
    const sentence = first?.sentences[0];
    if (!first || !sentence) throw new AccordError(`Index version ${snapshot.version} has no passages.`);
    const probe = snapshot.texts.get(first.docId)?.slice(sentence.start, sentence.end) ?? '';
    const answer = await new Retriever(snapshot, embedder, settings, { warn: () => {} }).answer(probe, { topK: 10 });
    if (!answer.passages.some((p) => p.passage.docId === first.docId)) {
      throw new AccordError(`Index version ${snapshot.version} failed its check: a sentence of ${first.docId} does not retrieve its own document.`, {
        hint: 'The new version was not made current. Report this as a bug, with the corpus file.',
      });
    }
  };
}

export function summarize(build: BuildResult): Extract<ReindexOutcome, { status: 'done' }>['summary'] {
  const { version, added, changed, removed, unchanged, skipped, passages, durationMs, mode } = build;
  return { version, added, changed, removed, unchanged, skipped, passages, durationMs, mode };
}

/**
 * The composition root shared by `npm start` and the CLI: configuration → embedder → index → answer service
 * and moderation. Builds the index when none exists yet.
 */
export async function createAccordServices(config: Config, logger: Logger): Promise<AccordServices> {
  const { embedder, reason } = await lazyEmbedder(config)();
  if (reason) logger.warn({ reason }, 'answering in lexical mode');
  const settings = retrieverSettings(config);
  const manager = new IndexManager(indexSettings(config), smokeCheck(embedder, settings));
  let loaded = await manager.loadCurrent();
  if (loaded === null) {
    logger.info({ corpusDir: config.corpusDir }, 'no index yet: building it');
    const result = await manager.reindex(embedder);
    if (result.status !== 'done') throw new AccordError('Another process is building the index.', { hint: 'Start again once it is done.' });
    loaded = result.loaded;
  }
  checkModelMatches(loaded.manifest, config);
  const answers = new LiveAnswerService(loaded.snapshot, embedder, settings, logger, reason);

  const reindex = async (onProgress: (p: ReindexProgress) => void): Promise<ReindexOutcome> => {
    try {
      const result = await manager.reindex(embedder, onProgress);
      if (result.status === 'busy') return result;
      if (result.status === 'unchanged') {
        return { status: 'done', summary: { ...summarize(result.build), notice: 'Nothing changed since the current version: the index is up to date.' } };
      }
      answers.serve(result.loaded.snapshot);
      logger.info({ version: result.build.version }, 'now serving the new index');
      return { status: 'done', summary: summarize(result.build) };
    } catch (e: unknown) {
      if (!(e instanceof AccordError)) throw e;
      const status = answers.status();
      return {
        status: 'done',
        summary: { version: status.version, added: [], changed: [], removed: [], unchanged: status.documents, skipped: [], passages: status.passages, durationMs: 0, mode: status.mode, notice: `${e.describe()}\nThe current index (${status.version}) is still being served.` },
      };
    }
  };

  const moderation: Moderation = {
    maxUploadBytes: config.maxFileBytes,
    reindex,
    async rollback() {
      const restored = await manager.rollback();
      answers.serve(restored.snapshot);
      return { version: restored.manifest.version };
    },
    async addDocument(upload) {
      return { docId: await addCorpusDocument(config.corpusDir, upload, config.maxFileBytes, DEFAULT_CHUNKING) };
    },
    removeDocument: (docId) => removeCorpusDocument(config.corpusDir, docId),
    async listDocuments() {
      const titles = new Map(answers.sources().map((d) => [d.docId, d.title] as const));
      const { files } = await readCorpus(config.corpusDir, config.maxFileBytes);
      return files.map((f) => ({ docId: f.docId, title: titles.get(f.docId) ?? '(not indexed yet)', bytes: Buffer.byteLength(f.text) }));
    },
  };

  return {
    answers,
    moderation,
    manager,
    warmUp: async () => {
      await answers.answer('warm-up question about the agreements');
    },
    close: async () => {},
  };
}
