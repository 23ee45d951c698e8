import { existsSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RACY_WINDOW_MS } from '../../src/index/file-stamp.js';
import { versionDir } from '../../src/index/index-layout.js';
import { VERIFIED_FILE } from '../../src/index/verified-stamps.js';
import { accordErrorOf, createWorkspace, reindexDone, type Workspace } from './workspace.js';

let workspace: Workspace;
let version: string;

const fileOf = (name: string) => path.join(versionDir(workspace.indexDir, version), name);
const settle = () => new Promise((resolve) => setTimeout(resolve, RACY_WINDOW_MS + 100));
const stampOf = async (name: string) => {
  const info = await stat(fileOf(name));
  return [info.size, info.mtimeMs, info.ctimeMs, info.ino];
};

async function flipByte(file: string, at: number): Promise<void> {
  const bytes = await readFile(file);
  bytes[at] = (bytes[at] ?? 0) ^ 0xff;
  await writeFile(file, bytes);
}

beforeEach(async () => {
  workspace = await createWorkspace();
  version = (await reindexDone(workspace.manager(null), null)).build.version;
});
afterEach(async () => {
  await workspace.dispose();
});

describe('the up-to-date check and the index files’ stamps', () => {
  it('records no stamp for files written within the racy window: they are hashed again next time', async () => {
    expect(await workspace.manager(null).upToDate(null)).not.toBeNull();
    expect(existsSync(fileOf(VERIFIED_FILE))).toBe(false);
  });

  it('records each data file’s stat once its bytes matched, then trusts it without rewriting the record', async () => {
    await settle();
    expect(await workspace.manager(null).upToDate(null)).not.toBeNull();
    const recorded = JSON.parse(await readFile(fileOf(VERIFIED_FILE), 'utf8')) as { version: string; files: Record<string, number[]> };
    expect(recorded.version).toBe(version);
    expect(Object.keys(recorded.files).sort()).toEqual(['documents.json', 'lexical.bin', 'passages.json']);
    for (const name of Object.keys(recorded.files)) expect(recorded.files[name]).toEqual(await stampOf(name));
    const before = (await stat(fileOf(VERIFIED_FILE))).mtimeMs;
    expect(await workspace.manager(null).upToDate(null)).not.toBeNull();
    expect((await stat(fileOf(VERIFIED_FILE))).mtimeMs).toBe(before);
  });

  it('still catches an index file edited after its stamp was recorded, and the reindex rebuilds it', async () => {
    await settle();
    expect(await workspace.manager(null).upToDate(null)).not.toBeNull();
    await flipByte(fileOf('passages.json'), 10);
    const manager = workspace.manager(null);
    expect(await manager.upToDate(null)).toBeNull();
    const result = await manager.reindex(null, () => {}, { afterCheck: true });
    expect(result.status).toBe('done');
    expect(await workspace.manager(null).loadCurrent()).not.toBeNull();
  });

  it('trusts a stamp over damage that left the stat alone, until a load finds it: then the check hashes again', async () => {
    await settle();
    expect(await workspace.manager(null).upToDate(null)).not.toBeNull();
    // What a failing disk does: different bytes, the same stat. Simulated by damaging the file, then recording its
    // new stat as if it had been verified.
    await flipByte(fileOf('lexical.bin'), 40);
    const recorded = JSON.parse(await readFile(fileOf(VERIFIED_FILE), 'utf8')) as { files: Record<string, number[]> };
    recorded.files['lexical.bin'] = await stampOf('lexical.bin');
    await writeFile(fileOf(VERIFIED_FILE), JSON.stringify({ version, ...recorded }));
    expect(await workspace.manager(null).upToDate(null)).not.toBeNull(); // the stat is trusted: the file was not read

    // Every load hashes every file: the damage is reported, with the fix, and the stamps are dropped.
    const error = await accordErrorOf(() => workspace.manager(null).loadCurrent());
    expect(error.describe()).toContain(`${fileOf('lexical.bin')} is corrupt`);
    expect(error.describe()).toContain('npm run index');
    expect(existsSync(fileOf(VERIFIED_FILE))).toBe(false);

    // So the `npm run index` the message asks for hashes again, finds the damage and rebuilds.
    const manager = workspace.manager(null);
    expect(await manager.upToDate(null)).toBeNull();
    expect((await manager.reindex(null, () => {}, { afterCheck: true })).status).toBe('done');
    expect(await workspace.manager(null).loadCurrent()).not.toBeNull();
  });

  it('ignores a stamps file that is damaged or names another version, and hashes instead', async () => {
    await settle();
    await writeFile(fileOf(VERIFIED_FILE), '{not json');
    await flipByte(fileOf('documents.json'), 5);
    expect(await workspace.manager(null).upToDate(null)).toBeNull();
    await flipByte(fileOf('documents.json'), 5); // restored, but its stat changed: hashed, found whole
    await writeFile(fileOf(VERIFIED_FILE), JSON.stringify({ version: 'v-other', files: {} }));
    expect(await workspace.manager(null).upToDate(null)).not.toBeNull();
  });
});
