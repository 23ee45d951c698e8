import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDotEnv, SETTING_NAMES } from '../../src/config.js';
import { AccordError } from '../../src/errors.js';
import { checkEnvFile } from '../../src/env-file.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function loadEnvText(text: string): Promise<AccordError | null> {
  dir = await mkdtemp(path.join(os.tmpdir(), 'accord-env-'));
  await writeFile(path.join(dir, '.env'), text);
  const before = { ...process.env };
  try {
    loadDotEnv(dir);
    return null;
  } catch (e: unknown) {
    if (e instanceof AccordError) return e;
    throw e;
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in before)) delete process.env[key];
    Object.assign(process.env, before);
  }
}

describe('a .env file', () => {
  it('with a stray line is refused, naming the line, instead of swallowing the next setting', async () => {
    const error = await loadEnvText('# settings\nthis is not a setting\nTOP_K=abc\n');
    expect(error?.message).toContain('.env line 2: "this is not a setting" is not a setting (expected NAME=value');
  });

  it('with a misspelt setting is refused, with the likely name', async () => {
    const error = await loadEnvText('top_k=3\nTOPK=4\n');
    expect(error?.message).toContain('.env line 1: top_k is not an Accord setting; did you mean TOP_K?');
    expect(error?.message).toContain('.env line 2: TOPK is not an Accord setting');
  });

  it('never shows a token on a malformed line', async () => {
    const token = `${'M'.repeat(24)}.${'a'.repeat(6)}.${'b'.repeat(27)}`;
    const error = await loadEnvText(`DISCORD_TOKEN ${token}\n`);
    expect(error?.message).toContain('.env line 1');
    expect(error?.message).not.toContain(token);
  });

  it('loads comments, blank lines, export, quotes and multi-line values', async () => {
    expect(await loadEnvText('# a comment\n\nexport TOP_K=3\nCORPUS_DIR="my corpus"\nINDEX_DIR=\'index\'\nEMBEDDING_MODEL="a\nb"\n')).toBeNull();
  });
});

describe('checkEnvFile', () => {
  it('accepts .env.example as it is, so a copy of it is a valid .env', () => {
    expect(checkEnvFile(readFileSync('.env.example', 'utf8'), SETTING_NAMES)).toEqual([]);
  });

  it('finds a quoted value that is never closed', () => {
    expect(checkEnvFile('CORPUS_DIR="corpus\nTOP_K=3\n', SETTING_NAMES)).toEqual(['.env line 1: the quoted value of CORPUS_DIR is never closed (add the closing ")']);
  });
});
