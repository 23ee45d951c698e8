import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccordServices, indexSettings } from '../../src/app/create-services.js';
import { IndexManager } from '../../src/index/index-manager.js';
import { addCorpusDocument, safeFileName } from '../../src/index/corpus-files.js';
import { readQuestionFile } from '../../src/cli/question-file.js';
import { HashingEmbedder } from '../retrieval/hashing-embedder.js';
import { accordErrorOf, createWorkspace, DOCS, reindexDone, TEST_CHUNKING, type Workspace } from './workspace.js';

let workspace: Workspace;
beforeEach(async () => {
  workspace = await createWorkspace(['harbour-lighthouses.txt', 'orchard-cooperative.txt']);
});
afterEach(async () => {
  await workspace.dispose();
});

const embedder = new HashingEmbedder();

describe('the check before a new version is made current', () => {
  it('passes for a corpus whose first document opens with a sentence over the question limit', async () => {
    const long = `The parties agree that ${'each harbour authority shall maintain its lighthouse, '.repeat(30)}and report yearly.\n`;
    await workspace.writeDoc('aaa-long-sentence.txt', long);
    const { build } = await reindexDone(workspace.manager(embedder), embedder);
    expect(build.added).toContain('aaa-long-sentence.txt');
  });

  it('passes for a corpus whose first passage is made of stopwords only', async () => {
    await workspace.writeDoc('aaa-stopwords.txt', 'It is what it is, and it was all there was to it then.\n');
    const { build } = await reindexDone(workspace.manager(embedder), embedder);
    expect(build.manifest.counts.documents).toBe(3);
  });
});

describe('a reindex with nothing changed', () => {
  it('stays unchanged when a file that cannot be indexed is still there, and still reports it', async () => {
    await workspace.writeDoc('bad-front-matter.md', `---\ntitle: Ferry\nauthor: Someone\n---\n${DOCS['orchard-cooperative.txt']}`);
    const manager = workspace.manager(embedder);
    const first = await reindexDone(manager, embedder);
    const second = await manager.reindex(embedder);
    expect(second.status).toBe('unchanged');
    if (second.status !== 'unchanged') return;
    expect(second.build.version).toBe(first.build.version);
    expect(second.build.skipped.map((s) => s.path)).toEqual(['bad-front-matter.md']);
  });

  it('makes the bot serve what another process made current', async () => {
    const services = await createAccordServices(workspace.config, pino({ level: 'silent' }));
    const before = services.answers.status().version;
    await workspace.writeDoc('beekeeping-pact.txt', DOCS['beekeeping-pact.txt']);
    // The CLI, in another process, with the same settings as the bot.
    const elsewhere = await reindexDone(new IndexManager(indexSettings(workspace.config), async () => {}), null);
    const outcome = await services.moderation.reindex(() => {});
    expect(outcome.status).toBe('done');
    expect(services.answers.status().version).toBe(elsewhere.build.version);
    expect(services.answers.status().version).not.toBe(before);
  });
});

describe('reading the corpus', () => {
  it('skips a dangling link with a reason and indexes the rest', async () => {
    await symlink(path.join(workspace.root, 'nowhere.txt'), path.join(workspace.corpusDir, 'dangling.txt'));
    await symlink(path.join(workspace.root, 'no-folder'), path.join(workspace.corpusDir, 'dangling-folder'));
    const { build } = await reindexDone(workspace.manager(null), null);
    expect(build.manifest.counts.documents).toBe(2);
    expect(build.skipped.map((s) => s.path).sort()).toEqual(['dangling-folder', 'dangling.txt']);
    expect(build.skipped[0]?.reason).toContain('could not be read');
  });
});

describe('adding documents', () => {
  const upload = (fileName: string) => ({ fileName, bytes: new TextEncoder().encode(DOCS['beekeeping-pact.txt']), meta: {} });

  it('keeps letters of any script in file names', () => {
    expect(safeFileName('Угода з Україною.md')).toBe('угода-з-україною.md');
    expect(safeFileName('../../etc/passwd.txt')).toBe('passwd.txt');
  });

  it('lets only one of two simultaneous uploads under one name through', async () => {
    const results = await Promise.allSettled([
      addCorpusDocument(workspace.corpusDir, upload('pact.txt'), 100_000, TEST_CHUNKING),
      addCorpusDocument(workspace.corpusDir, { ...upload('pact.txt'), bytes: new TextEncoder().encode(DOCS['mountain-railway.md']) }, 100_000, TEST_CHUNKING),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
  });
});

describe('question files', () => {
  it('rejects a question over the length limit before anything runs', async () => {
    const file = path.join(workspace.root, 'q.jsonl');
    await workspace.writeDoc('../q.jsonl', `{"id":"a","question":"ok?"}\n{"id":"b","question":"${'x'.repeat(1200)}"}\n`);
    const error = await accordErrorOf(() => readQuestionFile(file));
    expect(error.message).toContain('line 2');
    expect(error.message).toContain('over 1000 characters');
  });
});

describe('rollback while a reindex runs in the same process', () => {
  it('is refused', async () => {
    const manager = workspace.manager(embedder);
    await reindexDone(manager, embedder);
    await workspace.writeDoc('beekeeping-pact.txt', DOCS['beekeeping-pact.txt']);
    await reindexDone(manager, embedder);
    const running = manager.reindex(embedder);
    const error = await accordErrorOf(() => manager.rollback());
    expect(error.message).toMatch(/reindex is running|already reindexing/);
    await running;
  });
});
