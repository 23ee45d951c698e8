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
let inThread: { readonly whileWaiting: () => void } | undefined;

/**
 * From now on, compromise loads in a worker thread when first needed, while this thread runs `whileWaiting`
 * (loading something else it will need): for a process that answers one question needing both (a cold `npm run
 * ask`). {@link tagWords} then asks that thread, and tags here only if the thread fails.
 */
export function tagWordsInThread(whileWaiting: () => void): void {
  if (nlp === undefined) inThread ??= { whileWaiting };
}

/**
 * The tags of each word of `text`, keyed by the word in lower case. compromise (its tagger, without the
 * phrase plugins) is loaded on first use, about half a second, so commands that never resolve a question do not pay it.
 */
export function tagWords(text: string): ReadonlyMap<string, WordTags> {
  if (inThread && nlp === undefined && thread === undefined) {
    try {
      thread = new TaggerThread(inThread.whileWaiting);
    } catch {
      inThread = undefined; // no thread to be had (resource limits): tag here
    }
  }
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
