import { normalizeTerm, tokenize } from './analyze-terms.js';
import { englishLexicon } from './english-frequency.js';
import { personWords } from './person-words.js';
import { antonymQuestionTerms, relatedQuestionTerms, standardAntonyms, standardBroaderWords, standardRelatedWords } from './related-terms.js';
import { resolveQuestion, type CorpusVocabulary, type ResolveContext, type ResolvedToken } from './resolve-question.js';
import { tagWords } from './tag-words.js';

/** A question's distinct terms with their IDF weights: what lexical evidence is measured against. */
export interface QueryTerms {
  /** Terms to search and match, typos already mapped to corpus terms, filler left out. */
  readonly terms: readonly string[];
  /** Terms naming what is asked for: the words after "which"/"what" ("which fighter jet" → fighter, jet). */
  readonly focus: ReadonlySet<string>;
  /** Terms from names in the question (capitalised after the first word, or tagged as names): the topic an answer must be about. */
  readonly entities: ReadonlySet<string>;
  readonly weights: ReadonlyMap<string, number>;
  readonly totalWeight: number;
  /** What each word of the question was taken for (see `resolveQuestion`); filler is listed here with weight 0. Optional so that hand-made QueryTerms (tests) need not list it. */
  readonly resolved?: readonly ResolvedToken[];
  /** For each term, the index terms of other words for it (WordNet synonyms and derived forms; `relatedQuestionTerms`). */
  readonly related?: ReadonlyMap<string, ReadonlySet<string>>;
  /** For each term, the index terms of its antonyms (WordNet; `antonymQuestionTerms`). */
  readonly antonyms?: ReadonlyMap<string, ReadonlySet<string>>;
  /** For each term, the index terms of broader and narrower words for it (WordNet hypernyms and hyponyms; `relatedQuestionTerms`). */
  readonly broader?: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Term statistics of the corpus, as the lexical index provides them. */
export interface TermStatistics extends CorpusVocabulary {
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

let defaultContext: ResolveContext | undefined;

/**
 * Background English frequencies (SUBTLEX-US), compromise's tagger and WordNet's related words and antonyms: what
 * `weighQueryTerms` uses unless told otherwise. The first two load on first need, i.e. the first question with a word
 * the corpus lacks; WordNet's indexes on the first question.
 */
export function standardResolveContext(): ResolveContext {
  defaultContext ??= {
    english: { zipf: (term) => englishLexicon().zipf(term) },
    tags: tagWords,
    relatedWords: (phrase) => standardRelatedWords()(phrase),
    antonymWords: (word) => standardAntonyms()(word),
    broaderWords: (phrase) => standardBroaderWords()(phrase),
  };
  return defaultContext;
}

/**
 * Loads the background frequencies, the tagger, the person words and WordNet's indexes now rather than on the first question (with a
 * word the corpus lacks, for the first two: about 0.3 s alone, seconds on a busy machine): for a long-running
 * process such as the bot, at start-up.
 */
export function prepareQuestionResolution(): void {
  englishLexicon();
  tagWords('');
  personWords();
  standardRelatedWords()('word'); // reads WordNet's four index files (6 MB)
}

/**
 * Weighs the question's distinct terms by IDF, after resolving each word against the corpus
 * (`resolveQuestion`): a corpus term or a typo of one gets the corpus term's IDF, filler nothing, an everyday
 * English word the corpus lacks an everyday word's weight, and a specific word the corpus lacks (a name, a
 * figure, a rare word) the highest weight, so that a question about something else is not answered.
 */
export function weighQueryTerms(question: string, stats: TermStatistics, context: ResolveContext = standardResolveContext()): QueryTerms {
  const resolved = resolveQuestion(question, stats, context);
  const weights = new Map<string, number>();
  const entities = new Set<string>();
  for (const { resolution, terms, named } of resolved) {
    for (const term of terms) {
      if (named) entities.add(term);
      if (weights.has(term)) continue;
      const frequency = resolution === 'corpus' || resolution === 'typo' ? stats.frequency(term) : 0;
      const assumed = resolution === 'everyday' ? Math.max(1, UNKNOWN_COMMON_WORD_SHARE * stats.passageCount) : frequency;
      weights.set(term, stats.idf(assumed));
    }
  }
  const termsOf = new Map(resolved.map((r) => [r.token, r.terms] as const));
  const focus = new Set(focusWords(tokenize(question)).flatMap((token) => termsOf.get(token) ?? []));
  let totalWeight = 0;
  for (const weight of weights.values()) totalWeight += weight;
  // Names have no other words: "Polish" is not "shine", "Brussels" not "capital".
  const related = context.relatedWords ? withoutKeys(relatedQuestionTerms(question, context.relatedWords), entities) : undefined;
  const antonyms = context.antonymWords ? withoutKeys(antonymQuestionTerms(question, context.antonymWords), entities) : undefined;
  const broader = context.broaderWords ? withoutKeys(relatedQuestionTerms(question, context.broaderWords), entities) : undefined;
  return {
    terms: [...weights.keys()],
    focus,
    entities,
    weights,
    totalWeight,
    resolved,
    ...(related ? { related } : {}),
    ...(antonyms ? { antonyms } : {}),
    ...(broader ? { broader } : {}),
  };
}

function withoutKeys<V>(map: Map<string, V>, keys: ReadonlySet<string>): Map<string, V> {
  for (const key of keys) map.delete(key);
  return map;
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
