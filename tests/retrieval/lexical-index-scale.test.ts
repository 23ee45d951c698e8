import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeTerms, tokenize } from '../../src/retrieval/analyze-terms.js';
import { DEFAULT_CHUNKING, processDocument } from '../../src/index/process-document.js';
import { LexicalIndex, type LexicalEntry } from '../../src/retrieval/lexical-index.js';

/** The seed corpus as lexical entries, the way a build labels them. */
function seedEntries(): LexicalEntry[] {
  const dir = path.resolve('corpus');
  return readdirSync(dir)
    .sort()
    .flatMap((docId) => {
      const text = readFileSync(path.join(dir, docId), 'utf8');
      const { title, passages } = processDocument(docId, text, DEFAULT_CHUNKING);
      return passages.map((p) => ({ docId, title, text: p.text }));
    })
    .map((entry, label) => ({ label, ...entry }));
}

/** Textbook BM25 with Anserini's k1 0.9 and b 0.4: a bag's score for a query. */
function bm25(bags: readonly string[][]): (query: readonly string[], index: number) => number {
  const averageLength = bags.reduce((sum, bag) => sum + bag.length, 0) / bags.length;
  return (query, index) => {
    const bag = bags[index] ?? [];
    let score = 0;
    for (const term of new Set(query)) {
      const tf = bag.filter((t) => t === term).length;
      if (tf === 0) continue;
      const df = bags.filter((b) => b.includes(term)).length;
      const idf = Math.log(1 + (bags.length - df + 0.5) / (df + 0.5));
      score += (idf * tf * 1.9) / (tf + 0.9 * (0.6 + (0.4 * bag.length) / averageLength));
    }
    return score;
  };
}

/**
 * The scores the index must give, written out plainly: each passage's title and text as one bag of terms (Anserini's
 * flat BM25, a bag's length its number of terms, no coordination factor), plus the same BM25 over its whole document
 * (the title once and every passage's text), for passages that match.
 */
function referenceScores(entries: readonly LexicalEntry[]): (query: string) => { label: number; score: number }[] {
  const terms = (text: string) => tokenize(text).flatMap((token) => [...normalizeTerms(token)]);
  const passageScore = bm25(entries.map((e) => terms(`${e.title}\n${e.text}`)));
  const docIds = [...new Set(entries.map((e) => e.docId))];
  const documentScore = bm25(
    docIds.map((docId) => {
      const parts = entries.filter((e) => e.docId === docId);
      return [...terms(parts[0]?.title ?? ''), ...parts.flatMap((e) => terms(e.text))];
    }),
  );
  return (query) => {
    const q = terms(query);
    return entries
      .map((e) => ({ label: e.label, own: passageScore(q, e.label), document: documentScore(q, docIds.indexOf(e.docId)) }))
      .filter((s) => s.own > 0)
      .map((s) => ({ label: s.label, score: s.own + s.document }))
      .sort((a, b) => b.score - a.score || a.label - b.label);
  };
}

const QUERIES = [
  'Which defence companies will produce Piorun missiles in Belgium?',
  'training centre in Bydgoszcz for Ukrainian soldiers',
  'joint production of arms and ammunition',
  'What did the parliamentarians agree at the conference?',
  'localise the Ukrainian defence industry in Lithuania',
  'drones drones drones',
];

describe('LexicalIndex scoring', () => {
  const entries = seedEntries();
  const index = LexicalIndex.build(entries);

  it('scores as a plain BM25 over title and text as one field (Anserini flat) plus the document’s: same passages, order and scores', () => {
    const expectedScores = referenceScores(entries);
    for (const query of QUERIES) {
      const expected = expectedScores(query).slice(0, 20);
      const hits = index.query(query, 20);
      expect(hits.length).toBe(expected.length);
      hits.forEach((hit, i) => expect(hit.score).toBeCloseTo(expected[i]?.score ?? NaN, 9));
      // Labels agree wherever the scores are not tied (ties may be ordered differently).
      hits.forEach((hit, i) => {
        const tied = expected.filter((e) => Math.abs(e.score - hit.score) < 1e-9).map((e) => e.label);
        expect(tied).toContain(hit.label);
        if (tied.length === 1) expect(hit.label).toBe(expected[i]?.label);
      });
    }
  });

  it('returns only the best k, best first, and every match when k is larger', () => {
    const all = index.query('defence industry production', 10_000);
    expect(all.length).toBeGreaterThan(20);
    expect(index.query('defence industry production', 7)).toEqual(all.slice(0, 7));
    for (let i = 1; i < all.length; i++) expect((all[i - 1]?.score ?? 0) >= (all[i]?.score ?? 0)).toBe(true);
    expect(index.query('defence', 0)).toEqual([]);
  });

  it('answers after an update exactly as a build of the same passages', () => {
    // Old corpus: every entry; new corpus: the second document removed, the fourth changed, one new passage at the end.
    const docs = [...new Set(entries.map((e) => e.docId))];
    const removedDoc = docs[1] ?? '';
    const changedDoc = docs[3] ?? '';
    const kept = entries.filter((e) => e.docId !== removedDoc && e.docId !== changedDoc);
    const changed = entries.filter((e) => e.docId === changedDoc).map((e) => ({ ...e, text: `${e.text} Extra pontoon bridges were promised.` }));
    const extra = { docId: 'new-doc.txt', title: 'Pontoon Bridges', text: 'Engineers will deliver pontoon bridges and ammunition.' };
    // The new corpus in its order: documents as listed, the changed one in its old place.
    const order = [...kept, ...changed, extra].sort((a, b) => a.docId.localeCompare(b.docId));
    const next: LexicalEntry[] = order.map((e, label) => ({ label, docId: e.docId, title: e.title, text: e.text }));
    const relabel = new Int32Array(entries.length).fill(-1);
    for (const e of kept) relabel[e.label] = next.findIndex((n) => n.docId === e.docId && n.text === e.text);
    const added = next.filter((n) => n.docId === changedDoc || n.docId === 'new-doc.txt');

    const updated = index.update({ relabel, added, replacedDocuments: [removedDoc, changedDoc], passageCount: next.length });
    const rebuilt = LexicalIndex.build(next);
    for (const query of [...QUERIES, 'pontoon bridges ammunition']) expect(updated.query(query, 30)).toEqual(rebuilt.query(query, 30));
    for (const word of ['pontoon', 'defence', 'missile', 'bydgoszcz']) {
      const term = normalizeTerms(word)[0] ?? '';
      expect(updated.frequency(term)).toBe(rebuilt.frequency(term));
      for (const docId of [...docs, 'new-doc.txt']) expect(updated.documentHasTerm(docId, term)).toBe(rebuilt.documentHasTerm(docId, term));
    }
    expect(updated.serialize().length).toBe(rebuilt.serialize().length);
    // The index updated from is unchanged: questions still running on it see the old corpus.
    expect(index.query('pontoon', 5)).toEqual([]);
  });

  it('refuses an update whose numbering leaves a passage out', () => {
    const relabel = new Int32Array(entries.length).map((_, i) => i);
    expect(() => index.update({ relabel, added: [], replacedDocuments: [], passageCount: entries.length + 1 })).toThrow(/labels must be/);
  });
});
