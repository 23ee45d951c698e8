import { createHash } from 'node:crypto';
import { readFile, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { versionDir } from '../../src/index/index-layout.js';
import { HashingEmbedder } from '../retrieval/hashing-embedder.js';
import { accordErrorOf, createWorkspace, reindexDone, type Workspace } from './workspace.js';

let workspace: Workspace;
let embedder: HashingEmbedder;
let version: string;

const fileOf = (name: string) => path.join(versionDir(workspace.indexDir, version), name);

beforeEach(async () => {
  workspace = await createWorkspace();
  embedder = new HashingEmbedder();
  version = (await reindexDone(workspace.manager(embedder), embedder)).build.version;
});
afterEach(async () => {
  await workspace.dispose();
});

async function editManifest(edit: (manifest: { counts: Record<string, number>; files: Record<string, { bytes: number; sha256: string }> }) => void): Promise<void> {
  const manifest = JSON.parse(await readFile(fileOf('manifest.json'), 'utf8')) as Parameters<typeof edit>[0];
  edit(manifest);
  await writeFile(fileOf('manifest.json'), JSON.stringify(manifest));
}

/** The index fails to load with the rebuild hint, and the rebuild it asks for then makes a version that loads. */
async function expectRebuildFixesIt(): Promise<void> {
  const error = await accordErrorOf(() => workspace.manager(embedder).loadCurrent());
  expect(error.describe()).toContain('npm run index');
  const result = await workspace.manager(embedder).reindex(embedder);
  expect(result.status).toBe('done');
  expect(await workspace.manager(embedder).loadCurrent()).not.toBeNull();
}

describe('"up to date" means the current version loads and is consistent', () => {
  it('rebuilds when the manifest counts disagree with its files', async () => {
    await editManifest((m) => {
      m.counts['passages'] = (m.counts['passages'] ?? 0) + 1;
    });
    await expectRebuildFixesIt();
  });

  it('rebuilds when vectors.hnsw matches its checksum but does not load', async () => {
    await truncate(fileOf('vectors.hnsw'), 64);
    const bytes = await readFile(fileOf('vectors.hnsw'));
    await editManifest((m) => {
      m.files['vectors.hnsw'] = { bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
    });
    await expectRebuildFixesIt();
  });

  it('still writes nothing when the current version is whole', async () => {
    expect((await workspace.manager(embedder).reindex(embedder)).status).toBe('unchanged');
  });
});
