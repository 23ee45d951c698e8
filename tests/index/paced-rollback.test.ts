import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAccordServices } from '../../src/app/create-services.js';
import { currentPointer, FILES, versionDir } from '../../src/index/index-layout.js';
import { IndexManager } from '../../src/index/index-manager.js';
import { loadVersion } from '../../src/index/index-store.js';
import { HashingEmbedder } from '../retrieval/hashing-embedder.js';
import { accordErrorOf, createWorkspace, QUESTIONS, quotedDocs, reindexDone, type Workspace } from './workspace.js';

/**
 * `/reindex rollback` in the running bot loads the version it returns to in paced steps (adopt-version.ts), as the
 * bot loads a version its reindex process built, instead of parsing it all in one go on the bot's thread.
 */
let workspace: Workspace;

beforeEach(async () => {
  workspace = await createWorkspace();
});

afterEach(async () => {
  vi.restoreAllMocks();
  await workspace.dispose();
});

const current = async () => (await readFile(currentPointer(workspace.indexDir), 'utf8')).trim();

/** Two versions with vectors: the first with every document, the second without the orchard. */
async function twoVersions() {
  const embedder = new HashingEmbedder();
  const manager = workspace.manager(embedder);
  const first = await reindexDone(manager, embedder);
  await workspace.removeDoc('orchard-cooperative.txt');
  const second = await reindexDone(manager, embedder);
  return { embedder, manager, first: first.build.version, second: second.build.version };
}

describe('a paced rollback', () => {
  it('pauses while it loads, and gives the snapshot a load in one go gives', async () => {
    const { embedder, manager, first } = await twoVersions();
    const whole = await loadVersion(workspace.indexDir, first, 64);
    let pauses = 0;
    const restored = await manager.rollback(async () => void pauses++);

    expect(pauses).toBeGreaterThan(0);
    expect(restored.manifest.version).toBe(first);
    expect(await current()).toBe(first);
    const { snapshot } = whole;
    expect(restored.snapshot.passages).toEqual(snapshot.passages);
    expect(restored.snapshot.documents).toEqual(snapshot.documents);
    expect([...restored.snapshot.texts]).toEqual([...snapshot.texts]);
    expect(restored.snapshot.lexical.query('orchard crates apples', 5)).toEqual(snapshot.lexical.query('orchard crates apples', 5));
    const [probe] = await embedder.embed(['each farm gives crates of apples']);
    if (!probe) throw new Error('no vector');
    expect(restored.snapshot.vectors?.search(probe, 5)).toEqual(snapshot.vectors?.search(probe, 5));
  });

  it('refuses a damaged earlier version and leaves the current one current', async () => {
    const { manager, first, second } = await twoVersions();
    const file = path.join(versionDir(workspace.indexDir, first), FILES.passages);
    await appendFile(file, ' ');
    const error = await accordErrorOf(() => manager.rollback(async () => {}));
    expect(error.message).toContain(`The index file ${file} is corrupt`);
    expect(error.hint).toContain('npm run index');
    expect(await current()).toBe(second);
  });

  it('is what the services’ /reindex rollback uses, and the version it returns to is served', async () => {
    const rollback = vi.spyOn(IndexManager.prototype, 'rollback');
    const services = await createAccordServices(workspace.config, pino({ level: 'silent' }));
    try {
      const first = services.answers.status().version;
      await workspace.removeDoc('orchard-cooperative.txt');
      expect(await services.moderation.reindex(() => {})).toMatchObject({ status: 'done', summary: { removed: ['orchard-cooperative.txt'] } });

      expect(await services.moderation.rollback()).toEqual({ version: first });
      expect(rollback).toHaveBeenCalledTimes(1);
      expect(rollback.mock.calls[0]?.[0]).toBeTypeOf('function');
      expect(services.answers.status().version).toBe(first);
      expect(quotedDocs(await services.answers.answer(QUESTIONS.orchard))).toEqual(['orchard-cooperative.txt']);
    } finally {
      await services.close();
    }
  });
});
