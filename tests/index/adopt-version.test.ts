import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adoptableOf, adoptVersion } from '../../src/index/adopt-version.js';
import { FILES, versionDir } from '../../src/index/index-layout.js';
import { loadVersion } from '../../src/index/index-store.js';
import { HashingEmbedder } from '../retrieval/hashing-embedder.js';
import { accordErrorOf, createWorkspace, DOCS, reindexDone, type Workspace } from './workspace.js';

describe('adopting a version another process built', () => {
  let workspace: Workspace;
  beforeEach(async () => {
    workspace = await createWorkspace();
  });
  afterEach(async () => {
    await workspace.dispose();
  });

  it('gives the snapshot loadVersion gives', async () => {
    const embedder = new HashingEmbedder();
    const manager = workspace.manager(embedder);
    await reindexDone(manager, embedder);
    await workspace.writeDoc('beekeeping-pact.txt', DOCS['beekeeping-pact.txt']);
    // An updated graph: passages carry graph labels, which the adopted snapshot must map the same way.
    const { build } = await reindexDone(manager, embedder);
    expect(build.graphMode).toBe('updated');
    const loaded = await loadVersion(workspace.indexDir, build.version, 64);
    expect(loaded.storedPassages.some((p) => p.vectorLabel !== undefined)).toBe(true);
    let pauses = 0;
    const adopted = await adoptVersion(workspace.indexDir, adoptableOf(loaded.manifest), 64, async () => void pauses++);
    const { snapshot } = loaded;
    expect(adopted.passages).toEqual(snapshot.passages);
    expect(adopted.documents).toEqual(snapshot.documents);
    expect([...adopted.texts]).toEqual([...snapshot.texts]);
    expect([adopted.version, adopted.builtAt, adopted.modelId]).toEqual([snapshot.version, snapshot.builtAt, snapshot.modelId]);
    expect(adopted.lexical.query('beekeepers varroa mite', 5)).toEqual(snapshot.lexical.query('beekeepers varroa mite', 5));
    const [probe] = await embedder.embed(['veterinary inspector visits every apiary']);
    if (!probe) throw new Error('no vector');
    expect(adopted.vectors?.search(probe, 5)).toEqual(snapshot.vectors?.search(probe, 5));
    expect(pauses).toBeGreaterThan(0);
  });

  it('refuses a file changed since the check, saying which and how to fix it', async () => {
    const manager = workspace.manager(null);
    const { build } = await reindexDone(manager, null);
    const loaded = await loadVersion(workspace.indexDir, build.version, 64);
    const file = path.join(versionDir(workspace.indexDir, build.version), FILES.passages);
    await writeFile(file, (await readFile(file, 'utf8')).replace('"start":0', '"start":1'));
    const error = await accordErrorOf(() => adoptVersion(workspace.indexDir, adoptableOf(loaded.manifest), 64, async () => {}));
    expect(error.message).toContain(`The index file ${file} is corrupt`);
    expect(error.hint).toContain('npm run index');
  });
});
