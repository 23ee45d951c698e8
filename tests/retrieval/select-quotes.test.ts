import { describe, expect, it } from 'vitest';
import { LexicalIndex } from '../../src/retrieval/lexical-index.js';
import { weighQueryTerms } from '../../src/retrieval/query-terms.js';
import { expectedAnswerShape, selectQuotes } from '../../src/retrieval/select-quotes.js';
import type { Quote, ScoredPassage } from '../../src/retrieval/types.js';
import { passagesOf } from './snapshot-of.js';

/** Quotes for `question` from `docs`, passages ranked in the order given. */
function quotesFor(question: string, docs: Readonly<Record<string, string>>, maxQuotes: number, minRelativeScore?: number): Quote[] {
  const texts = new Map(Object.entries(docs));
  const passages = [...texts].flatMap(([docId, text]) => passagesOf(docId, text));
  const lexical = LexicalIndex.build(passages.map((p, label) => ({ label, docId: p.docId, title: '', text: p.text })));
  const ranked: ScoredPassage[] = passages.map((passage, i) => ({ passage, score: 1 / (61 + i) }));
  const quotes = selectQuotes({
    question,
    query: weighQueryTerms(question, lexical),
    passages: ranked,
    texts,
    documentHasTerm: (docId, term) => lexical.documentHasTerm(docId, term),
    maxQuotes,
    ...(minRelativeScore === undefined ? {} : { minRelativeScore }),
  });
  for (const quote of quotes) expect(quote.text).toBe(texts.get(quote.docId)?.slice(quote.start, quote.end));
  return quotes;
}

const BRIDGE = [
  'The two river towns signed a cooperation agreement on Monday.',
  'The towns will share the cost of a new footbridge across the weir.',
  'The agreement also covers street lighting and public parks in both towns.',
  'Officials said the agreement was the first of its kind in the region.',
].join(' ');

describe('selectQuotes', () => {
  it('picks the sentence that contains the question’s rare terms', () => {
    const [best] = quotesFor('Who pays for the footbridge across the weir?', { 'bridge.txt': BRIDGE }, 1);
    expect(best?.text).toBe('The towns will share the cost of a new footbridge across the weir.');
    expect(best?.paragraph).toBe(1);
  });

  it('quotes two adjacent sentences as one excerpt when the answer spans both', () => {
    const text = [
      'The ferry operator will open a new route from Dover next spring.',
      'It will carry forty lorries on every crossing.',
      '',
      'Passengers will be able to book cabins online.',
    ].join('\n');
    const [best] = quotesFor('How many lorries will the new Dover ferry route carry?', { 'ferry.txt': text }, 1);
    expect(best?.start).toBe(0);
    expect(best?.text).toBe('The ferry operator will open a new route from Dover next spring.\nIt will carry forty lorries on every crossing.');
  });

  it('returns at most maxQuotes, without overlapping excerpts', () => {
    const docs = {
      'a.txt': 'The council will hire lighthouse keepers for the north harbour.\n\nThe keepers will live in the lighthouse all winter.',
      'b.txt': 'The guild trains lighthouse keepers in rescue drills.\n\nEvery keeper learns to read the lighthouse signal lamps.',
      'c.txt': 'Lighthouse keepers in the south harbour asked for higher wages.',
    };
    const question = 'What will the lighthouse keepers do?';
    for (const maxQuotes of [1, 2, 3]) {
      const quotes = quotesFor(question, docs, maxQuotes, 0);
      expect(quotes).toHaveLength(maxQuotes);
      for (const [i, a] of quotes.entries()) {
        for (const b of quotes.slice(i + 1)) expect(a.docId !== b.docId || a.end <= b.start || b.end <= a.start).toBe(true);
      }
    }
    expect(quotesFor(question, docs, 5, 0).length).toBeLessThanOrEqual(5);
  });

  it('prefers the sentence with a number when the question asks how many', () => {
    const text = [
      'The harbour council will hire lighthouse keepers.',
      '',
      'In all, the harbour council will hire 14 lighthouse keepers before the storms.',
    ].join('\n');
    const [best] = quotesFor('How many lighthouse keepers will the harbour council hire?', { 'harbour.txt': text }, 1);
    expect(best?.text).toBe('In all, the harbour council will hire 14 lighthouse keepers before the storms.');
    // Without the question asking for a number, the shorter sentence is just as good an answer.
    const [plain] = quotesFor('Will the harbour council hire lighthouse keepers?', { 'harbour.txt': text }, 1);
    expect(plain?.text).toBe('The harbour council will hire lighthouse keepers.');
  });

  it('quotes nothing when no sentence shares a term with the question', () => {
    expect(quotesFor('When do the zeppelins fly?', { 'bridge.txt': BRIDGE }, 3)).toEqual([]);
  });

  it('cites a second document for a later quote when it answers as well', () => {
    const docs = {
      'north.txt': 'The north harbour will hire 14 lighthouse keepers.\n\nThe north harbour will also repair its lighthouse.',
      'south.txt': 'The south harbour will hire 9 lighthouse keepers.',
    };
    const quotes = quotesFor('How many lighthouse keepers will each harbour hire?', docs, 2);
    expect(new Set(quotes.map((q) => q.docId))).toEqual(new Set(['north.txt', 'south.txt']));
  });

  it('prefers a sentence that lists several things when the question asks which ones (a plural)', () => {
    const text = [
      'The museum is getting exhibits from the regional archive.',
      '',
      'The museum is getting exhibits such as maps, ship models, and letters from the harbour master.',
    ].join('\n');
    const [listed] = quotesFor('Which exhibits is the museum getting?', { 'museum.txt': text }, 1);
    expect(listed?.text).toBe('The museum is getting exhibits such as maps, ship models, and letters from the harbour master.');
    // Asking for one thing, the shorter sentence that matches as well is the better answer.
    const [single] = quotesFor('Which exhibit is the museum getting?', { 'museum.txt': text }, 1);
    expect(single?.text).toBe('The museum is getting exhibits from the regional archive.');
  });

  it('weighs a named place by its rarity when judging whether a document is about the question’s topic', () => {
    // Every document names Europe; only one names Tromsø. A sentence that matches more of the question's other
    // words, in a document that never names Tromsø, does not answer a question about Tromsø.
    const docs = {
      'tromso.txt': 'Europe’s northern ports met in Tromsø.\n\nTromsø will get two icebreakers.',
      'baltic.txt': 'Europe’s southern ports met in Riga.\n\nPorts across Europe will buy icebreakers and cranes for winter routes on the coast.',
      'other1.txt': 'Europe’s ports held a conference.',
      'other2.txt': 'Ports in Europe report record traffic.',
    };
    const [best] = quotesFor('Which icebreakers will the ports of Europe buy for Tromsø’s coast?', docs, 1);
    expect(best?.docId).toBe('tromso.txt');
  });
});

describe('expectedAnswerShape', () => {
  it('expects an enumeration after which/what and a plural noun, and only then', () => {
    const list = expectedAnswerShape('Which Ukrainian technologies is Lithuania interested in?');
    expect(list?.('They work on drones, electronic warfare, and modular systems.')).toBe(true);
    expect(list?.('They work on drones, electronic warfare or modular systems.')).toBe(true);
    expect(list?.('Belgium and Poland signed a letter of intent.')).toBe(false);
    expect(list?.('In Kyiv, officials met on Monday, and the talks went on.')).toBe(false);
    expect(list?.('On Monday, Belgium and Poland signed a letter of intent.')).toBe(false);
    expect(list?.('According to the minister, drones and missiles were shot down over the border.')).toBe(false);
    // The plural need not be the last word after "which": here a verb follows it.
    expect(expectedAnswerShape('Which agreements involve Poland?')).toBe(list);
    expect(expectedAnswerShape('Which fighter jet are the pilots training on?')).toBeUndefined();
    expect(expectedAnswerShape('What does Lithuania aim to do?')).toBeUndefined();
    expect(expectedAnswerShape('What is the total defense policy?')).toBeUndefined();
  });
});

