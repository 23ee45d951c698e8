import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { personWords, personWordsFromFile, writePersonTable } from '../../src/retrieval/person-words.js';

describe('person words', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'accord-person-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('knows first names and titles from compromise’s lexicon, not everyday words', () => {
    const words = personWords();
    expect(words.isName('donald')).toBe(true);
    expect(words.isName('theo')).toBe(true);
    expect(words.isTitle('minister')).toBe(true);
    expect(words.isTitle('mr')).toBe(true);
    expect(words.isName('belgium')).toBe(false);
    expect(words.isTitle('factory')).toBe(false);
  });

  it('reads the table the build writes, and gives the same answers as the lexicon', () => {
    const file = path.join(tmp(), 'person-words.json');
    writePersonTable(file);
    const fromFile = personWordsFromFile(file)!;
    for (const word of ['donald', 'jens', 'president', 'honorific', 'poland', 'drone']) {
      expect(fromFile.isName(word)).toBe(personWords().isName(word));
      expect(fromFile.isTitle(word)).toBe(personWords().isTitle(word));
    }
  });

  it('ignores a missing, damaged or other-version table (the caller then reads the lexicon)', () => {
    const dir = tmp();
    expect(personWordsFromFile(path.join(dir, 'none.json'))).toBeUndefined();
    writeFileSync(path.join(dir, 'bad.json'), '{"compromiseVersion":');
    expect(personWordsFromFile(path.join(dir, 'bad.json'))).toBeUndefined();
    writeFileSync(path.join(dir, 'old.json'), JSON.stringify({ compromiseVersion: '0.0.1', names: ['x'], titles: [] }));
    expect(personWordsFromFile(path.join(dir, 'old.json'))).toBeUndefined();
  });
});
