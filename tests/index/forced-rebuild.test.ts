import { createHash } from 'node:crypto';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RACY_WINDOW_MS } from '../../src/index/file-stamp.js';
import { FILES, versionDir } from '../../src/index/index-layout.js';
import { BASE_DOCS, createWorkspace, DOCS, reindexDone, type Workspace } from './workspace.js';

/**
 * A forced rebuild (BuildRequest.force) is what a reindex runs when the current version looks up to date but does
 * not load: the user distrusts the index, so no file stamp is trusted and every corpus file is read and hashed again.
 */
let workspace: Workspace;

afterEach(async () => {
  await workspace.dispose();
});

const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');

interface RawManifest {
  fileStamps: Record<string, [number, number, number, number, string]>;
  documents: { docId: string; contentHash: string }[];
}

const manifestFile = (version: string) => path.join(versionDir(workspace.indexDir, version), FILES.manifest);
const readRaw = async (version: string) => JSON.parse(await readFile(manifestFile(version), 'utf8')) as RawManifest;

describe('a forced rebuild', () => {
  it('ignores the file stamps: every corpus file is read and hashed again', async () => {
    workspace = await createWorkspace();
    // Stamps are only taken of files left alone for the racy window.
    await new Promise((resolve) => setTimeout(resolve, RACY_WINDOW_MS + 100));
    const manager = workspace.manager(null);
    const first = await reindexDone(manager, null);
    const version = first.build.version;

    // Stamps that lie: each records a hash that is not its file's, and the manifest's documents agree with them.
    // A scan that trusts a stamp takes its hash without reading the file, so it finds nothing changed.
    const manifest = await readRaw(version);
    expect(Object.keys(manifest.fileStamps).sort()).toEqual([...BASE_DOCS].sort());
    const lie = (docId: string) => sha256(`not the bytes of ${docId}`);
    for (const [docId, stamp] of Object.entries(manifest.fileStamps)) stamp[4] = lie(docId);
    for (const document of manifest.documents) document.contentHash = lie(document.docId);
    await writeFile(manifestFile(version), JSON.stringify(manifest));
    expect(await manager.upToDate(null)).not.toBeNull();

    // The version no longer loads: the reindex finds it "up to date", cannot load it, and rebuilds with force.
    await appendFile(path.join(versionDir(workspace.indexDir, version), FILES.passages), ' ');
    const rebuilt = await reindexDone(manager, null);

    expect(rebuilt.build.version).not.toBe(version);
    // Every file's hash was computed from its bytes, none taken from its stamp.
    expect([...rebuilt.build.changed].sort()).toEqual([...BASE_DOCS].sort());
    const written = await readRaw(rebuilt.build.version);
    for (const docId of BASE_DOCS) {
      expect(written.fileStamps[docId]?.[4], docId).toBe(sha256(DOCS[docId]));
      expect(written.documents.find((d) => d.docId === docId)?.contentHash, docId).toBe(sha256(DOCS[docId]));
    }
    expect(await manager.upToDate(null)).not.toBeNull();
  }, 30_000);
});
