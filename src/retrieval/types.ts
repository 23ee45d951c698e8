/**
 * The data retrieval works on. Offsets are UTF-16 code-unit offsets into the document's file text as read
 * from disk (front matter included), so `fileText.slice(start, end)` is always the exact excerpt.
 */

/** One sentence of a document: its span and the 1-based number of the paragraph it belongs to. */
export interface SentenceSpan {
  readonly start: number;
  readonly end: number;
  readonly paragraph: number;
}

/** A retrievable unit: a run of whole sentences from one document. `text === fileText.slice(start, end)`. */
export interface Passage {
  /** `${docId}#${ordinal}`: stable while the document is unchanged. */
  readonly chunkId: string;
  readonly docId: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** The 1-based paragraph number of the passage's first sentence. */
  readonly paragraph: number;
  readonly sentences: readonly SentenceSpan[];
}

/** What a citation needs to know about a document. */
export interface DocumentMeta {
  /** The document's path relative to the corpus folder, with `/` separators. */
  readonly docId: string;
  /** The document's path relative to the project root (or absolute when the corpus lies outside it). */
  readonly path: string;
  readonly title: string;
  readonly source?: string;
  readonly date?: string;
  readonly url?: string;
  /** sha256 of the file's bytes, hex. */
  readonly contentHash: string;
  readonly passageCount: number;
  /** Who wrote it (an HTML page's byline). */
  readonly byline?: string;
  /** When it was fetched from `url` (documents added from a link), ISO 8601. */
  readonly fetched?: string;
  /** The file's format; absent in indexes from before PDF, HTML and DOCX were read (they were text or Markdown). */
  readonly format?: 'text' | 'markdown' | 'pdf' | 'html' | 'docx';
  /**
   * The extracted text every offset indexes, as a file (relative to the project root, or absolute): for `.txt` and
   * `.md` the same text as the document file; for PDF, HTML and DOCX the text extraction made of it.
   */
  readonly textPath?: string;
  /** PDFs: where each page begins, in offset order, and the number of the first paragraph on it. */
  readonly pages?: readonly PageSpan[];
}

/** Where a page of a PDF begins in its extracted text. */
export interface PageSpan {
  readonly start: number;
  /** 1-based page number. */
  readonly page: number;
  /** The document-wide number of the first kept paragraph on the page (one that started on an earlier page counts). */
  readonly firstParagraph: number;
}

/** `hybrid` when dense and lexical retrieval both answered; `lexical` when only the lexical index did. */
export type RetrievalMode = 'hybrid' | 'lexical';

/** A passage with its place in a ranking. Every score is "higher is better". */
export interface ScoredPassage {
  readonly passage: Passage;
  /** The fused score (reciprocal rank fusion), higher is better. */
  readonly score: number;
  /** Cosine similarity to the question, in [-1, 1], when dense retrieval ran and found this passage. */
  readonly similarity?: number;
  /** BM25 score when the lexical index found this passage. */
  readonly lexicalScore?: number;
}

/** An exact excerpt of a document, with what its citation needs. `text === fileText.slice(start, end)`. */
export interface Quote {
  readonly text: string;
  readonly docId: string;
  readonly start: number;
  readonly end: number;
  /** 1-based paragraph number of the excerpt's first sentence among the document's kept paragraphs. */
  readonly paragraph: number;
  /** How well the excerpt answers the question, higher is better. */
  readonly score: number;
}

/** What Accord replies to a question, before any rendering. */
export interface Answer {
  readonly question: string;
  /** False when the corpus does not answer the question: then `quotes` is empty. */
  readonly answered: boolean;
  /**
   * Calibrated probability (0–1) that the corpus answers the question, from the calibration of the mode that
   * answered (README, "Calibration"). The answer is given when it reaches `ANSWER_MIN_CONFIDENCE`.
   */
  readonly confidence: number;
  readonly mode: RetrievalMode;
  /** Why retrieval ran in lexical mode, when it did (no model, index built without vectors…). */
  readonly modeReason?: string;
  readonly quotes: readonly Quote[];
  /** The ranked retrieval results, `topK` of them, whether or not the question was answered. */
  readonly passages: readonly ScoredPassage[];
  /** Documents a reader can look at, and their metadata, keyed by docId (covers every quote and passage). */
  readonly documents: ReadonlyMap<string, DocumentMeta>;
  /** Where the time went, in milliseconds, by step. */
  readonly timingsMs: AnswerTimings;
}

export interface AnswerTimings {
  readonly queryEmbedding: number;
  readonly denseSearch: number;
  readonly lexicalSearch: number;
  readonly fusion: number;
  readonly quoteSelection: number;
  /** Embedding the candidate sentences not seen before (hybrid mode; 0 when all were cached). */
  readonly sentenceEmbedding: number;
}
