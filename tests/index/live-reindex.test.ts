import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccordServices } from '../../src/app/create-services.js';
import { currentPointer, versionDir } from '../../src/index/index-layout.js';
import type { BuildProgress } from '../../src/index/build-index.js';
import { HashingEmbedder } from '../retrieval/hashing-embedder.js';
import {
  accordErrorOf,
  answerService,
  createGate,
  createWorkspace,
  DOCS,
  QUESTIONS,
  quotedDocs,
  reindexDone,
  type Workspace,
} from './workspace.js';

let workspace: Workspace;

beforeEach(async () => {
  workspace = await createWorkspace();
});

afterEach(async () => {
  await workspace.dispose();
});

const currentVersion = async () => (await readFile(currentPointer(workspace.indexDir), 'utf8')).trim();
const docsOf = (answer: { readonly passages: readonly { readonly passage: { readonly docId: string } }[] }) =>
  new Set(answer.passages.map((p) => p.passage.docId));

describe('answering while a reindex runs', () => {
  it('answers from the old index until the new one is served, then from the new one', async () => {
    // Questions use their own embedder (same model) so only the build waits at the gate.
    const questions = new HashingEmbedder();
    const first = await reindexDone(workspace.manager(questions), questions);
    const service = answerService(workspace, first.loaded, questions);

    await workspace.removeDoc('mountain-railway.md');
    await workspace.writeDoc('beekeeping-pact.txt', DOCS['beekeeping-pact.txt']);
    const gate = createGate();
    const slow = new HashingEmbedder({ beforeEmbed: () => gate.wait() });
    const manager = workspace.manager(slow);
    const running = manager.reindex(slow);
    await gate.reached;

    const during = await Promise.all([service.answer(QUESTIONS.railway), service.answer(QUESTIONS.beekeeping)]);
    expect(quotedDocs(during[0])).toEqual(['mountain-railway.md']);
    expect(docsOf(during[1]).has('beekeeping-pact.txt')).toBe(false);
    expect(service.status().version).toBe(first.build.version);
    expect(await currentVersion()).toBe(first.build.version);

    gate.open();
    const result = await running;
    if (result.status !== 'done') throw new Error('the reindex did not finish');
    service.serve(result.loaded.snapshot);

    const [railway, beekeeping] = await Promise.all([service.answer(QUESTIONS.railway), service.answer(QUESTIONS.beekeeping)]);
    expect(docsOf(railway).has('mountain-railway.md')).toBe(false);
    expect(quotedDocs(beekeeping)).toEqual(['beekeeping-pact.txt']);
    expect(beekeeping.quotes[0]?.text).toContain('twice a year');
    expect(service.status().version).toBe(result.build.version);
    expect(await currentVersion()).toBe(result.build.version);
  });

  it('tells a second reindex that one is already running, with its progress', async () => {
    const gate = createGate();
    const slow = new HashingEmbedder({ beforeEmbed: () => gate.wait() });
    const manager = workspace.manager(slow);
    const reported: BuildProgress[] = [];
    const running = manager.reindex(slow, (p) => reported.push(p));
    await gate.reached;

    const second = await manager.reindex(slow);
    expect(second.status).toBe('busy');
    if (second.status !== 'busy') return;
    expect(second.progress).toMatchObject({ phase: 'embedding', documentsRead: 3, documentsTotal: 3, passagesEmbedded: 0 });
    expect(second.progress.passagesTotal).toBeGreaterThan(3);
    expect(manager.running).toEqual(second.progress);

    gate.open();
    const first = await running;
    expect(first.status).toBe('done');
    expect(manager.running).toBeNull();
    expect(reported.map((p) => p.phase)).toEqual(expect.arrayContaining(['reading', 'embedding', 'writing', 'checking']));
    expect(reported.at(-1)?.phase).toBe('checking');
    // Once it has finished, the next reindex runs (and finds nothing to do).
    expect((await manager.reindex(slow)).status).toBe('unchanged');
  });
});

describe('rolling back', () => {
  it('returns to the previous version and its answers', async () => {
    const embedder = new HashingEmbedder();
    const manager = workspace.manager(embedder);
    const first = await reindexDone(manager, embedder);
    await workspace.removeDoc('orchard-cooperative.txt');
    const second = await reindexDone(manager, embedder);
    const service = answerService(workspace, second.loaded, embedder);
    expect(docsOf(await service.answer(QUESTIONS.orchard)).has('orchard-cooperative.txt')).toBe(false);

    const restored = await manager.rollback();
    expect(restored.manifest.version).toBe(first.build.version);
    expect(await currentVersion()).toBe(first.build.version);
    service.serve(restored.snapshot);
    expect(quotedDocs(await service.answer(QUESTIONS.orchard))).toEqual(['orchard-cooperative.txt']);
    // The version rolled back from is removed at once, as a restart would; a restart loads the version rolled back to.
    expect(existsSync(versionDir(workspace.indexDir, second.build.version))).toBe(false);
    expect((await workspace.manager(embedder).loadCurrent())?.manifest.version).toBe(first.build.version);
    expect(existsSync(versionDir(workspace.indexDir, first.build.version))).toBe(true);
  });

  it('is served at once through the moderation flow of createAccordServices', async () => {
    const services = await createAccordServices(workspace.config, pino({ level: 'silent' }));
    const first = services.answers.status().version;
    await services.moderation.removeDocument('orchard-cooperative.txt');
    expect(await services.moderation.reindex(() => {})).toMatchObject({ status: 'done', summary: { removed: ['orchard-cooperative.txt'] } });
    expect(docsOf(await services.answers.answer(QUESTIONS.orchard)).has('orchard-cooperative.txt')).toBe(false);

    expect(await services.moderation.rollback()).toEqual({ version: first });
    expect(services.answers.status().version).toBe(first);
    expect(quotedDocs(await services.answers.answer(QUESTIONS.orchard))).toEqual(['orchard-cooperative.txt']);
  });

  it('refuses with a clear error when there is no earlier version', async () => {
    const manager = workspace.manager(null);
    const none = await accordErrorOf(() => manager.rollback());
    expect(none.message).toBe('There is no index to roll back.');

    const { build } = await reindexDone(manager, null);
    const error = await accordErrorOf(() => manager.rollback());
    expect(error.message).toContain(`Index version ${build.version} has no earlier version`);
    expect(error.hint).toBeDefined();
    expect(await currentVersion()).toBe(build.version);
  });

  it('refuses a second rollback past the first version', async () => {
    const manager = workspace.manager(null);
    const first = await reindexDone(manager, null);
    await workspace.writeDoc('beekeeping-pact.txt', DOCS['beekeeping-pact.txt']);
    await reindexDone(manager, null);
    expect((await manager.rollback()).manifest.version).toBe(first.build.version);
    const error = await accordErrorOf(() => manager.rollback());
    expect(error.message).toContain('no earlier version');
    expect(await currentVersion()).toBe(first.build.version);
  });
});

describe('rolling back while a reindex runs', () => {
  it('is refused, and the reindex still finishes and becomes current', async () => {
    const embedder = new HashingEmbedder();
    const manager = workspace.manager(embedder);
    await reindexDone(manager, embedder);
    await workspace.removeDoc('orchard-cooperative.txt');
    const second = await reindexDone(manager, embedder);

    const gate = createGate();
    const slow = new HashingEmbedder({ beforeEmbed: () => gate.wait() });
    await workspace.writeDoc('beekeeping-pact.txt', DOCS['beekeeping-pact.txt']);
    const running = workspace.manager(slow);
    const third = running.reindex(slow);
    await gate.reached;
    const error = await accordErrorOf(() => running.rollback());
    expect(error.message).toContain('reindex');
    expect(await currentVersion()).toBe(second.build.version);

    gate.open();
    const result = await third;
    expect(result.status).toBe('done');
    if (result.status === 'done') expect(await currentVersion()).toBe(result.build.version);
  });
});
