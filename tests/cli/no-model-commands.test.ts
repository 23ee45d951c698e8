import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { indexSettings, retrieverSettings, smokeCheck } from '../../src/app/create-services.js';
import type { CliContext } from '../../src/cli/context.js';
import { runIndexCommand } from '../../src/cli/index-command.js';
import { runSourcesCommand } from '../../src/cli/sources-command.js';
import { IndexManager } from '../../src/index/index-manager.js';
import { HashingEmbedder } from '../retrieval/hashing-embedder.js';
import { createWorkspace, DOCS, type Workspace } from '../index/workspace.js';

let workspace: Workspace;
let emptyModels: string;
let printed: string[];

beforeEach(async () => {
  workspace = await createWorkspace();
  emptyModels = await mkdtemp(path.join(os.tmpdir(), 'accord-no-models-'));
  printed = [];
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => void printed.push(String(line)));
  vi.spyOn(console, 'error').mockImplementation(() => {});
});

afterEach(async () => {
  vi.restoreAllMocks();
  await workspace.dispose();
  await rm(emptyModels, { recursive: true, force: true });
});

/**
 * A CLI context in hybrid mode whose model cannot be loaded (an empty models folder, no downloads) and whose
 * services may not be started: a command that reaches for the model shows it in its output or throws.
 */
function contextWithoutModel(): CliContext {
  const config = { ...workspace.config, embedding: { ...workspace.config.embedding, mode: 'auto' as const, modelsDir: emptyModels, allowRemote: false } };
  return {
    config,
    logger: pino({ level: 'silent' }),
    services: () => Promise.reject(new Error('this command must not start the services (model included)')),
  };
}

/** Builds a hybrid index with the fake model of the same id, as `npm run index` would have. */
async function buildHybrid(): Promise<string> {
  const embedder = new HashingEmbedder();
  const { config } = workspace;
  const manager = new IndexManager(indexSettings(config), smokeCheck(embedder, retrieverSettings(config)));
  const result = await manager.reindex(embedder);
  if (result.status !== 'done') throw new Error(`expected a build, got ${result.status}`);
  return result.build.version;
}

describe('commands that need no model', () => {
  it('a no-change index run says up to date from the manifest and file hashes, without loading the model', async () => {
    const version = await buildHybrid();
    expect(await runIndexCommand(contextWithoutModel(), { json: true })).toBe(0);
    // Had it loaded the model, the load would have failed and it would have built a lexical-only version.
    expect(JSON.parse(printed.at(-1) ?? '{}')).toMatchObject({ upToDate: true, version, mode: 'hybrid', embedded: 0 });
  });

  it('a changed corpus is not taken for up to date', async () => {
    await buildHybrid();
    await workspace.writeDoc('beekeeping-pact.txt', DOCS['beekeeping-pact.txt']);
    expect(await runIndexCommand(contextWithoutModel(), { json: true })).toBe(0);
    // Here the model is needed, cannot load, and the build says so by being lexical.
    expect(JSON.parse(printed.at(-1) ?? '{}')).toMatchObject({ upToDate: false, mode: 'lexical', added: ['beekeeping-pact.txt'] });
  });

  it('sources lists the documents of the current index without starting the services', async () => {
    await buildHybrid();
    expect(await runSourcesCommand(contextWithoutModel(), { json: true })).toBe(0);
    expect(printed.map((line) => (JSON.parse(line) as { docId: string }).docId).sort()).toEqual(['harbour-lighthouses.txt', 'mountain-railway.md', 'orchard-cooperative.txt']);
  });

  it('rollback returns to the previous version without the model', async () => {
    const first = await buildHybrid();
    await workspace.writeDoc('beekeeping-pact.txt', DOCS['beekeeping-pact.txt']);
    await buildHybrid();
    expect(await runIndexCommand(contextWithoutModel(), { rollback: true })).toBe(0);
    expect(printed.at(-1)).toContain(`index version ${first} `);
  });

  it('an index from before the flat BM25 layout is rebuilt, not taken for up to date', async () => {
    const version = await buildHybrid();
    const manifestFile = path.join(workspace.indexDir, 'versions', version, 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as Record<string, unknown>;
    delete manifest.lexicalLayout;
    await writeFile(manifestFile, JSON.stringify(manifest));
    expect(await runIndexCommand(contextWithoutModel(), { json: true })).toBe(0);
    expect(JSON.parse(printed.at(-1) ?? '{}')).toMatchObject({ upToDate: false, lexicalMode: 'built' });
  });
});
