import type { AnswerService, IndexStatus } from '../retrieval/answer-service.js';
import type { Embedder } from '../retrieval/embedder.js';
import type { IndexSnapshot } from '../retrieval/index-snapshot.js';
import { Retriever, type RetrieverLogger, type RetrieverSettings } from '../retrieval/retriever.js';
import type { Answer, DocumentMeta } from '../retrieval/types.js';

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
    this.current = this.prepare(snapshot);
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
