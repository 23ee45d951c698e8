import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scanCorpus } from '../../src/index/read-corpus.js';

let dir: string | undefined;

afterEach(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

const prose = (n: number) => `The harbour council met for the ${n}th time and agreed to restore lighthouse number ${n} before the winter storms.\n`;

describe('scanCorpus', () => {
  it('reports files, their skips and their duplicates in name order, though it reads several at a time', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'accord-scan-'));
    // 30 documents (more than are read at once); every fifth repeats the one before it; two cannot be used.
    for (let i = 0; i < 30; i++) await writeFile(path.join(dir, `doc-${String(i).padStart(2, '0')}.txt`), prose(i % 5 === 4 ? i - 1 : i));
    await writeFile(path.join(dir, 'doc-07b.txt'), '');
    await writeFile(path.join(dir, 'doc-21b.rtf'), 'not a supported type');
    const scan = await scanCorpus(dir, 100_000, { extractedDir: path.join(dir, '..', `${path.basename(dir)}-extracted`) });
    const expectedFiles = Array.from({ length: 30 }, (_, i) => i).filter((i) => i % 5 !== 4).map((i) => `doc-${String(i).padStart(2, '0')}.txt`);
    expect(scan.files.map((f) => f.docId)).toEqual(expectedFiles);
    expect(scan.skipped.map((s) => s.path)).toEqual(['doc-04.txt', 'doc-07b.txt', 'doc-09.txt', 'doc-14.txt', 'doc-19.txt', 'doc-21b.rtf', 'doc-24.txt', 'doc-29.txt']);
    expect(scan.skipped[0]?.reason).toBe('same content as doc-03.txt: duplicate skipped');
    await rm(path.join(dir, '..', `${path.basename(dir)}-extracted`), { recursive: true, force: true });
  });
});
