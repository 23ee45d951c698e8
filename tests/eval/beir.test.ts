import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccordError } from '../../src/errors.js';
import { beirDocumentId, beirFileName, isBeirDir, materializeBeirCorpus, readBeirDataset } from '../../src/eval/beir.js';

let root: string;

const DOCUMENTS = [
  { _id: 'd1', title: 'Vitamin  D\nand bones', text: 'Vitamin D strengthens bones.' },
  { _id: 'pmid/2.v1', title: '', text: 'An untitled abstract.' },
  { _id: 3, title: 'Numeric id', text: 'A document whose id is a number.' },
];

/** Writes a BEIR dataset into `root/name`, its corpus gzipped or not; returns the folder. */
function writeDataset(name: string, gzip: boolean): string {
  const dir = path.join(root, name);
  mkdirSync(path.join(dir, 'qrels'), { recursive: true });
  const corpus = `${DOCUMENTS.map((d) => JSON.stringify(d)).join('\n')}\n`;
  if (gzip) writeFileSync(path.join(dir, 'corpus.jsonl.gz'), gzipSync(corpus));
  else writeFileSync(path.join(dir, 'corpus.jsonl'), corpus);
  writeFileSync(
    path.join(dir, 'queries.jsonl'),
    ['{"_id":"q1","text":"Does vitamin D help bones?"}', '', '{"_id":"q2","text":"A query nobody judged."}', '{"_id":7,"text":"A query with a numeric id."}'].join('\n'),
  );
  writeFileSync(path.join(dir, 'qrels', 'test.tsv'), 'query-id\tcorpus-id\tscore\nq1\td1\t2\nq1\tpmid/2.v1\t0\n7\t3\t1\n');
  return dir;
}

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'accord-beir-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('readBeirDataset', () => {
  it('reads only the queries that have judgments, with their graded qrels', async () => {
    const dir = writeDataset('scifact', false);
    expect(isBeirDir(dir)).toBe(true);
    const dataset = await readBeirDataset(dir);
    expect(dataset.name).toBe('scifact');
    expect(dataset.queries).toEqual([
      { id: 'q1', text: 'Does vitamin D help bones?' },
      { id: '7', text: 'A query with a numeric id.' },
    ]);
    expect(dataset.qrels.get('q1')).toEqual(
      new Map([
        ['d1', 2],
        ['pmid/2.v1', 0],
      ]),
    );
    expect(dataset.qrels.get('7')).toEqual(new Map([['3', 1]]));
    expect(dataset.qrels.has('q2')).toBe(false);
  });

  it('rejects a qrels row that is not query, document and score', async () => {
    const dir = writeDataset('bad-qrels', false);
    writeFileSync(path.join(dir, 'qrels', 'test.tsv'), 'query-id\tcorpus-id\tscore\nq1\td1\n');
    await expect(readBeirDataset(dir)).rejects.toThrow(AccordError);
    await expect(readBeirDataset(dir)).rejects.toThrow('line 2');
  });

  it('rejects a query line that is not JSON, naming the line', async () => {
    const dir = writeDataset('bad-queries', false);
    writeFileSync(path.join(dir, 'queries.jsonl'), '{"_id":"q1","text":"fine"}\n{"_id": "q2",\n');
    await expect(readBeirDataset(dir)).rejects.toThrow('queries.jsonl line 2 is not valid JSON');
  });
});

describe('materializeBeirCorpus', () => {
  for (const gzip of [false, true]) {
    it(`writes one file per document, the title as front matter (${gzip ? 'corpus.jsonl.gz' : 'corpus.jsonl'})`, async () => {
      const dir = writeDataset('scifact', gzip);
      const target = path.join(root, 'materialized');
      expect(await materializeBeirCorpus(dir, target)).toBe(target);
      const files = readdirSync(target).filter((f) => !f.startsWith('.'));
      expect(files.sort()).toEqual([beirFileName('3'), beirFileName('d1'), beirFileName('pmid/2.v1')].sort());
      expect(readFileSync(path.join(target, beirFileName('d1')), 'utf8')).toBe('---\ntitle: Vitamin D and bones\n---\nVitamin D strengthens bones.\n');
      expect(readFileSync(path.join(target, beirFileName('pmid/2.v1')), 'utf8')).toBe('An untitled abstract.\n');
      expect(files.map(beirDocumentId).sort()).toEqual(['3', 'd1', 'pmid/2.v1']);
      // Nothing is left of the folder it was built in.
      expect(readdirSync(root).filter((f) => f.startsWith('materialized.building'))).toEqual([]);
    });
  }

  it('skips the work when the corpus is already there, and redoes it when the source changed', async () => {
    const dir = writeDataset('scifact', false);
    const target = path.join(root, 'materialized');
    await materializeBeirCorpus(dir, target);
    const marker = path.join(target, 'marker.txt');
    writeFileSync(marker, 'left by the test');
    await materializeBeirCorpus(dir, target);
    expect(existsSync(marker)).toBe(true);
    writeFileSync(path.join(dir, 'corpus.jsonl'), `${JSON.stringify({ _id: 'only', title: '', text: 'One document now.' })}\n`);
    await materializeBeirCorpus(dir, target);
    expect(existsSync(marker)).toBe(false);
    expect(readdirSync(target).filter((f) => !f.startsWith('.'))).toEqual([beirFileName('only')]);
  });

  it('fails with an AccordError when the folder has no corpus', async () => {
    const dir = writeDataset('scifact', false);
    rmSync(path.join(dir, 'corpus.jsonl'));
    await expect(materializeBeirCorpus(dir, path.join(root, 'materialized'))).rejects.toThrow(AccordError);
  });
});

describe('beirFileName', () => {
  it('makes ids with / or . file-safe, and beirDocumentId reverses it', () => {
    for (const id of ['pmid/2.v1', '..', 'a.b.c', 'x y%z', '4983', 'ünïcode/…']) {
      const name = beirFileName(id);
      expect(name.endsWith('.txt')).toBe(true);
      expect(name.slice(0, -'.txt'.length)).not.toMatch(/[/\\.]/);
      expect(beirDocumentId(name)).toBe(id);
    }
    expect(beirFileName('d1')).toBe('d1.txt');
  });
});
