import { createHash } from 'node:crypto';
import { readFile, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashFromStamp, RACY_WINDOW_MS, stampOf } from '../../src/index/file-stamp.js';
import { versionDir } from '../../src/index/index-layout.js';
import { BASE_DOCS, createWorkspace, DOCS, reindexDone, type Workspace } from './workspace.js';

let workspace: Workspace;

// A file's change time cannot be set back, so the corpus is written once and left alone for the racy window:
// the tests below then run in order on it, as a reindex would long after the corpus was edited.
beforeAll(async () => {
  workspace = await createWorkspace();
  // Whole seconds, so that a test can set this modification time back exactly.
  const wholeSecondsAgo = Math.floor(Date.now() / 1000) - 3600;
  await utimes(path.join(workspace.corpusDir, 'orchard-cooperative.txt'), wholeSecondsAgo, wholeSecondsAgo);
  await new Promise((resolve) => setTimeout(resolve, RACY_WINDOW_MS + 100));
});

afterAll(async () => {
  await workspace.dispose();
});

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');
const hourAgo = () => new Date(Date.now() - 3_600_000);

async function manifestOf(version: string): Promise<{ fileStamps: Record<string, [number, number, number, number, string]> } & Record<string, unknown>> {
  return JSON.parse(await readFile(path.join(versionDir(workspace.indexDir, version), 'manifest.json'), 'utf8')) as never;
}

describe('file stamps', () => {
  it('are only taken of files that did not change within the racy window', async () => {
    const file = path.join(workspace.corpusDir, 'harbour-lighthouses.txt');
    const info = await stat(file);
    const changed = Math.max(info.mtimeMs, info.ctimeMs);
    expect(stampOf(info, 'a'.repeat(64), changed + RACY_WINDOW_MS - 1)).toBeNull();
    expect(stampOf(info, 'a'.repeat(64), changed + RACY_WINDOW_MS)).toEqual([info.size, info.mtimeMs, info.ctimeMs, info.ino, 'a'.repeat(64)]);
  });

  it('give their hash only while size, times and inode are unchanged', async () => {
    const file = path.join(workspace.root, 'outside-the-corpus.txt');
    await writeFile(file, 'some text');
    const info = await stat(file);
    const stamp = stampOf(info, 'b'.repeat(64), Date.now() + RACY_WINDOW_MS);
    expect(stamp).not.toBeNull();
    if (stamp === null) return;
    expect(hashFromStamp(stamp, info)).toBe('b'.repeat(64));
    expect(hashFromStamp(undefined, info)).toBeNull();
    await utimes(file, hourAgo(), hourAgo());
    expect(hashFromStamp(stamp, await stat(file))).toBeNull();
  });

  it('are recorded for every document read long enough after its last change, with the hash of its bytes', async () => {
    const { build } = await reindexDone(workspace.manager(null), null);
    const { fileStamps } = await manifestOf(build.version);
    expect(Object.keys(fileStamps).sort()).toEqual([...BASE_DOCS].sort());
    for (const name of BASE_DOCS) expect(fileStamps[name]?.[4]).toBe(sha256(DOCS[name]));
  });

  it('spare reading a file whose stamp matches: the up-to-date check trusts the stamped hash', async () => {
    const manager = workspace.manager(null);
    const fresh = await manager.upToDate(null);
    expect(fresh).not.toBeNull();
    // A stamp whose hash disagrees with the file's real bytes: were the file read, the check would still pass.
    const original = await readFile(path.join(versionDir(workspace.indexDir, fresh?.version ?? ''), 'manifest.json'), 'utf8');
    const manifest = JSON.parse(original) as Awaited<ReturnType<typeof manifestOf>>;
    const stamp = manifest.fileStamps['harbour-lighthouses.txt'];
    if (stamp) stamp[4] = 'c'.repeat(64);
    await writeFile(path.join(versionDir(workspace.indexDir, fresh?.version ?? ''), 'manifest.json'), JSON.stringify(manifest));
    expect(await manager.upToDate(null)).toBeNull();
    await writeFile(path.join(versionDir(workspace.indexDir, fresh?.version ?? ''), 'manifest.json'), original);
    expect(await manager.upToDate(null)).not.toBeNull();
  });

  it('do not hide an edit of the same size whose modification time was set back', async () => {
    const manager = workspace.manager(null);
    const name = 'orchard-cooperative.txt';
    const file = path.join(workspace.corpusDir, name);
    const before = await stat(file);
    const edited = DOCS[name].replace('twelve crates', 'eleven crates');
    expect(Buffer.byteLength(edited)).toBe(before.size);
    await writeFile(file, edited);
    await utimes(file, before.atimeMs / 1000, before.mtimeMs / 1000);
    expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);

    expect(await manager.upToDate(null)).toBeNull();
    const { build, loaded } = await reindexDone(manager, null);
    expect(build.changed).toEqual([name]);
    expect(loaded.snapshot.texts.get(name)).toContain('eleven crates');
  });

  it('are not recorded for a file written just before the reindex, which the next scan reads again', async () => {
    await writeFile(path.join(workspace.corpusDir, 'orchard-cooperative.txt'), `${DOCS['orchard-cooperative.txt']}\nA new closing line.\n`);
    const { build } = await reindexDone(workspace.manager(null), null);
    const { fileStamps } = await manifestOf(build.version);
    expect(Object.keys(fileStamps).sort()).toEqual(['harbour-lighthouses.txt', 'mountain-railway.md']);
  });
});
