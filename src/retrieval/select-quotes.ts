import { analyzeTerms, tokenize } from './analyze-terms.js';
import { emphasizeFocus, focusWords, termCoverage, type QueryTerms } from './query-terms.js';
import type { Quote, ScoredPassage } from './types.js';

/**
 * Picks the sentences that answer a question from the best passages, as exact spans of the source text.
 * Pure: the caller supplies the document texts and a way to ask whether a document contains a term.
 */

export interface QuoteRequest {
  readonly question: string;
  readonly query: QueryTerms;
  /** The ranked passages to quote from, best first. */
  readonly passages: readonly ScoredPassage[];
  /** Document file texts by docId: quotes are slices of these. */
  readonly texts: ReadonlyMap<string, string>;
  readonly documentHasTerm: (docId: string, term: string) => boolean;
  /** The terms of one sentence; lets the caller analyse each sentence once per question. */
  readonly sentenceTerms?: (docId: string, start: number, end: number) => ReadonlySet<string>;
  readonly maxQuotes: number;
  /** A further quote must score at least this share of the best quote's score. */
  readonly minRelativeScore?: number;
}

/** A quotable unit: one sentence, or two that follow each other with only whitespace between. */
interface Candidate {
  readonly docId: string;
  readonly start: number;
  readonly end: number;
  readonly paragraph: number;
  readonly score: number;
}

const ANSWER_TYPE_BONUS = 0.1;
const RANK_PRIOR_WEIGHT = 0.15;
const SAME_DOCUMENT_PENALTY = 0.05;
/** Per word: between units that match equally, the more focused one wins. */
const LENGTH_PENALTY_PER_WORD = 0.002;
/** A second sentence that refers back to the first ("This strategy…", "It…") continues its answer. */
const CONTINUATION_BONUS = 0.08;
const CONTEXT_CREDIT = 0.5;
const ANAPHOR = /^[“"‘']?(?:This|These|That|Those|It|Its|They|Their|Such|He|She|His|Her)\b/;

type AnswerShape = (sentence: string) => boolean;

const MONTH = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';
const TIME = new RegExp(
  `\\b(?:${MONTH}|(?:19|20)\\d\\d|today|tomorrow|yesterday|(?:this|next|last) (?:year|month|week)|later|weeks?|months?|years?|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\\b`,
);
const hasQuantity: AnswerShape = (s) => /\d|\b(?:dozens?|hundreds?|thousands?|millions?|billions?|several|half)\b/i.test(s);
const hasTime: AnswerShape = (s) => TIME.test(s);
/** Two or more capitalised words in a row ("Theo Francken"), not counting a capitalised sentence opener ("The Polish"). */
const NAME = /(?<![\p{L}])(?!(?:The|A|An|In|On|At|This|That|These|For|But|And|As|By|With|During|After|Under|Both|Today|Meanwhile)\s)\p{Lu}\p{Ll}+(?:\s+\p{Lu}[\p{L}’'-]+)+/u;
const hasName: AnswerShape = (s) => NAME.test(s);
const hasPlace: AnswerShape = (s) => /\b(?:in|at|near|from|across)\s+(?:the\s+)?\p{Lu}/u.test(s);
/**
 * An enumeration of three or more items: "drones, electronic warfare, and modular systems" (an item of up to three
 * words between commas, then "and"/"or" after the next comma), or "drones, electronic warfare or modular systems"
 * (the part after the last comma is two short items joined by "and"/"or", ending the clause). "On Monday, Belgium and
 * Poland signed…" is not one. Linear time.
 */
const hasList: AnswerShape = (s) => {
  const parts = s.split(/,\s+/);
  return parts.some((part, i) => {
    if (i >= 2 && /^(?:and|or)\s/.test(part) && wordCount(parts[i - 1] ?? '') <= MAX_LIST_ITEM_WORDS) return true;
    return i >= 1 && LAST_TWO_ITEMS.test(part);
  });
};
const MAX_LIST_ITEM_WORDS = 3;
const LAST_TWO_ITEMS = /^\S+(?:\s\S+){0,2}\s(?:and|or)\s\S+(?:\s\S+){0,3}$/;
const wordCount = (text: string) => text.trim().split(/\s+/).length;

/**
 * What shape of sentence the question asks for, from its wh-word: a number, a time, a person, a place, or a list
 * of things.
 */
export function expectedAnswerShape(question: string): AnswerShape | undefined {
  const q = question.toLowerCase();
  if (/\bhow (?:many|much|long|far|big|large)\b|\bwhat (?:number|percentage|amount|share)\b/.test(q)) return hasQuantity;
  if (/^\s*when\b|\bwhat (?:year|date|time|day|month)\b/.test(q)) return hasTime;
  if (/^\s*(?:who|whom)\b|\bwhich (?:person|minister|official|leader)\b/.test(q)) return hasName;
  if (/^\s*where\b|\bwhich (?:city|country|place|town|region)\b/.test(q)) return hasPlace;
  // "Which technologies…", "What aerial threats…", "Which agreements involve…": a plural noun after the wh-word asks
  // for several things. Without a part-of-speech tagger a verb in -s ("Which company supplies…") counts too; the
  // bonus only favours list-like sentences a little.
  if (focusWords(tokenize(question)).some((word) => /[^siu]s$/i.test(word))) return hasList;
  return undefined;
}

function candidatesFrom(request: QuoteRequest, shape: AnswerShape | undefined): Candidate[] {
  const query = emphasizeFocus(request.query);
  const bestPassageScore = request.passages[0]?.score ?? 1;
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  for (const { passage, score: passageScore } of request.passages) {
    const text = request.texts.get(passage.docId);
    if (text === undefined) continue;
    const inDocument = (t: string) => request.documentHasTerm(passage.docId, t);
    const topical = topicalFactor(request.query, inDocument);
    const prior = RANK_PRIOR_WEIGHT * (passageScore / bestPassageScore);
    const sentences = passage.sentences.map((s) => {
      const sentenceText = text.slice(s.start, s.end);
      const terms = request.sentenceTerms?.(passage.docId, s.start, s.end) ?? new Set(analyzeTerms(sentenceText));
      return { ...s, text: sentenceText, terms, words: sentenceText.split(/\s+/).length };
    });
    sentences.forEach((first, i) => {
      const next = sentences[i + 1];
      const pairable = next !== undefined && text.slice(first.end, next.start).trim() === '';
      for (const unit of pairable && next ? [[first], [first, next]] : [[first]]) {
        const key = `${passage.docId}:${unit[0]!.start}:${unit.length}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const terms = new Set(unit.flatMap((u) => [...u.terms]));
        if (termCoverage(query, terms) === 0) continue;
        const continuation = unit.length === 2 && ANAPHOR.test(unit[1]!.text) ? CONTINUATION_BONUS : 0;
        const bonus = shape && unit.some((u) => shape(u.text)) ? ANSWER_TYPE_BONUS : 0;
        const words = unit.reduce((n, u) => n + u.words, 0);
        const last = unit[unit.length - 1]!;
        candidates.push({
          docId: passage.docId,
          start: first.start,
          end: last.end,
          paragraph: first.paragraph,
          score: topical * termCoverage(query, terms, inDocument, CONTEXT_CREDIT) + prior + bonus + continuation - LENGTH_PENALTY_PER_WORD * words,
        });
      }
    });
  }
  return candidates;
}

/**
 * 1 when the document mentions every name the question mentions, down to 0.5 when it mentions none, each name
 * counting by its IDF weight: a sentence about "Ukrainian technologies" in a document that never names Lithuania
 * does not answer a question about Lithuania, and naming Ukraine, as every document does, says little.
 */
function topicalFactor(query: QueryTerms, inDocument: (term: string) => boolean): number {
  if (query.entities.size === 0) return 1;
  let present = 0;
  let total = 0;
  for (const entity of query.entities) {
    const weight = query.weights.get(entity) ?? 0;
    total += weight;
    if (inDocument(entity)) present += weight;
  }
  return total === 0 ? 1 : 0.5 + (0.5 * present) / total;
}

const overlaps = (a: Candidate, b: Candidate) => a.docId === b.docId && a.start < b.end && b.start < a.end;

/**
 * The best sentences for the question, at most `maxQuotes`, best first. Sentences are scored by the question
 * terms they contain (IDF-weighted), the rank of their passage, and whether they have the shape the question
 * asks for (a number for "how many"…). Later quotes prefer other documents, so a question spanning several
 * agreements cites each.
 */
export function selectQuotes(request: QuoteRequest): Quote[] {
  const minRelative = request.minRelativeScore ?? 0.6;
  const pool = candidatesFrom(request, expectedAnswerShape(request.question));
  const chosen: Candidate[] = [];
  while (chosen.length < request.maxQuotes) {
    let best: Candidate | undefined;
    let bestScore = -Infinity;
    for (const c of pool) {
      if (chosen.some((q) => overlaps(q, c))) continue;
      const adjusted = c.score - SAME_DOCUMENT_PENALTY * chosen.filter((q) => q.docId === c.docId).length;
      if (adjusted > bestScore) [best, bestScore] = [c, adjusted];
    }
    const first = chosen[0];
    if (best === undefined || (first !== undefined && bestScore < minRelative * first.score)) break;
    chosen.push(best);
  }
  return chosen.map(({ docId, start, end, paragraph, score }) => ({
    docId,
    start,
    end,
    paragraph,
    score,
    text: request.texts.get(docId)?.slice(start, end) ?? '',
  }));
}
