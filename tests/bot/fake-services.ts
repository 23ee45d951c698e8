import type { Answer, DocumentMeta, Passage, Quote, ScoredPassage } from '../../src/retrieval/types.js';
import type { AnswerService, IndexStatus } from '../../src/retrieval/answer-service.js';
import type { CorpusUpload, LinkRefresh, Moderation, ReindexOutcome, ReindexProgress } from '../../src/bot/ports.js';

/** A small agreement, with markdown characters and mentions in it, that the fake answers quote from. */
export const DOCUMENT_TEXT = [
  '---\ntitle: Data Sharing Agreement\n---',
  'The Parties shall share *aggregated* statistics on cross-border trade every quarter.',
  'Personal data may only be transferred under_the safeguards of Article 7, and never to @everyone or <@123>.',
  'Each Party shall designate a contact point within 30 days of entry into force.',
  'Disputes shall be settled amicably by the Joint Committee within 90 days.',
].join('\n\n');

export const documentMeta: DocumentMeta = {
  docId: 'data-sharing.md',
  path: 'corpus/data-sharing.md',
  title: 'Data Sharing Agreement',
  source: 'Ministry of Trade',
  date: '2023-04-12',
  url: 'https://example.org/agreements/data-sharing',
  contentHash: 'ab'.repeat(32),
  passageCount: 4,
};

/** A second document, without a URL, with markdown in its title. */
export const tradeMeta: DocumentMeta = {
  docId: 'trade.md',
  path: 'corpus/trade.md',
  title: 'Trade *Cooperation* Memorandum',
  source: 'Joint Committee',
  date: '2021-09-01',
  contentHash: 'cd'.repeat(32),
  passageCount: 12,
};

/** A quote of `phrase`, an exact slice of DOCUMENT_TEXT. */
export function quoteOf(phrase: string, paragraph: number, text = DOCUMENT_TEXT, docId = documentMeta.docId): Quote {
  const start = text.indexOf(phrase);
  if (start < 0) throw new Error(`phrase not in document: ${phrase}`);
  return { text: text.slice(start, start + phrase.length), docId, start, end: start + phrase.length, paragraph, score: 1 };
}

/** A ranked passage: the whole paragraph of DOCUMENT_TEXT that holds `phrase`. */
export function passageOf(phrase: string, paragraph: number, text = DOCUMENT_TEXT, docId = documentMeta.docId): ScoredPassage {
  const at = text.indexOf(phrase);
  const start = text.lastIndexOf('\n\n', at) + 2;
  const endAt = text.indexOf('\n\n', at);
  const end = endAt < 0 ? text.length : endAt;
  const passage: Passage = { chunkId: `${docId}#${paragraph}`, docId, start, end, text: text.slice(start, end), paragraph, sentences: [{ start, end, paragraph }] };
  return { passage, score: 1 / paragraph };
}

export function answerWith(question: string, quotes: readonly Quote[], passages: readonly ScoredPassage[], documents: readonly DocumentMeta[] = [documentMeta]): Answer {
  const timingsMs = { queryEmbedding: 0, denseSearch: 0, lexicalSearch: 0, fusion: 0, quoteSelection: 0, sentenceEmbedding: 0 };
  const answered = quotes.length > 0;
  return { question, answered, confidence: answered ? 0.9 : 0.1, mode: 'hybrid', quotes, passages, documents: new Map(documents.map((d) => [d.docId, d])), timingsMs };
}

/** The usual answer: two quotes, plus two further ranked passages for "More sources". */
export function defaultAnswer(question: string): Answer {
  return answerWith(
    question,
    [quoteOf('The Parties shall share *aggregated* statistics on cross-border trade every quarter.', 1), quoteOf('Personal data may only be transferred under_the safeguards of Article 7, and never to @everyone or <@123>.', 2)],
    [passageOf('The Parties shall share', 1), passageOf('Personal data', 2), passageOf('contact point', 3), passageOf('Disputes shall', 4)],
  );
}

export const indexStatus: IndexStatus = { version: 'v20260101-120000-abc123', builtAt: '2026-01-01T12:00:00.000Z', documents: 1, passages: 4, mode: 'lexical', modeReason: 'no embedding model in models/', modelId: null };

/** An AnswerService whose answers come from `respond` (which may throw); it records every call. */
export class FakeAnswerService implements AnswerService {
  readonly calls: { question: string; topK: number | undefined }[] = [];
  constructor(public respond: (question: string) => Answer = defaultAnswer) {}
  async answer(question: string, options?: { readonly topK?: number }): Promise<Answer> {
    this.calls.push({ question, topK: options?.topK });
    return this.respond(question);
  }
  sources(): readonly DocumentMeta[] {
    return [documentMeta, tradeMeta];
  }
  status(): IndexStatus {
    return indexStatus;
  }
}

export const progressSteps: readonly ReindexProgress[] = [
  { phase: 'reading', documentsRead: 1, documentsTotal: 3, passagesEmbedded: 0, passagesTotal: 0, elapsedMs: 200 },
  { phase: 'embedding', documentsRead: 3, documentsTotal: 3, passagesEmbedded: 10, passagesTotal: 40, elapsedMs: 2_400 },
  { phase: 'embedding', documentsRead: 3, documentsTotal: 3, passagesEmbedded: 40, passagesTotal: 40, elapsedMs: 4_800 },
];

/** A Moderation that records calls; `reindex` reports `progressSteps`, then finishes (or says busy). */
export class FakeModeration implements Moderation {
  readonly uploads: CorpusUpload[] = [];
  readonly removed: string[] = [];
  reindexRuns = 0;
  busy = false;
  readonly maxUploadBytes = 1_000;
  /**
   * Awaited after each progress report, before the next. A test that needs a report to be shown waits here for
   * its edit (explicit progress steps, never a race against a timer); by default 20 ms pass.
   */
  afterStep: (index: number) => Promise<void> = () => new Promise((resolve) => setTimeout(resolve, 20));

  async reindex(onProgress: (progress: ReindexProgress) => void): Promise<ReindexOutcome> {
    if (this.busy) return { status: 'busy', progress: progressSteps[1] as ReindexProgress };
    this.reindexRuns += 1;
    for (const [index, step] of progressSteps.entries()) {
      onProgress(step);
      await this.afterStep(index);
    }
    const summary = { version: 'v20260102-090000-def456', added: ['new-agreement.md'], changed: [], removed: ['old_memo.md'], unchanged: 2, skipped: [{ path: 'scan.pdf', reason: 'not a .txt or .md file' }], passages: 40, durationMs: 5_100, mode: 'hybrid' as const };
    return { status: 'done', summary };
  }
  async rollback(): Promise<{ readonly version: string }> {
    return { version: 'v20251231-080000-aaa111' };
  }
  async addDocument(upload: CorpusUpload): Promise<{ readonly docId: string }> {
    this.uploads.push(upload);
    return { docId: upload.fileName };
  }
  async removeDocument(docId: string): Promise<void> {
    this.removed.push(docId);
  }
  readonly links: { url: string; meta: CorpusUpload['meta'] }[] = [];
  refreshes = 0;
  async addLink(url: string, meta: CorpusUpload['meta']): Promise<{ readonly docId: string; readonly bytes: number }> {
    this.links.push({ url, meta });
    return { docId: 'linked-page.html', bytes: 4_200 };
  }
  async refreshLinks(): Promise<LinkRefresh> {
    this.refreshes += 1;
    return { unchanged: ['same-page.html'], updated: ['changed-page.html'], failed: [{ docId: 'gone.html', reason: 'Could not add https://example.org/gone: the server answered HTTP 404 Not Found.' }] };
  }
  async listDocuments(): Promise<readonly { readonly docId: string; readonly title: string; readonly bytes: number }[]> {
    return [
      { docId: 'data-sharing.md', title: 'Data Sharing Agreement', bytes: 1_200 },
      { docId: 'trade.md', title: 'Trade Cooperation Memorandum', bytes: 5_400 },
    ];
  }
}
