import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readVerifiedPaced } from '../../src/index/read-verified-paced.js';
import { VERIFIED_FILE } from '../../src/index/verified-stamps.js';

let dir: string | undefined;

afterEach(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('readVerifiedPaced', () => {
  it('returns a file whose size and checksum match, and keeps the stamps', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'accord-paced-'));
    await writeFile(path.join(dir, 'passages.json'), '[1,2,3]');
    await writeFile(path.join(dir, VERIFIED_FILE), '{}');
    const bytes = await readVerifiedPaced(dir, { 'passages.json': { bytes: 7, sha256: sha256('[1,2,3]') } }, 'passages.json');
    expect(bytes.toString()).toBe('[1,2,3]');
    expect(existsSync(path.join(dir, VERIFIED_FILE))).toBe(true);
  });

  it('drops the version’s verified stamps when a file is damaged or missing, so the next check hashes again', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'accord-paced-'));
    await writeFile(path.join(dir, 'passages.json'), '[1,2,4]');
    await writeFile(path.join(dir, VERIFIED_FILE), '{}');
    const files = { 'passages.json': { bytes: 7, sha256: sha256('[1,2,3]') }, 'documents.json': { bytes: 2, sha256: sha256('[]') } };
    await expect(readVerifiedPaced(dir, files, 'passages.json')).rejects.toThrow(/corrupt: 7 bytes, checksum mismatch/);
    expect(existsSync(path.join(dir, VERIFIED_FILE))).toBe(false);
    await writeFile(path.join(dir, VERIFIED_FILE), '{}');
    await expect(readVerifiedPaced(dir, files, 'documents.json')).rejects.toThrow(/missing or unreadable/);
    expect(existsSync(path.join(dir, VERIFIED_FILE))).toBe(false);
  });
});
