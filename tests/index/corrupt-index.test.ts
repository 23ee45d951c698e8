import { createHash } from 'node:crypto';
import { readFile, rm, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccordServices } from '../../src/app/create-services.js';
import { currentPointer, versionDir } from '../../src/index/index-layout.js';
import { HashingEmbedder } from '../retrieval/hashing-embedder.js';
import { accordErrorOf, answerService, createWorkspace, QUESTIONS, quotedDocs, reindexDone, type Workspace } from './workspace.js';

let workspace: Workspace;
let embedder: HashingEmbedder;
let version: string;

/** A file of the current version. */
const fileOf = (name: string) => path.join(versionDir(workspace.indexDir, version), name);

beforeEach(async () => {
  workspace = await createWorkspace();
  embedder = new HashingEmbedder();
  version = (await reindexDone(workspace.manager(embedder), embedder)).build.version;
});

afterEach(async () => {
  await workspace.dispose();
});

/** Loading fails with an AccordError that names `expected` and tells the user to run npm run index. */
async function expectLoadError(expected: string): Promise<string> {
  const error = await accordErrorOf(() => workspace.manager(embedder).loadCurrent());
  expect(error.describe()).toContain(expected);
  expect(error.describe()).toContain('npm run index');
  return error.message;
}

async function editManifest(edit: (files: Record<string, unknown>) => void): Promise<void> {
  const manifest = JSON.parse(await readFile(fileOf('manifest.json'), 'utf8')) as { files: Record<string, unknown> };
  edit(manifest.files);
  await writeFile(fileOf('manifest.json'), JSON.stringify(manifest));
}

async function flipByte(file: string, at: number): Promise<void> {
  const bytes = await readFile(file);
  bytes[at] = (bytes[at] ?? 0) ^ 0xff;
  await writeFile(file, bytes);
}

describe('loading a damaged index', () => {
  it('names vectors.hnsw when it was truncated', async () => {
    await truncate(fileOf('vectors.hnsw'), 100);
    expect(await expectLoadError(fileOf('vectors.hnsw'))).toContain('corrupt');
  });

  it('names vectors.hnsw when one of its bytes was altered', async () => {
    await flipByte(fileOf('vectors.hnsw'), 200);
    expect(await expectLoadError(fileOf('vectors.hnsw'))).toContain('checksum mismatch');
  });

  it('names vectors.hnsw when it is missing', async () => {
    await rm(fileOf('vectors.hnsw'));
    expect(await expectLoadError(fileOf('vectors.hnsw'))).toContain('missing');
  });

  it('names vectors.hnsw when it passes its checksum but hnswlib cannot read it', async () => {
    await truncate(fileOf('vectors.hnsw'), 100);
    const bytes = await readFile(fileOf('vectors.hnsw'));
    await editManifest((files) => {
      files['vectors.hnsw'] = { bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
    });
    expect(await expectLoadError(fileOf('vectors.hnsw'))).toContain('corrupt');
  });

  it('names vectors.hnsw when the manifest does not list it', async () => {
    await editManifest((files) => {
      delete files['vectors.hnsw'];
    });
    expect(await expectLoadError('vectors.hnsw')).toContain('does not list');
  });

  it('names passages.json when its content was altered, even into other valid JSON', async () => {
    const original = await readFile(fileOf('passages.json'), 'utf8');
    const altered = original.replace('"start":', '"start":1');
    expect(altered).not.toBe(original);
    await writeFile(fileOf('passages.json'), altered);
    expect(await expectLoadError(fileOf('passages.json'))).toContain('corrupt');
  });

  it('names passages.json when it was truncated', async () => {
    await truncate(fileOf('passages.json'), 10);
    await expectLoadError(fileOf('passages.json'));
  });

  it('names manifest.json when it is not valid JSON', async () => {
    await writeFile(fileOf('manifest.json'), '{"formatVersion": 1, "version": ');
    expect(await expectLoadError(fileOf('manifest.json'))).toContain('not valid JSON');
  });

  it('names manifest.json and the bad field when it does not match the schema', async () => {
    const manifest = JSON.parse(await readFile(fileOf('manifest.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(fileOf('manifest.json'), JSON.stringify({ ...manifest, formatVersion: 99, counts: 'many' }));
    const message = await expectLoadError(fileOf('manifest.json'));
    expect(message).toContain('formatVersion');
    expect(message).toContain('counts');
  });

  it('names manifest.json when it is missing', async () => {
    await rm(fileOf('manifest.json'));
    await expectLoadError(fileOf('manifest.json'));
  });

  it('names the version when CURRENT points at a folder that is missing', async () => {
    await rm(versionDir(workspace.indexDir, version), { recursive: true });
    expect(await expectLoadError(version)).toContain('folder is missing');
  });

  it('stops createAccordServices from starting, with the same clear error', async () => {
    await truncate(fileOf('vectors.hnsw'), 100);
    const error = await accordErrorOf(() => createAccordServices(workspace.config, pino({ level: 'silent' })));
    expect(error.describe()).toContain('vectors.hnsw');
    expect(error.describe()).toContain('npm run index');
  });

  it('is repaired by a reindex, which embeds everything afresh instead of reusing damaged vectors', async () => {
    await flipByte(fileOf('passages.json'), 5);
    const manager = workspace.manager(embedder);
    embedder.reset();
    const { build, loaded } = await reindexDone(manager, embedder);
    expect(build.embedded).toBe(build.passages);
    expect(embedder.passageTexts()).toHaveLength(build.passages);
    expect((await readFile(currentPointer(workspace.indexDir), 'utf8')).trim()).toBe(build.version);
    expect((await workspace.manager(embedder).loadCurrent())?.manifest.version).toBe(build.version);
    const answer = await answerService(workspace, loaded, embedder).answer(QUESTIONS.lighthouse);
    expect(quotedDocs(answer)).toEqual(['harbour-lighthouses.txt']);
  });
});
