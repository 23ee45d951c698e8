import { locatePage } from '../retrieval/locate-page.js';
import type { Answer } from '../retrieval/types.js';

/** The `ask --json` line format: one object per question, exactly these keys. */
export interface AnswerJson {
  readonly id: string | null;
  readonly question: string;
  readonly answered: boolean;
  /** Calibrated probability (0–1) that the corpus answers the question. */
  readonly confidence: number;
  readonly mode: Answer['mode'];
  readonly quotes: readonly {
    readonly text: string;
    readonly docId: string;
    readonly title: string;
    readonly source: string | null;
    readonly path: string;
    /** The file holding the extracted text that `start`/`end` index (`text === file.slice(start, end)`, UTF-16 offsets). */
    readonly textPath: string;
    readonly start: number;
    readonly end: number;
    /** 1-based paragraph number of the quote's first sentence in the document. */
    readonly paragraph: number;
    /** PDFs: the page the quote begins on and its paragraph on that page; null for other formats. */
    readonly page: number | null;
    readonly paragraphOnPage: number | null;
    readonly score: number;
  }[];
  readonly passages: readonly {
    readonly chunkId: string;
    readonly docId: string;
    readonly path: string;
    readonly textPath: string;
    readonly text: string;
    readonly start: number;
    readonly end: number;
    readonly score: number;
  }[];
}

export function toAnswerJson(id: string | null, answer: Answer): AnswerJson {
  const doc = (docId: string) => answer.documents.get(docId);
  return {
    id,
    question: answer.question,
    answered: answer.answered,
    confidence: Number(answer.confidence.toFixed(4)),
    mode: answer.mode,
    quotes: answer.quotes.map((q) => ({
      text: q.text,
      docId: q.docId,
      title: doc(q.docId)?.title ?? q.docId,
      source: doc(q.docId)?.source ?? null,
      path: doc(q.docId)?.path ?? q.docId,
      textPath: doc(q.docId)?.textPath ?? doc(q.docId)?.path ?? q.docId,
      start: q.start,
      end: q.end,
      paragraph: q.paragraph,
      page: locatePage(doc(q.docId), q.start, q.paragraph)?.page ?? null,
      paragraphOnPage: locatePage(doc(q.docId), q.start, q.paragraph)?.paragraph ?? null,
      score: q.score,
    })),
    passages: answer.passages.map(({ passage, score }) => ({
      chunkId: passage.chunkId,
      docId: passage.docId,
      path: doc(passage.docId)?.path ?? passage.docId,
      textPath: doc(passage.docId)?.textPath ?? doc(passage.docId)?.path ?? passage.docId,
      text: passage.text,
      start: passage.start,
      end: passage.end,
      score,
    })),
  };
}
