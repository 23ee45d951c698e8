import type { Answer } from '../retrieval/types.js';
import type { QuestionEntry } from './types.js';

/** Where and by whom a question was asked (ids as Discord gives them; null in a DM or the CLI). */
export interface AskedWhere {
  readonly guildId: string | null;
  readonly channelId: string | null;
  readonly userId: string | null;
}

/**
 * The row the question log keeps for an answer: the question, the mode, whether it was answered, the quoted spans,
 * and the ranked passages with their sentences (what a moderator chooses from when labelling). Pure.
 */
export function toQuestionEntry(id: string, askedAtMs: number, answer: Answer, where: AskedWhere, storeUserIds: boolean): QuestionEntry {
  return {
    id,
    askedAtMs,
    question: answer.question,
    guildId: where.guildId,
    channelId: where.channelId,
    userId: storeUserIds ? where.userId : null,
    mode: answer.mode,
    answered: answer.answered && answer.quotes.length > 0,
    confidence: Number.isFinite(answer.confidence) ? answer.confidence : null,
    quotes: answer.quotes.map((q, i) => ({ rank: i + 1, docId: q.docId, start: q.start, end: q.end, text: q.text })),
    passages: answer.passages.map(({ passage: p }, i) => ({
      rank: i + 1,
      chunkId: p.chunkId,
      docId: p.docId,
      start: p.start,
      end: p.end,
      text: p.text,
      sentences: p.sentences.map((s) => p.text.slice(s.start - p.start, s.end - p.start).trim()).filter((s) => s !== ''),
    })),
  };
}
