import { normalizeTerm, tokenize } from './analyze-terms.js';

/** A question's distinct terms with their IDF weights: what lexical evidence is measured against. */
export interface QueryTerms {
  readonly terms: readonly string[];
  /** Terms naming what is asked for: the words after "which"/"what" ("which fighter jet" → fighter, jet). */
  readonly focus: ReadonlySet<string>;
  /** Terms from names in the question (capitalised after the first word): the topic an answer must be about. */
  readonly entities: ReadonlySet<string>;
  readonly weights: ReadonlyMap<string, number>;
  readonly totalWeight: number;
}

/** Term statistics of the corpus, as the lexical index provides them. */
export interface TermStatistics {
  /** Passages containing the term. */
  frequency(term: string): number;
  /** IDF for a passage frequency. */
  idf(frequency: number): number;
  readonly passageCount: number;
}

/**
 * Share of passages that an unknown everyday word is weighed as if it appeared in. A small corpus does not
 * contain most of English: "buy" or "going" missing from it says little, while a missing name or figure
 * ("FIFA", "F-16", "Caesar") says the question is about something else.
 */
const UNKNOWN_COMMON_WORD_SHARE = 0.1;

/**
 * Weighs the question's distinct terms by IDF. A term the corpus never uses gets the highest weight when it is
 * specific (a capitalised word after the first, or one with digits), and an everyday word's weight otherwise.
 */
export function weighQueryTerms(question: string, stats: TermStatistics): QueryTerms {
  const weights = new Map<string, number>();
  const entities = new Set<string>();
  const tokens = tokenize(question);
  tokens.forEach((token, position) => {
    const term = normalizeTerm(token);
    if (term === null || weights.has(term)) return;
    const frequency = stats.frequency(term);
    const named = position > 0 && /^\p{Lu}/u.test(token);
    if (named) entities.add(term);
    const specific = /\d/.test(token) || named;
    const assumed = frequency > 0 || specific ? frequency : Math.max(1, UNKNOWN_COMMON_WORD_SHARE * stats.passageCount);
    weights.set(term, stats.idf(assumed));
  });
  const terms = [...weights.keys()];
  const focus = new Set(focusWords(tokens).flatMap((token) => normalizeTerm(token) ?? []));
  let totalWeight = 0;
  for (const weight of weights.values()) totalWeight += weight;
  return { terms, focus, entities, weights, totalWeight };
}

/**
 * The words naming what is asked for: up to two content words right after "which", "what", "who" or "whom"
 * ("Which fighter jet…" → fighter, jet; "What did…" → none).
 */
export function focusWords(tokens: readonly string[]): string[] {
  const wh = tokens.findIndex((t) => /^(which|what|who|whom)$/i.test(t));
  const words: string[] = [];
  for (const token of wh >= 0 ? tokens.slice(wh + 1, wh + 3) : []) {
    if (normalizeTerm(token) === null) break;
    words.push(token);
  }
  return words;
}

/**
 * Share (0–1) of the question's IDF weight matched by a text unit. A term found only elsewhere in the same
 * document earns `contextCredit` of its weight: questions often name the context ("the December 13 conference")
 * in words the answering sentence does not repeat.
 */
export function termCoverage(
  query: QueryTerms,
  unitTerms: ReadonlySet<string>,
  inContext: (term: string) => boolean = () => false,
  contextCredit = 0.5,
): number {
  if (query.totalWeight === 0) return 0;
  let matched = 0;
  for (const [term, weight] of query.weights) {
    if (unitTerms.has(term)) matched += weight;
    else if (inContext(term)) matched += contextCredit * weight;
  }
  return matched / query.totalWeight;
}

/** The same question with its focus terms weighing `factor` times as much: for choosing the answering sentence. */
export function emphasizeFocus(query: QueryTerms, factor = 3): QueryTerms {
  if (query.focus.size === 0) return query;
  const weights = new Map([...query.weights].map(([t, w]) => [t, query.focus.has(t) ? w * factor : w] as const));
  let totalWeight = 0;
  for (const w of weights.values()) totalWeight += w;
  return { ...query, weights, totalWeight };
}
