import { existsSync } from 'node:fs';
import { readFile, readdir, symlink, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { currentPointer, versionsDir } from '../../src/index/index-layout.js';
import { VectorIndex } from '../../src/retrieval/vector-index.js';
import { HashingEmbedder } from '../retrieval/hashing-embedder.js';
import { accordErrorOf, createWorkspace, DOCS, reindexDone, type Workspace } from './workspace.js';

let workspace: Workspace;
let embedder: HashingEmbedder;
let current: string;

beforeEach(async () => {
  workspace = await createWorkspace();
  embedder = new HashingEmbedder();
  current = (await reindexDone(workspace.manager(embedder), embedder)).build.version;
  await workspace.writeDoc('beekeeping-pact.txt', DOCS['beekeeping-pact.txt']);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await workspace.dispose();
});

/** The reindex fails with a clear "disk is full" error, and the current version is still current and whole. */
async function expectDiskFullRefusal(what: string): Promise<void> {
  const error = await accordErrorOf(() => workspace.manager(embedder).reindex(embedder));
  expect(error.message).toMatch(new RegExp(`The disk holding .* is full: ${what} could not be written completely \\(.*it needs about [\\d.]+ MB\\)`));
  expect(error.hint).toContain('Free some space');
  expect((await readFile(currentPointer(workspace.indexDir), 'utf8')).trim()).toBe(current);
  expect(await workspace.buildingFolders()).toEqual([]);
  expect((await workspace.manager(embedder).loadCurrent())?.manifest.version).toBe(current);
}

describe('a full disk', () => {
  it('is caught when hnswlib silently writes a truncated graph', async () => {
    const save = VectorIndex.prototype.save;
    // What hnswlib does on a full disk: an unchecked ofstream stops writing and no error is raised.
    vi.spyOn(VectorIndex.prototype, 'save').mockImplementation(async function (this: VectorIndex, file: string) {
      await save.call(this, file);
      const { size } = await import('node:fs/promises').then((fs) => fs.stat(file));
      await truncate(file, size - 10);
    });
    await expectDiskFullRefusal('index version v[\\w-]+');
  });

  it('is reported clearly when the CURRENT pointer cannot be written (ENOSPC)', async () => {
    // /dev/full answers every write with ENOSPC, as a full disk does.
    await symlink('/dev/full', `${currentPointer(workspace.indexDir)}.${process.pid}.tmp`);
    await expectDiskFullRefusal('the CURRENT pointer \\(to switch to version v[\\w-]+\\)');
  });
});

describe('temporary pointer files left by a kill', () => {
  it('are removed like .building folders', async () => {
    await writeFile(`${currentPointer(workspace.indexDir)}.4242.tmp`, 'v-half-written');
    await workspace.manager(embedder).loadCurrent();
    expect((await readdir(workspace.indexDir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(path.join(versionsDir(workspace.indexDir), current))).toBe(true);
  });
});
