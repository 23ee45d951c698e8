import { createRequire } from 'node:module';
import type nlpType from 'compromise/two';
import { TaggerThread } from './tagger-thread.js';

/**
 * Part-of-speech facts about a question's words, from compromise (a maintained rule-and-lexicon English
 * tagger): whether a word is an interjection ("hey", "plz", "lol": compromise's `Expression`) and whether it
 * names a person, place or organisation, lower case included ("denmark", "olaf scholz").
 */
export interface WordTags {
  readonly expression: boolean;
  readonly properNoun: boolean;
}

interface TaggedTerm {
  readonly text: string;
  readonly normal?: string;
  readonly tags?: readonly string[];
}

const PROPER = new Set(['ProperNoun', 'Person', 'Place', 'Organization', 'Country', 'City']);

let nlp: typeof nlpType | undefined;
let thread: TaggerThread | undefined;

/**
 * Loads compromise in a worker thread from now on, and tags `texts` there as soon as it has loaded: for a process
 * that knows its question before it has loaded anything else (a cold `npm run ask`). {@link tagWords} then asks
 * that thread, and only tags here if the thread fails. `whileWaiting` runs once if a call has to wait for it.
 */
export function tagWordsInThread(texts: readonly string[], whileWaiting?: () => void): void {
  thread ??= new TaggerThread(texts, whileWaiting ?? null);
}

/**
 * The tags of each word of `text`, keyed by the word in lower case. compromise (its tagger, without the
 * phrase plugins) is loaded on first use, about half a second, so commands that never resolve a question do not pay it.
 */
export function tagWords(text: string): ReadonlyMap<string, WordTags> {
  const fromThread = thread?.call(text) as ReadonlyMap<string, WordTags> | undefined;
  if (fromThread !== undefined) return fromThread;
  nlp ??= createRequire(import.meta.url)('compromise/two') as typeof nlpType;
  const tagged = new Map<string, WordTags>();
  const sentences = nlp(text).json() as readonly { readonly terms?: readonly TaggedTerm[] }[];
  for (const { terms = [] } of sentences) {
    for (const term of terms) {
      const tags = term.tags ?? [];
      const facts = { expression: tags.includes('Expression'), properNoun: tags.some((tag) => PROPER.has(tag)) };
      for (const key of [term.text, term.normal ?? '']) if (key !== '') tagged.set(key.toLowerCase(), facts);
    }
  }
  return tagged;
}
