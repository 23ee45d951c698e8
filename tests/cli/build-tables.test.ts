import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { normalizeTerm } from '../../src/retrieval/analyze-terms.js';
import { lexiconFromFile } from '../../src/retrieval/english-frequency.js';
import { personWordsFromFile } from '../../src/retrieval/person-words.js';

/**
 * `npm run build` (scripts/run-compiled.mjs --build) on a copy of the project: the tables it derives beside the
 * compiled modules are written, and are the ones the modules read (README, "Libraries, and why": compromise; the
 * English term table).
 */
const copy = mkdtempSync(path.join(os.tmpdir(), 'accord-build-'));
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('the build', () => {
  it('writes the English term table and the person words beside the compiled modules', () => {
    for (const name of ['src', 'scripts', 'package.json', 'tsconfig.json', 'tsconfig.build.json']) cpSync(path.resolve(name), path.join(copy, name), { recursive: true });
    symlinkSync(path.resolve('node_modules'), path.join(copy, 'node_modules'), 'dir');
    execFileSync(process.execPath, [path.join(copy, 'scripts', 'run-compiled.mjs'), '--build'], { stdio: 'pipe' });

    const retrieval = path.join(copy, 'dist', 'retrieval');
    const people = personWordsFromFile(path.join(retrieval, 'person-words.json'));
    expect(people?.isName('donald')).toBe(true);
    expect(people?.isTitle('minister')).toBe(true);
    expect(people?.isName('belgium')).toBe(false);
    expect(lexiconFromFile(path.join(retrieval, 'english-terms.json'))?.zipf(normalizeTerm('buy')!)).toBeGreaterThan(4);
  }, 180_000);
});
