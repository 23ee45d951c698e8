import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeTerm } from '../../src/retrieval/analyze-terms.js';
import { englishLexicon, lexiconFromFile, writeTermTable } from '../../src/retrieval/english-frequency.js';
import { ANALYZER_VERSION } from '../../src/retrieval/lexical-index.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'accord-english-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('the English term table the build writes', () => {
  it('gives every term the same frequency as analysing the word list', async () => {
    const file = path.join(tmp, 'english-terms.json');
    writeTermTable(file);
    const fromTable = lexiconFromFile(file);
    expect(fromTable).toBeDefined();
    for (const word of ['buy', 'makers', 'going', 'Belgium', 'defence', 'howitzer', 'zzzqx']) {
      const term = normalizeTerm(word) ?? word;
      expect(fromTable?.zipf(term)).toBe(englishLexicon().zipf(term));
    }
    expect(fromTable?.zipf(normalizeTerm('buy') ?? '')).toBeGreaterThan(4);
    expect(fromTable?.zipf('zzzqx')).toBeUndefined();
  });

  it('is ignored when missing, unreadable or made by another version of the text analysis', async () => {
    expect(lexiconFromFile(path.join(tmp, 'missing.json'))).toBeUndefined();
    const broken = path.join(tmp, 'broken.json');
    await writeFile(broken, '{"analyzerVersion": ');
    expect(lexiconFromFile(broken)).toBeUndefined();
    const file = path.join(tmp, 'english-terms.json');
    const table = JSON.parse(await readFile(file, 'utf8')) as { analyzerVersion: number };
    const other = path.join(tmp, 'other.json');
    await writeFile(other, JSON.stringify({ ...table, analyzerVersion: ANALYZER_VERSION + 1 }));
    expect(lexiconFromFile(other)).toBeUndefined();
  });
});
