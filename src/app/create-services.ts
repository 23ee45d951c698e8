import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Moderation, ReindexOutcome, ReindexProgress } from '../bot/ports.js';
import type { Config } from '../config.js';
import { AccordError } from '../errors.js';
import { addCorpusDocument } from '../index/corpus-files.js';
import { removeIndexedDocument } from '../index/remove-corpus-document.js';
import { IndexManager } from '../index/index-manager.js';
import type { LoadedVersion } from '../index/index-store.js';
import type { Manifest } from '../index/manifest.js';
import { DEFAULT_CHUNKING, PROCESSING_VERSION } from '../index/process-document.js';
import { listCorpusFiles } from '../index/read-corpus.js';
import { addLink, refreshLinks } from '../index/links/corpus-links.js';
import { linkSettings } from './link-settings.js';
import type { Embedder } from '../retrieval/embedder.js';
import { analyzeTerms, tokenize } from '../retrieval/analyze-terms.js';
import { loadCalibrations } from '../retrieval/calibration.js';
import { prepareQuestionResolution } from '../retrieval/query-terms.js';
import { Retriever, type RetrieverSettings } from '../retrieval/retriever.js';
import { embedderOptions, lazyEmbedder } from './load-embedder.js';
import { reindexEmbedder } from './reindex-embedder.js';
import { LiveAnswerService } from './live-answer-service.js';
import { buildOrWaitForIndex } from './wait-for-index.js';
import { indexSettings } from './index-settings.js';
import { summarize } from './summarize-build.js';
import { failedReindexOutcome } from './reindex-failure.js';
import { ADOPT_SLICE_MS, reindexInChild, type ReindexInChild } from './reindex-in-child.js';
import { eventLoopYielder } from '../index/yield-to-event-loop.js';
import { startReindexProcess, type ReindexProcess } from './reindex-process.js';

export interface AccordServices {
  readonly answers: LiveAnswerService;
  readonly moderation: Moderation;
  readonly manager: IndexManager;
  /** Runs one question through the whole path (model included), so the first real one is as fast as the rest. */
  warmUp(): Promise<void>;
  close(): Promise<void>;
}

export { indexSettings } from './index-settings.js';

/**
 * Retrieval settings with the calibrations for the configured model (read once, small files). Lexical mode needs
 * only the shipped lexical calibration.
 */
export function retrieverSettings(config: Config): RetrieverSettings {
  const modelId = config.embedding.mode === 'lexical' ? null : config.embedding.modelId;
  return { ...config.retrieval, calibrations: loadCalibrations(config.calibrationDir, modelId) };
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

/** Words of a probe question: enough to identify a passage, short enough for any question limit. */
const PROBE_WORDS = 40;

/**
 * A new version must find one of its own passages from that passage's words before it is made current. The
 * probe is the first passage with at least three index terms (a passage of stopwords alone cannot be found by
 * words, and says nothing about the index).
 */
export function smokeCheck(embedder: Embedder | null, settings: RetrieverSettings) {
  return async (loaded: LoadedVersion): Promise<void> => {
    const { snapshot } = loaded;
    if (snapshot.passages.length === 0) throw new AccordError(`Index version ${snapshot.version} has no passages.`);
    const first = snapshot.passages.find((p) => new Set(analyzeTerms(p.text)).size >= 3);
    if (!first) return;
    const probe = tokenize(first.text).slice(0, PROBE_WORDS).join(' ');
    const ranked = await new Retriever(snapshot, embedder, settings, { warn: () => {} }).rank(probe, 10);
    if (!ranked.some((p) => p.passage.docId === first.docId)) {
      throw new AccordError(`Index version ${snapshot.version} failed its check: a sentence of ${first.docId} does not retrieve its own document.`, {
        hint: 'The new version was not made current. Report this as a bug, with the corpus file.',
      });
    }
  };
}

export { summarize } from './summarize-build.js';

/** How the services are run. */
export interface ServiceOptions {
  /**
   * Run each reindex (`moderation.reindex`) wholly in another process, so this one's event loop stays free: the
   * bot sets it; one-shot CLI commands, with nothing to keep responsive, reindex in their own process.
   */
  readonly reindexInChildProcess?: boolean;
  /** Starts the reindex process (default {@link startReindexProcess}): tests pass one that cannot start. */
  readonly startReindexProcess?: () => ReindexProcess;
}

/**
 * The composition root shared by `npm start` and the CLI: configuration → embedder → index → answer service
 * and moderation. Builds the index when none exists yet.
 */
export async function createAccordServices(config: Config, logger: Logger, options: ServiceOptions = {}): Promise<AccordServices> {
  // Started first, while this process is small: fork() blocks in proportion to the caller's memory.
  const reindexProcess = options.reindexInChildProcess ? (options.startReindexProcess ?? startReindexProcess)() : null;
  try {
    return await assembleServices(config, logger, reindexProcess);
  } catch (e: unknown) {
    // Nothing will close the services that were never returned: the reindex host goes now, not when this process ends.
    await reindexProcess?.close().catch((error: unknown) => logger.warn({ err: error }, 'could not stop the reindex process'));
    throw e;
  }
}

async function assembleServices(config: Config, logger: Logger, reindexProcess: ReindexProcess | null): Promise<AccordServices> {
  const settings = retrieverSettings(config);
  // The model and the index load at the same time; a version is only checked once the model is there.
  const loading = lazyEmbedder(config, 'questions')();
  const manager = new IndexManager(indexSettings(config), async (version) => smokeCheck((await loading).embedder, settings)(version));
  const [{ embedder, reason, warning }, current] = await Promise.all([loading, manager.loadCurrent()]);
  if (reason) logger.warn({ reason }, 'answering in lexical mode');
  if (warning) logger.warn(warning);
  if (embedder && settings.calibrations.notice) logger.warn(settings.calibrations.notice);
  // With no index yet: build it, or wait (bounded) for the build another process has under way (issue 12).
  const loaded = current ?? (await buildOrWaitForIndex(manager, embedder, logger));
  checkModelMatches(loaded.manifest, config);
  if (loaded.manifest.processingVersion !== PROCESSING_VERSION) {
    logger.warn(
      { version: loaded.manifest.version },
      'the index was built by an older Accord whose document cleaning or splitting differs: run /reindex or npm run index to apply the current rules',
    );
  }
  const answers = new LiveAnswerService(loaded.snapshot, embedder, settings, logger, reason);

  const reindex = async (onProgress: (p: ReindexProgress) => void): Promise<ReindexOutcome> => {
    // Passages are embedded in a child process, so questions asked meanwhile are answered without waiting.
    const builder = embedder ? reindexEmbedder(embedder, embedderOptions(config, 'questions'), logger) : null;
    try {
      const result = await manager.reindex(builder, onProgress);
      if (result.status === 'busy') return result;
      if (result.status === 'unchanged') {
        // Another process (the CLI) may have moved CURRENT since this one loaded it: serve what is current.
        if (answers.status().version !== result.build.version) {
          const current = await manager.loadCurrent();
          if (current) answers.serve(current.snapshot);
        }
        return { status: 'done', summary: { ...summarize(result.build), notice: 'Nothing changed since the current version: the index is up to date.' } };
      }
      answers.serve(result.loaded.snapshot);
      logger.info({ version: result.build.version }, 'now serving the new index');
      return { status: 'done', summary: summarize(result.build) };
    } catch (e: unknown) {
      if (!(e instanceof AccordError)) throw e;
      return failedReindexOutcome(answers.status(), e);
    } finally {
      await builder?.close();
    }
  };

  const inChild: ReindexInChild | null = reindexProcess
    ? reindexInChild({ process: reindexProcess, config, model: embedder && { id: embedder.modelId, dimensions: embedder.dimensions }, answers, logger, inProcess: reindex })
    : null;

  const moderation: Moderation = {
    maxUploadBytes: config.maxFileBytes,
    reindex: inChild ? inChild.reindex : reindex,
    async rollback() {
      if (inChild?.running) {
        throw new AccordError('A reindex is running: it cannot be rolled back until it has finished.', { hint: 'Wait for the reindex to finish, then roll back if its result is wrong.' });
      }
      // Loaded in slices, as a reindexed version is: questions asked meanwhile wait a few milliseconds at most.
      const restored = await manager.rollback(eventLoopYielder(ADOPT_SLICE_MS));
      answers.serve(restored.snapshot);
      return { version: restored.manifest.version };
    },
    async addDocument(upload) {
      return { docId: await addCorpusDocument(config.corpusDir, upload, config.maxFileBytes, DEFAULT_CHUNKING) };
    },
    // Only documents the served index holds, and never through a link out of the corpus (issue 12).
    removeDocument: (docId) => removeIndexedDocument(config.corpusDir, docId, new Set(answers.sources().map((d) => d.docId))),
    addLink: (url, meta) => addLink(linkSettings(config), url, meta),
    refreshLinks: () => refreshLinks(linkSettings(config)),
    async listDocuments() {
      // Names and sizes only: this runs on every autocomplete keystroke.
      const titles = new Map(answers.sources().map((d) => [d.docId, d.title] as const));
      const names = await listCorpusFiles(config.corpusDir).catch(() => []);
      const sizes = await Promise.all(names.map((n) => stat(path.join(config.corpusDir, n)).then((s) => s.size, () => 0)));
      return names.map((docId, i) => ({ docId, title: titles.get(docId) ?? '(not indexed yet)', bytes: sizes[i] ?? 0 }));
    },
  };

  return {
    answers,
    moderation,
    manager,
    warmUp: async () => {
      // The English word list and the tagger load on the first word the corpus lacks: load them now, not then.
      prepareQuestionResolution();
      await answers.answer('warm-up question about the agreements');
    },
    close: async () => {
      await reindexProcess?.close();
    },
  };
}
