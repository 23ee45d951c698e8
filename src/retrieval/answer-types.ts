import { createRequire } from 'node:module';
import type winkNLPType from 'wink-nlp';
import type { WinkMethods } from 'wink-nlp';
import { personWords, type PersonWords } from './person-words.js';

/**
 * What kind of thing a question asks for, and which kinds a sentence holds, from wink-nlp's part-of-speech tags and
 * entity recogniser (numbers, dates, times, durations, money, percentages). wink-nlp: maintained, dependency-free,
 * about 0.4 ms per sentence here, an order of magnitude faster than compromise, which matters on the question path.
 */

export type AnswerType = 'quantity' | 'time' | 'person' | 'place' | 'name';

let nlp: WinkMethods | undefined;
// Loaded on first use (about 0.15 s): a reindex's check and the index command never need it.
const tagger = () => (nlp ??= (createRequire(import.meta.url)('wink-nlp') as typeof winkNLPType)(createRequire(import.meta.url)('wink-eng-lite-web-model') as Parameters<typeof winkNLPType>[0]));

const QUANTITY_ENTITIES = new Set(['CARDINAL', 'MONEY', 'PERCENT', 'QUANTITY']);
const TIME_ENTITIES = new Set(['DATE', 'TIME', 'DURATION']);
/** Prepositions before a place: "in Bydgoszcz", "from Poland". */
const PLACE_PREPOSITIONS = new Set(['in', 'at', 'near', 'from', 'across', 'to', 'into', 'outside', 'within']);

/** Loads wink-nlp's model now rather than on the first {@link answerTypesOf} (a cold `ask` does it while it would otherwise wait). */
export function loadAnswerTypes(): void {
  tagger();
}

/** The kinds of thing a text holds. */
export function answerTypesOf(text: string): ReadonlySet<AnswerType> {
  const doc = tagger().readDoc(text);
  const its = tagger().its;
  const types = new Set<AnswerType>();
  for (const type of doc.entities().out(its.type) as string[]) {
    if (QUANTITY_ENTITIES.has(type)) types.add('quantity');
    if (TIME_ENTITIES.has(type)) types.add('time');
  }
  const words = doc.tokens().out(its.normal) as string[];
  const tags = doc.tokens().out(its.pos) as string[];
  for (let i = 1; i < tags.length; i++) {
    if (tags[i] !== 'PROPN') continue;
    types.add('name');
    if (PLACE_PREPOSITIONS.has(words[i - 1] ?? '') || (tags[i - 1] === 'DET' && PLACE_PREPOSITIONS.has(words[i - 2] ?? ''))) types.add('place');
  }
  if (namesPerson(words, tags, personWords())) types.add('person');
  return types;
}

/**
 * Whether the tokens name a person: a proper noun that is a known first name followed by another ("Donald Tusk",
 * "Theo Francken"), or one written after a title or role ("Minister Kaunas", "official Kyrylo Budanov", "Mr Smith").
 * Two proper nouns alone are not enough: "European Conservatives", "Defence Forces".
 */
export function namesPerson(words: readonly string[], tags: readonly string[], person: PersonWords): boolean {
  for (let i = 0; i < tags.length; i++) {
    if (tags[i] !== 'PROPN') continue;
    if (person.isName(words[i]!) && tags[i + 1] === 'PROPN') return true;
    if (i > 0 && person.isTitle(words[i - 1]!)) return true;
  }
  return false;
}

/** Nouns after "which"/"what" that ask for a person, a place or a time. */
const ASKS_FOR: ReadonlyMap<string, AnswerType> = new Map([
  ...['person', 'people', 'minister', 'official', 'leader', 'president'].map((w) => [w, 'person'] as const),
  ...['company', 'organization', 'organisation', 'firm', 'manufacturer'].map((w) => [w, 'name'] as const),
  ...['city', 'country', 'place', 'town', 'region', 'location', 'state', 'nation'].map((w) => [w, 'place'] as const),
  ...['year', 'date', 'day', 'month', 'time', 'century', 'decade', 'period'].map((w) => [w, 'time'] as const),
  ...['number', 'percentage', 'amount', 'share', 'price', 'cost', 'value', 'size', 'population'].map((w) => [w, 'quantity'] as const),
]);

/**
 * What the question asks for, from its wh-word (and the noun after "which"/"what"): the classic coarse answer types
 * of question answering (Li & Roth 2002). Undefined for questions that ask for a description ("why", "how").
 */
export function expectedAnswerType(question: string): AnswerType | undefined {
  const words = question.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const next = words[i + 1] ?? '';
    if (word === 'how' && ['many', 'much', 'long', 'far', 'big', 'large', 'old', 'often'].includes(next)) return 'quantity';
    if (word === 'when') return 'time';
    if (word === 'who' || word === 'whom' || word === 'whose') return 'person';
    if (word === 'where') return 'place';
    if (word === 'which' || word === 'what') {
      for (const noun of words.slice(i + 1, i + 4)) {
        const type = ASKS_FOR.get(noun) ?? ASKS_FOR.get(noun.replace(/ies$/, 'y')) ?? ASKS_FOR.get(noun.replace(/s$/, ''));
        if (type) return type;
      }
    }
  }
  return undefined;
}

/** Whether a text holds the kind asked for: a person's name answers "who"; a duration answers "how long". */
export function holdsAnswerType(types: ReadonlySet<AnswerType>, expected: AnswerType): boolean {
  if (expected === 'quantity') return types.has('quantity') || types.has('time');
  return types.has(expected);
}
