import { describe, expect, it } from 'vitest';
import { normalizeTerm } from '../../src/retrieval/analyze-terms.js';
import { LexicalIndex, type LexicalEntry } from '../../src/retrieval/lexical-index.js';

const ENTRIES: LexicalEntry[] = [
  { label: 0, docId: 'defence.txt', title: 'Defence Pact', text: 'The ministers opened a new defence centre to localise the production of drones.' },
  { label: 1, docId: 'defence.txt', title: 'Defence Pact', text: 'The programme will train engineers to analyse the colour of night-vision images.' },
  { label: 2, docId: 'harbour.txt', title: 'Harbour Agreement', text: 'The harbour council will hire fourteen lighthouse keepers before winter.' },
  { label: 3, docId: 'farm.txt', title: 'Organization of Farms', text: 'The organization will utilize a program to center the harvest on apples and pears.' },
];

const labels = (index: LexicalIndex, query: string) => index.query(query, 10).map((hit) => hit.label);

describe('LexicalIndex', () => {
  const index = LexicalIndex.build(ENTRIES);

  it('finds the passage that shares the query’s words, best first, with higher-is-better scores', () => {
    const hits = index.query('lighthouse keepers in the harbour', 10);
    expect(hits[0]?.label).toBe(2);
    expect(hits.every((hit, i) => i === 0 || hit.score <= (hits[i - 1]?.score ?? Infinity))).toBe(true);
    expect(index.query('lighthouse', 1)).toHaveLength(1);
    expect(index.query('zeppelin', 10)).toEqual([]);
  });

  it('matches British spellings in the text with American spellings in the query', () => {
    expect(labels(index, 'defense center')[0]).toBe(0);
    expect(labels(index, 'localize')).toEqual([0]);
    expect(labels(index, 'analyze the color')[0]).toBe(1);
    expect(labels(index, 'program')).toEqual(expect.arrayContaining([1, 3]));
  });

  it('matches American spellings in the text with British spellings in the query', () => {
    expect(labels(index, 'organisation')).toEqual([3]);
    expect(labels(index, 'utilise')).toEqual([3]);
    expect(labels(index, 'centre')).toEqual(expect.arrayContaining([0, 3]));
  });

  it('survives a serialize / deserialize round trip unchanged', () => {
    const restored = LexicalIndex.deserialize(index.serialize());
    expect(restored.passageCount).toBe(4);
    for (const query of ['defense center', 'lighthouse keepers', 'apples and pears', 'programme']) {
      expect(restored.query(query, 10)).toEqual(index.query(query, 10));
    }
    for (const word of ['defence', 'harbour', 'program', 'the']) {
      const term = normalizeTerm(word) ?? word;
      expect(restored.frequency(term)).toBe(index.frequency(term));
    }
    expect(restored.documentHasTerm('harbour.txt', normalizeTerm('keepers') ?? '')).toBe(true);
    expect(restored.documentHasTerm('farm.txt', normalizeTerm('keepers') ?? '')).toBe(false);
    // A second round trip answers the same too (MiniSearch may store its term tree in another order).
    expect(LexicalIndex.deserialize(restored.serialize()).query('defense center', 10)).toEqual(index.query('defense center', 10));
  });

  it('updates a loaded index exactly as it rebuilds the same passages, document terms included', () => {
    const loaded = LexicalIndex.deserialize(index.serialize());
    // harbour.txt is replaced by a new text; farm.txt moves up one label; a new document is added.
    const relabel = Int32Array.from([0, 1, -1, 2]);
    const added: LexicalEntry[] = [
      { label: 3, docId: 'harbour.txt', title: 'Harbour Agreement', text: 'The harbour council will repaint the breakwater before the regatta.' },
      { label: 4, docId: 'bees.txt', title: 'Beekeeping Pact', text: 'Three villages will share one inspector for every apiary.' },
    ];
    const updated = loaded.update({ relabel, added, replacedDocuments: ['harbour.txt'], passageCount: 5 });
    const [defence0, defence1, , farm] = ENTRIES as [LexicalEntry, LexicalEntry, LexicalEntry, LexicalEntry];
    const rebuilt = LexicalIndex.build([defence0, defence1, { ...farm, label: 2 }, ...added]);
    for (const query of ['lighthouse keepers', 'harbour breakwater', 'apiary inspector', 'defense center', 'apples']) {
      expect(updated.query(query, 10)).toEqual(rebuilt.query(query, 10));
    }
    const term = (word: string) => normalizeTerm(word) ?? word;
    expect(updated.documentHasTerm('harbour.txt', term('keepers'))).toBe(false);
    expect(updated.documentHasTerm('harbour.txt', term('breakwater'))).toBe(true);
    expect(updated.documentHasTerm('farm.txt', term('apples'))).toBe(true);
    expect(updated.documentHasTerm('bees.txt', term('apiary'))).toBe(true);
    expect(Buffer.from(LexicalIndex.deserialize(updated.serialize()).serialize()).equals(Buffer.from(updated.serialize()))).toBe(true);
    expect(LexicalIndex.deserialize(updated.serialize()).documentHasTerm('farm.txt', term('apples'))).toBe(true);
  });

  it('leaves the version it updates as it was, and keeps nothing of that version’s file', () => {
    const bytes = Buffer.from(index.serialize());
    const loaded = LexicalIndex.deserialize(bytes);
    const queries = ['lighthouse keepers', 'apples and pears', 'defense center', 'harbour breakwater'];
    const answersBefore = queries.map((q) => loaded.query(q, 10));
    const stored = Buffer.from(loaded.serialize());
    const term = (word: string) => normalizeTerm(word) ?? word;
    const relabel = Int32Array.from([0, 1, -1, 2]);
    const added: LexicalEntry[] = [{ label: 3, docId: 'harbour.txt', title: 'Harbour Agreement', text: 'The harbour council will repaint the breakwater.' }];
    const updated = loaded.update({ relabel, added, replacedDocuments: ['harbour.txt'], passageCount: 4 });
    // Questions still running on the previous version get its answers: its postings and document terms are unchanged.
    expect(queries.map((q) => loaded.query(q, 10))).toEqual(answersBefore);
    expect(Buffer.from(loaded.serialize()).equals(stored)).toBe(true);
    expect(loaded.documentHasTerm('harbour.txt', term('keepers'))).toBe(true);
    expect(loaded.documentHasTerm('harbour.txt', term('breakwater'))).toBe(false);
    // The previous version's file buffer may be reused once it is unloaded: the update must hold its own copies
    // (a loaded document's term ids are views on that buffer).
    const answersAfter = queries.map((q) => updated.query(q, 10));
    bytes.fill(0);
    expect(loaded.documentHasTerm('farm.txt', term('apples'))).toBe(false);
    expect(updated.documentHasTerm('farm.txt', term('apples'))).toBe(true);
    expect(updated.documentHasTerm('defence.txt', term('drones'))).toBe(true);
    expect(queries.map((q) => updated.query(q, 10))).toEqual(answersAfter);
  });

  it('counts in how many passages a term occurs and gives rarer terms a higher IDF', () => {
    const defence = normalizeTerm('defence') ?? '';
    expect(index.frequency(defence)).toBe(1);
    expect(index.frequency(normalizeTerm('program') ?? '')).toBe(2);
    expect(index.frequency('zeppelin')).toBe(0);
    expect(index.idf(1)).toBeGreaterThan(index.idf(2));
    expect(index.idf(4)).toBeGreaterThan(0);
  });

  it('refuses bytes that are not a serialized index, or a damaged one', () => {
    expect(() => LexicalIndex.deserialize(Buffer.from('{"passageCount": 2}'))).toThrow(/ACLX/);
    expect(() => LexicalIndex.deserialize(Buffer.from('not an index'))).toThrow();
    const bytes = index.serialize();
    expect(() => LexicalIndex.deserialize(bytes.subarray(0, bytes.byteLength - 8))).toThrow(/truncated|offsets/);
    const longer = new Uint8Array(bytes.byteLength + 4);
    longer.set(bytes);
    expect(() => LexicalIndex.deserialize(longer)).toThrow(/more than its header lists/);
    // The last integer is the last passage's document: pointing past the documents is damage, said as such.
    const pointing = Uint8Array.from(bytes);
    new DataView(pointing.buffer).setInt32(pointing.byteLength - 4, 999, true);
    expect(() => LexicalIndex.deserialize(pointing)).toThrow(/damaged: a passage names document 999/);
  });

  describe('BM25 over title and text as one bag of words (issue 9)', () => {
    const entry = (label: number, title: string, text: string): LexicalEntry => ({ label, docId: `d${label}.txt`, title, text });
    const scoreOf = (index: LexicalIndex, query: string, label: number) => index.query(query, 10).find((hit) => hit.label === label)?.score ?? 0;

    it('weighs a word in the title as the same word in the text', () => {
      // The same length and frequency; only where the word stands differs. Scored as two fields, the title's own,
      // rarer statistics would weigh it more.
      const index = LexicalIndex.build([
        entry(0, 'Zeppelin', 'alpha beta gamma'),
        entry(1, 'Alpha', 'zeppelin beta gamma'),
        entry(2, 'Gamma', 'zeppelin alpha beta'),
      ]);
      expect(scoreOf(index, 'zeppelin', 0)).toBeGreaterThan(0);
      expect(scoreOf(index, 'zeppelin', 0)).toBeCloseTo(scoreOf(index, 'zeppelin', 1), 12);
    });

    it('adds the terms’ scores, with no bonus for matching more of the question’s terms', () => {
      const index = LexicalIndex.build([
        entry(0, 'Harbour', 'lighthouse keepers and a zeppelin hangar'),
        entry(1, 'Harbour', 'lighthouse keepers'),
        entry(2, 'Farm', 'apples and pears'),
      ]);
      const both = scoreOf(index, 'lighthouse zeppelin', 0);
      expect(both).toBeCloseTo(scoreOf(index, 'lighthouse', 0) + scoreOf(index, 'zeppelin', 0), 12);
    });

    it('adds the document’s score: of two equal passages, the one whose document also matches the rest of the question ranks first', () => {
      const passage = (label: number, docId: string, text: string): LexicalEntry => ({ label, docId, title: 'Notes', text });
      const index = LexicalIndex.build([
        passage(0, 'orchard.txt', 'lighthouse keepers were hired'),
        passage(1, 'orchard.txt', 'apples and pears'),
        passage(2, 'harbour.txt', 'lighthouse keepers were hired'),
        passage(3, 'harbour.txt', 'the harbour council met before winter'),
      ]);
      expect(labels(index, 'lighthouse keepers of the harbour').slice(0, 2)).toEqual([2, 3]);
      expect(scoreOf(index, 'lighthouse keepers of the harbour', 2)).toBeGreaterThan(scoreOf(index, 'lighthouse keepers of the harbour', 0));
    });

    it('counts a passage’s length in terms, repeats included', () => {
      // Both passages hold "radar" once; the first is longer because it repeats "drones".
      const index = LexicalIndex.build([entry(0, 'Kit', 'drones drones drones radar'), entry(1, 'Kit', 'drones radar'), entry(2, 'Farm', 'apples')]);
      expect(scoreOf(index, 'radar', 1)).toBeGreaterThan(scoreOf(index, 'radar', 0));
    });
  });
});
