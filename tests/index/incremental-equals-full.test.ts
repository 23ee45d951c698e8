import { cp, mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LoadedVersion } from '../../src/index/index-store.js';
import type { Answer } from '../../src/retrieval/types.js';
import { HashingEmbedder } from '../retrieval/hashing-embedder.js';
import { answerService, createWorkspace, DOCS, QUESTIONS, reindexDone, type Workspace } from './workspace.js';

/**
 * Filler documents, each on its own made-up subject, so that one changed document is a small share of the
 * corpus (as in real use) and the graph is updated rather than rebuilt.
 */
const SUBJECTS = ['ferry', 'glacier', 'vineyard', 'observatory', 'tannery', 'canal', 'quarry', 'monastery', 'saltworks', 'windmill', 'brewery', 'foundry'];
function fillerDoc(subject: string, variant = 0): string {
  return [
    `The ${subject} council signed a charter with the guild of ${subject} workers in the spring of year ${2000 + variant}.`,
    `Under the charter, every ${subject} apprentice will train for ${3 + variant} years before taking the oath.`,
    '',
    `The guild agreed to inspect each ${subject} twice a year and to publish its findings in the town hall.`,
    `Critics of the ${subject} charter said the inspection fees would fall on the smallest workshops.`,
    '',
  ].join('\n');
}

const ASKED = [
  ...Object.values(QUESTIONS),
  'How long will a canal apprentice train?',
  'Who inspects the windmill and how often?',
  'What did critics of the foundry charter say about fees?',
  'pontoon bridges across the river',
];

let live: Workspace;
let fresh: Workspace;

beforeEach(async () => {
  live = await createWorkspace(['harbour-lighthouses.txt', 'orchard-cooperative.txt', 'mountain-railway.md'], { HNSW_EF_SEARCH: '500' });
  for (const subject of SUBJECTS) await live.writeDoc(`${subject}.txt`, fillerDoc(subject));
  fresh = await createWorkspace([], { HNSW_EF_SEARCH: '500' });
});

afterEach(async () => {
  await live.dispose();
  await fresh.dispose();
});

/** What a question returns, in order, with every score: what "answers the same" means. */
function ranking(answer: Answer) {
  return answer.passages.map((p) => ({ chunkId: p.passage.chunkId, text: p.passage.text, score: p.score, similarity: p.similarity, lexicalScore: p.lexicalScore }));
}

async function expectSameAnswers(updated: LoadedVersion, rebuilt: LoadedVersion, embedder: HashingEmbedder): Promise<void> {
  expect(updated.snapshot.passages.map((p) => p.chunkId)).toEqual(rebuilt.snapshot.passages.map((p) => p.chunkId));
  expect(updated.snapshot.documents).toEqual(rebuilt.snapshot.documents);
  const a = answerService(live, updated, embedder);
  const b = answerService(fresh, rebuilt, embedder);
  for (const question of ASKED) {
    const got = ranking(await a.answer(question, { topK: 20 }));
    const want = ranking(await b.answer(question, { topK: 20 }));
    expect(got.map((r) => r.chunkId), question).toEqual(want.map((r) => r.chunkId));
    got.forEach((r, i) => {
      const w = want[i];
      expect(r.text).toBe(w?.text);
      expect(r.score).toBeCloseTo(w?.score ?? NaN, 9);
      expect(r.similarity ?? 0).toBeCloseTo(w?.similarity ?? 0, 5);
      expect(r.lexicalScore ?? 0).toBeCloseTo(w?.lexicalScore ?? 0, 9);
    });
  }
}

/** A full build of exactly the corpus `live` has now, in a fresh index folder. */
async function rebuildFromScratch(embedder: HashingEmbedder): Promise<LoadedVersion> {
  await rm(fresh.corpusDir, { recursive: true, force: true });
  await rm(fresh.indexDir, { recursive: true, force: true });
  await mkdir(path.dirname(fresh.corpusDir), { recursive: true });
  await cp(live.corpusDir, fresh.corpusDir, { recursive: true });
  const result = await reindexDone(fresh.manager(embedder), embedder);
  expect(result.build).toMatchObject({ lexicalMode: 'built', graphMode: 'built' });
  return result.loaded;
}

describe('an incrementally updated index', () => {
  it('answers exactly as a full rebuild of the same corpus after adds, edits and removals', async () => {
    const embedder = new HashingEmbedder();
    const manager = live.manager(embedder);
    await reindexDone(manager, embedder);
    const steps: [string, () => Promise<void>][] = [
      ['add a document', () => live.writeDoc('beekeeping-pact.txt', DOCS['beekeeping-pact.txt'])],
      ['edit a document', () => live.writeDoc('orchard-cooperative.txt', `${DOCS['orchard-cooperative.txt']}\nThe cooperative will also build pontoon bridges across the river to reach the far orchards.\n`)],
      ['remove a document', () => live.removeDoc('mountain-railway.md')],
      ['edit two, add one', async () => {
        await live.writeDoc('canal.txt', fillerDoc('canal', 4));
        await live.writeDoc('windmill.txt', fillerDoc('windmill', 2));
        await live.writeDoc('salt-marsh.txt', fillerDoc('salt marsh'));
      }],
      ['remove two', async () => {
        await live.removeDoc('quarry.txt');
        await live.removeDoc('tannery.txt');
      }],
    ];
    const graphModes: string[] = [];
    for (const [step, change] of steps) {
      await change();
      const { build, loaded } = await reindexDone(manager, embedder);
      expect(build.lexicalMode, step).toBe('updated');
      expect(build.processed, step).toBe(build.added.length + build.changed.length);
      graphModes.push(build.graphMode);
      await expectSameAnswers(loaded, await rebuildFromScratch(embedder), embedder);
      // And after a restart, from what was written.
      const reloaded = await live.manager(embedder).loadCurrent();
      if (!reloaded) throw new Error('no current version after a reindex');
      await expectSameAnswers(reloaded, await rebuildFromScratch(embedder), embedder);
    }
    // The graph is updated in place while few points are deleted, and rebuilt once too many are.
    expect(graphModes).toContain('updated');
    expect(graphModes).toContain('compacted');
  });

  it('processes and embeds only the changed document, and marks its old passages deleted in the graph', async () => {
    const embedder = new HashingEmbedder();
    const manager = live.manager(embedder);
    const first = await reindexDone(manager, embedder);
    embedder.reset();
    await live.writeDoc('harbour-lighthouses.txt', `${DOCS['harbour-lighthouses.txt']}\nA second harbour will get its own lighthouse keepers next year.\n`);
    const second = await reindexDone(manager, embedder);
    expect(second.build).toMatchObject({ processed: 1, changed: ['harbour-lighthouses.txt'], lexicalMode: 'updated', graphMode: 'updated' });
    expect(second.build.embedded).toBeLessThan(second.build.passages / 4);
    const passages = JSON.parse(await readFile(path.join(live.indexDir, 'versions', second.build.version, 'passages.json'), 'utf8')) as { docId: string; vectorLabel?: number }[];
    const harbour = passages.filter((p) => p.docId === 'harbour-lighthouses.txt');
    // The changed document's passages are new points after every old one; the rest kept theirs.
    expect(harbour.every((p) => (p.vectorLabel ?? -1) >= first.build.passages)).toBe(true);
    expect(passages.filter((p) => p.docId !== 'harbour-lighthouses.txt').every((p) => (p.vectorLabel ?? -1) < first.build.passages)).toBe(true);
    expect(second.loaded.snapshot.vectors?.size).toBe(second.build.passages);
  });

  it('updates a lexical-only index the same way', async () => {
    const manager = live.manager(null);
    await reindexDone(manager, null);
    await live.writeDoc('ferry.txt', fillerDoc('ferry', 7));
    await live.removeDoc('glacier.txt');
    const { build, loaded } = await reindexDone(manager, null);
    expect(build).toMatchObject({ processed: 1, lexicalMode: 'updated', graphMode: 'none' });
    await rm(fresh.corpusDir, { recursive: true, force: true });
    await cp(live.corpusDir, fresh.corpusDir, { recursive: true });
    const rebuilt = await reindexDone(fresh.manager(null), null);
    for (const question of ASKED) {
      expect(ranking(await answerService(live, loaded, null).answer(question, { topK: 20 }))).toEqual(ranking(await answerService(fresh, rebuilt.loaded, null).answer(question, { topK: 20 })));
    }
  });
});
