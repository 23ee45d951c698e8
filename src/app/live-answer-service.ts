import type { AnswerService, IndexStatus } from '../retrieval/answer-service.js';
import type { Embedder } from '../retrieval/embedder.js';
import type { IndexSnapshot } from '../retrieval/index-snapshot.js';
import { Retriever, type RetrieverLogger, type RetrieverSettings } from '../retrieval/retriever.js';
import type { Answer, DocumentMeta } from '../retrieval/types.js';

/**
 * Sentences embedded per forward pass ahead of questions: one pass blocks the event loop, so it stays short. One
 * sentence a pass is also the faster way per sentence (a batch is padded to its longest sentence): with the benchmark
 * model on one thread, 14–16 ms a sentence at batch 1 (a pass: 12–15 ms p50, 34–39 ms at most) against 23–24 ms at
 * batch 8 (a pass: 180–190 ms p50, up to 300 ms); README, "The bot during a reindex".
 */
const SENTENCES_PER_BATCH = 1;

/**
 * The AnswerService the bot and the CLI talk to. `serve` swaps in a new snapshot in one assignment: questions
 * already running finish on the old snapshot, every later one uses the new.
 */
export class LiveAnswerService implements AnswerService {
  private current: { readonly snapshot: IndexSnapshot; readonly retriever: Retriever };

  constructor(
    snapshot: IndexSnapshot,
    private readonly embedder: Embedder | null,
    private readonly settings: RetrieverSettings,
    private readonly logger: RetrieverLogger,
    private readonly embedderReason?: string,
  ) {
    this.current = this.prepare(snapshot);
  }

  serve(snapshot: IndexSnapshot): void {
    const previous = this.current;
    this.current = this.prepare(snapshot);
    // Sentences of unchanged documents keep their vectors: a reindex re-embeds only what changed.
    this.current.retriever.adoptSentenceVectors(previous.retriever);
    if (this.ahead) void this.embedSentencesAhead(this.ahead.limit);
  }

  private ahead: { readonly limit: number; readonly controller: AbortController; done: Promise<number> } | undefined;

  /**
   * Embeds up to `limit` of the corpus's sentences in the background (hybrid mode), so that a question's first
   * sight needs no sentence embedding; again for every version served from now on. For a long-running bot, not
   * for one-shot commands. Resolves with the number embedded for the current version.
   */
  embedSentencesAhead(limit: number): Promise<number> {
    this.ahead?.controller.abort();
    const controller = new AbortController();
    const done = this.current.retriever
      .embedSentencesAhead({ limit, batch: SENTENCES_PER_BATCH, pause: () => new Promise((resolve) => setImmediate(resolve)), signal: controller.signal })
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, 'embedding sentences ahead failed; they will be embedded when a question needs them');
        return 0;
      });
    this.ahead = { limit, controller, done };
    return done;
  }

  get snapshot(): IndexSnapshot {
    return this.current.snapshot;
  }

  answer(question: string, options?: { readonly topK?: number }): Promise<Answer> {
    return this.current.retriever.answer(question, options);
  }

  sources(): readonly DocumentMeta[] {
    return this.current.snapshot.documents;
  }

  status(): IndexStatus {
    const { snapshot, retriever } = this.current;
    return {
      version: snapshot.version,
      builtAt: snapshot.builtAt,
      documents: snapshot.documents.length,
      passages: snapshot.passages.length,
      mode: retriever.mode,
      ...(retriever.modeReason === undefined || retriever.mode === 'hybrid' ? {} : { modeReason: retriever.modeReason }),
      modelId: snapshot.modelId,
    };
  }

  private prepare(snapshot: IndexSnapshot): { snapshot: IndexSnapshot; retriever: Retriever } {
    const usable = this.embedder !== null && snapshot.vectors !== null && snapshot.modelId === this.embedder.modelId;
    const reason =
      this.embedder === null
        ? this.embedderReason ?? 'no embedding model'
        : snapshot.vectors === null
          ? 'the index was built without vectors (the model was unavailable then): run npm run index'
          : usable
            ? undefined
            : `the index was built with ${snapshot.modelId ?? 'no model'} but the model loaded is ${this.embedder.modelId}: run npm run index`;
    return { snapshot, retriever: new Retriever(snapshot, usable ? this.embedder : null, this.settings, this.logger, reason) };
  }
}
