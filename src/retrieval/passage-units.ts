import { answerTypesOf, type AnswerType } from './answer-types.js';
import { analyzeTerms } from './analyze-terms.js';
import type { Passage } from './types.js';

/**
 * What quote selection needs to know about a passage's sentences that does not depend on the question: each
 * sentence's text, terms and word count, and the quotable units (one sentence, or two that follow each other in a
 * paragraph) with their terms. Computed once per passage and index version (`PassageUnitCache`) instead of once
 * per question: a corpus's passages recur across questions, and this analysis was most of quote selection's time.
 */

/** One sentence of a passage, analysed. */
export class SentenceFacts {
  /** `${docId}:${start}`: the key of its vector in the sentence-vector cache (see `sentenceKey`). */
  readonly key: string;
  readonly text: string;
  /** Its index terms in order, duplicates kept (`analyzeTerms`). */
  readonly order: readonly string[];
  readonly terms: ReadonlySet<string>;
  /** Whitespace-separated words, as `text.split(/\s+/).length` counts them. */
  readonly words: number;
  #types: ReadonlySet<AnswerType> | undefined;

  constructor(
    readonly docId: string,
    readonly start: number,
    readonly end: number,
    readonly paragraph: number,
    documentText: string,
  ) {
    this.key = `${docId}:${start}`;
    this.text = documentText.slice(start, end);
    this.order = analyzeTerms(this.text);
    this.terms = new Set(this.order);
    this.words = this.text.split(/\s+/).length;
  }

  /** The kinds of thing it holds (wink-nlp: about 0.4 ms), worked out on first need only. */
  types(): ReadonlySet<AnswerType> {
    return (this.#types ??= answerTypesOf(this.text));
  }
}

/** A quotable unit: one sentence, or two of one paragraph side by side. */
export interface QuoteUnit {
  /** `${docId}:${start}:${end}`: the same unit reached from another passage is one candidate. */
  readonly key: string;
  readonly start: number;
  readonly end: number;
  readonly paragraph: number;
  readonly sentences: readonly SentenceFacts[];
  /** Its sentences' terms together. */
  readonly terms: ReadonlySet<string>;
  /** Its sentences' terms in order, one after the other (for the question's word pairs). */
  readonly order: readonly string[];
  readonly words: number;
}

export interface PassageUnits {
  readonly sentences: readonly SentenceFacts[];
  /** Each sentence, followed by it and the next when they can be quoted together, in passage order. */
  readonly units: readonly QuoteUnit[];
  /** Every term of the passage's sentences. */
  readonly terms: ReadonlySet<string>;
}

function unitOf(docId: string, parts: readonly SentenceFacts[]): QuoteUnit {
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  const single = parts.length === 1;
  return {
    key: `${docId}:${first.start}:${last.end}`,
    start: first.start,
    end: last.end,
    paragraph: first.paragraph,
    sentences: parts,
    terms: single ? first.terms : new Set(parts.flatMap((p) => [...p.terms])),
    order: single ? first.order : parts.flatMap((p) => p.order),
    words: parts.reduce((n, p) => n + p.words, 0),
  };
}

/** Analyses a passage's sentences and lists its quotable units. Pure; `documentText` is its document's text. */
export function passageUnits(passage: Passage, documentText: string): PassageUnits {
  const sentences = passage.sentences.map((s) => new SentenceFacts(passage.docId, s.start, s.end, s.paragraph, documentText));
  const units: QuoteUnit[] = [];
  sentences.forEach((first, i) => {
    units.push(unitOf(passage.docId, [first]));
    const next = sentences[i + 1];
    // Two sentences of one paragraph, side by side: a quote never runs across a paragraph break.
    if (next !== undefined && next.paragraph === first.paragraph && documentText.slice(first.end, next.start).trim() === '') {
      units.push(unitOf(passage.docId, [first, next]));
    }
  });
  return { sentences, units, terms: new Set(sentences.flatMap((s) => [...s.terms])) };
}

/**
 * `passageUnits` memoised per passage of one index version, for at most `maxPassages` passages: the oldest entry
 * goes first when full. Passages are compared by identity, so a cache belongs to one snapshot.
 */
export class PassageUnitCache {
  private readonly entries = new Map<Passage, PassageUnits>();

  constructor(
    private readonly texts: ReadonlyMap<string, string>,
    private readonly maxPassages: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The passage's units; a passage whose document text is missing has none. */
  get(passage: Passage): PassageUnits {
    let found = this.entries.get(passage);
    if (found === undefined) {
      const text = this.texts.get(passage.docId);
      if (text === undefined) return { sentences: [], units: [], terms: new Set() };
      if (this.entries.size >= this.maxPassages) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(passage, (found = passageUnits(passage, text)));
    }
    return found;
  }
}
