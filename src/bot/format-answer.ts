import { bold, italic, type APIEmbed } from 'discord.js';
import type { Answer, RetrievalMode } from '../retrieval/types.js';
import { DiscordLimits } from './discord-limits.js';
import { escapeDiscordText } from './escape-discord-text.js';
import { formatDocumentTitle, formatSourceAndDate } from './format-citation.js';
import { renderExcerpts } from './render-excerpts.js';
import { shortenToChars } from './shorten-at-word.js';

/*
 * Answers are sent as one embed, not as message content, because:
 * - the description holds 4,096 characters against content's 2,000, so twice as much verbatim text fits
 *   before anything must be shortened or left out;
 * - the footer is the small line the retrieval mode belongs in;
 * - mentions inside an embed never notify anyone (allowedMentions is still set on every message).
 * The price: people who turned off "show embeds" in their Discord settings do not see answers.
 * Title (unused) + description (≤ 4,096) + footer (≤ 300) stays far below the 6,000-character total.
 */

const QUESTION_PREVIEW_CHARS = 300;
const FOOTER_CHARS = 300;
/** Room kept in the description for the "not shown" note. */
const NOTE_RESERVE_CHARS = 150;
const CLOSEST_DOCUMENTS = 5;
const ANSWER_COLOUR = 0x2b6cb0;
const NO_ANSWER_COLOUR = 0x718096;

/** The small footer line: which retrieval answered, and why it fell back to lexical when it did. */
export function formatModeFooter(mode: RetrievalMode, reason?: string): string {
  const line = mode === 'hybrid' ? 'Retrieval: hybrid (semantic + keyword)' : `Retrieval: lexical fallback (keyword only)${reason === undefined ? '' : ` — ${reason}`}`;
  return shortenToChars(line, FOOTER_CHARS);
}

/**
 * How sure Accord is that the corpus answers the question: a calibrated probability, so of the questions shown
 * "62 %", about six in ten are ones the corpus answers (README, "Calibration").
 */
export function formatConfidence(confidence: number): string {
  return `Confidence that the corpus answers this: ${Math.round(100 * confidence)} %`;
}

function answerFooter(answer: Answer): string {
  return shortenToChars(`${formatConfidence(answer.confidence)} · ${formatModeFooter(answer.mode, answer.modeReason)}`, FOOTER_CHARS);
}

/** `**Question:** …`, escaped, at most 300 characters of the question. */
export function questionLine(question: string): string {
  return `${bold('Question:')} ${escapeDiscordText(shortenToChars(question, QUESTION_PREVIEW_CHARS))}`;
}

function notShownNote(omitted: number): string {
  return omitted === 0 ? '' : `\n\n${italic(`${omitted} more quote${omitted === 1 ? '' : 's'} did not fit — press More sources to see further passages.`)}`;
}

/** The titles of the documents the top passages come from, without repeats: material to read, not an answer. */
function closestMaterial(answer: Answer, maxChars: number): string {
  const docIds = [...new Set(answer.passages.map((p) => p.passage.docId))].slice(0, CLOSEST_DOCUMENTS);
  let text = `\n\n${bold('Closest material')} (not an answer: these documents touch on the topic, but no passage answers the question):`;
  let listed = 0;
  for (const docId of docIds) {
    const doc = answer.documents.get(docId);
    const where = formatSourceAndDate(doc);
    const line = `\n• ${formatDocumentTitle(doc, docId)}${where === '' ? '' : ` — ${where}`}`;
    if (text.length + line.length > maxChars) break;
    text += line;
    listed += 1;
  }
  return listed === 0 ? '' : text;
}

function unanswered(answer: Answer): APIEmbed {
  const head = `${questionLine(answer.question)}\n\n${bold('The corpus does not answer this question.')} No passage in the agreements matches it closely enough to quote.`;
  return {
    color: NO_ANSWER_COLOUR,
    description: head + closestMaterial(answer, DiscordLimits.embedDescriptionChars - head.length),
    footer: { text: answerFooter(answer) },
  };
}

/**
 * Renders an answer as one embed: each quote verbatim as a block quote followed by its citation,
 * the mode in the footer. An unanswered question says so plainly and lists the closest documents.
 */
export function formatAnswer(answer: Answer): APIEmbed {
  if (!answer.answered || answer.quotes.length === 0) return unanswered(answer);
  const head = `${questionLine(answer.question)}\n\n`;
  const excerpts = renderExcerpts(answer.quotes, answer.documents, {
    maxChars: DiscordLimits.embedDescriptionChars - head.length - NOTE_RESERVE_CHARS,
  });
  return {
    color: ANSWER_COLOUR,
    description: `${head}${excerpts.text}${notShownNote(excerpts.omitted)}`,
    footer: { text: answerFooter(answer) },
  };
}
