import { bold, type APIEmbed } from 'discord.js';
import type { Answer, Passage } from '../retrieval/types.js';
import { DiscordLimits } from './discord-limits.js';
import { formatModeFooter, questionLine } from './format-answer.js';
import { renderExcerpts } from './render-excerpts.js';

/** Where a quote already shown lies in its document. */
export interface QuotedSpan {
  readonly docId: string;
  readonly start: number;
  readonly end: number;
}

/** Further passages are shortened to this, so several fit in one message. */
const MAX_PASSAGE_CHARS = 700;

function overlapsAny(passage: Passage, spans: readonly QuotedSpan[]): boolean {
  return spans.some((span) => span.docId === passage.docId && span.start < passage.end && passage.start < span.end);
}

/** The ranked passages that share no text with the quotes already shown, best first. */
export function furtherPassages(answer: Answer, alreadyQuoted: readonly QuotedSpan[]): Passage[] {
  return answer.passages.map((scored) => scored.passage).filter((passage) => !overlapsAny(passage, alreadyQuoted));
}

/**
 * The "More sources" view: the next passages beyond those already quoted, verbatim, each shortened at a word
 * boundary to at most 700 characters, with citations. Labelled as further reading, not as the answer.
 */
export function formatMoreSources(answer: Answer, alreadyQuoted: readonly QuotedSpan[]): APIEmbed {
  const head = `${bold('Further passages')} (further reading, not part of the answer)\n${questionLine(answer.question)}\n\n`;
  const passages = furtherPassages(answer, alreadyQuoted);
  const excerpts = renderExcerpts(passages, answer.documents, {
    maxChars: DiscordLimits.embedDescriptionChars - head.length,
    maxExcerptChars: MAX_PASSAGE_CHARS,
  });
  const body = excerpts.shown === 0 ? 'No further passages beyond those already quoted.' : excerpts.text;
  return { description: head + body, footer: { text: formatModeFooter(answer.mode, answer.modeReason) } };
}
