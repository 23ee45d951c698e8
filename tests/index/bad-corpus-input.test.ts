import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccordServices } from '../../src/app/create-services.js';
import { currentPointer } from '../../src/index/index-layout.js';
import { HashingEmbedder } from '../retrieval/hashing-embedder.js';
import { accordErrorOf, answerService, createWorkspace, DOCS, QUESTIONS, quotedDocs, reindexDone, type Workspace } from './workspace.js';

let workspace: Workspace;

beforeEach(async () => {
  workspace = await createWorkspace(['harbour-lighthouses.txt', 'orchard-cooperative.txt'], { MAX_FILE_BYTES: '2000' });
});

afterEach(async () => {
  await workspace.dispose();
});

const prose = 'The ferry company agreed to run a night crossing between the two islands every weekend.\n';

/** Every kind of unusable file, next to the two good documents. */
async function writeBadFiles(): Promise<void> {
  await workspace.writeDoc('empty.txt', '');
  await workspace.writeDoc('binary.txt', Buffer.from(`${prose}\0\0\0${prose}`));
  await workspace.writeDoc('latin1.txt', Buffer.concat([Buffer.from(prose), Buffer.from([0xe9, 0x74, 0xe9, 0x0a])]));
  await workspace.writeDoc('report.rtf', '%PDF-1.7 binary content follows here');
  await workspace.writeDoc('huge.txt', prose.repeat(40));
  await workspace.writeDoc('bad-front-matter.md', `---\ntitle: Ferry Crossing\nauthor: Someone\n---\n${prose}`);
  await workspace.writeDoc('orchard-copy.txt', DOCS['orchard-cooperative.txt']);
}

describe('a reindex over a corpus with bad files', () => {
  it('skips each one with its own reason and indexes the rest', async () => {
    await writeBadFiles();
    const embedder = new HashingEmbedder();
    const { build, loaded } = await reindexDone(workspace.manager(embedder), embedder);

    const reasons = Object.fromEntries(build.skipped.map((s) => [s.path, s.reason]));
    expect(Object.keys(reasons).sort()).toEqual(
      ['bad-front-matter.md', 'binary.txt', 'empty.txt', 'huge.txt', 'latin1.txt', 'orchard-copy.txt', 'report.rtf'].sort(),
    );
    expect(reasons['empty.txt']).toMatch(/^file is empty/);
    expect(reasons['binary.txt']).toContain('binary');
    expect(reasons['latin1.txt']).toContain('not valid UTF-8');
    expect(reasons['report.rtf']).toContain('unsupported file type ".rtf"');
    expect(reasons['huge.txt']).toMatch(/file is \d+ bytes, over the 2000-byte limit \(MAX_FILE_BYTES\)/);
    expect(reasons['bad-front-matter.md']).toContain('unknown key "author"');
    expect(reasons['orchard-copy.txt']).toBe('same content as orchard-cooperative.txt: duplicate skipped');

    expect(loaded.snapshot.documents.map((d) => d.docId)).toEqual(['harbour-lighthouses.txt', 'orchard-cooperative.txt']);
    const service = answerService(workspace, loaded, embedder);
    expect(quotedDocs(await service.answer(QUESTIONS.lighthouse))).toEqual(['harbour-lighthouses.txt']);
    expect(quotedDocs(await service.answer(QUESTIONS.orchard))).toEqual(['orchard-cooperative.txt']);
  });

  it('skips a document with no prose left after cleaning, saying so', async () => {
    await workspace.writeDoc('menu.txt', 'Home\n\nSearch\n\nMenu\n');
    const { build } = await reindexDone(workspace.manager(null), null);
    expect(build.skipped).toEqual([{ path: 'menu.txt', reason: expect.stringContaining('no prose') }]);
  });
});

describe('a reindex over a missing or empty corpus folder', () => {
  let version: string;

  beforeEach(async () => {
    version = (await reindexDone(workspace.manager(null), null)).build.version;
  });

  async function expectCurrentIndexKept(): Promise<void> {
    expect((await readFile(currentPointer(workspace.indexDir), 'utf8')).trim()).toBe(version);
    const loaded = await workspace.manager(null).loadCurrent();
    expect(loaded?.manifest.version).toBe(version);
    expect(await workspace.buildingFolders()).toEqual([]);
  }

  it('throws a clear error for a missing folder and keeps the current index', async () => {
    await rm(workspace.corpusDir, { recursive: true });
    const error = await accordErrorOf(() => workspace.manager(null).reindex(null));
    expect(error.message).toContain(`corpus folder ${workspace.corpusDir} is missing`);
    expect(error.hint).toContain('CORPUS_DIR');
    await expectCurrentIndexKept();
  });

  it('throws a clear error for an empty folder and keeps the current index', async () => {
    await rm(workspace.corpusDir, { recursive: true });
    await mkdir(workspace.corpusDir);
    const error = await accordErrorOf(() => workspace.manager(null).reindex(null));
    expect(error.message).toContain('the folder is empty');
    await expectCurrentIndexKept();
  });

  it('throws, listing the reasons, when no file can be indexed', async () => {
    await rm(workspace.corpusDir, { recursive: true });
    await mkdir(workspace.corpusDir);
    await workspace.writeDoc('empty.txt', '');
    await workspace.writeDoc('report.rtf', 'not a document');
    const error = await accordErrorOf(() => workspace.manager(null).reindex(null));
    expect(error.message).toContain('empty.txt: file is empty');
    expect(error.message).toContain('report.rtf: unsupported file type');
    await expectCurrentIndexKept();
  });

  it('gives a notice through moderation.reindex, and keeps answering from the current index', async () => {
    const services = await createAccordServices(workspace.config, pino({ level: 'silent' }));
    await rm(workspace.corpusDir, { recursive: true });
    await mkdir(workspace.corpusDir);
    const outcome = await services.moderation.reindex(() => {});
    expect(outcome.status).toBe('done');
    if (outcome.status !== 'done') return;
    expect(outcome.summary.version).toBe(version);
    expect(outcome.summary.notice).toContain('the folder is empty');
    expect(outcome.summary.notice).toContain(`The current index (${version}) is still being served.`);
    expect(quotedDocs(await services.answers.answer(QUESTIONS.lighthouse))).toEqual(['harbour-lighthouses.txt']);
    await expectCurrentIndexKept();
  });
});

describe('the citation path of a document', () => {
  it('is relative to the project root, with / separators', async () => {
    await mkdir(path.join(workspace.corpusDir, 'sub'));
    await workspace.writeDoc('sub/ferries.txt', `${prose}${prose.replace('night', 'morning')}`);
    const { loaded } = await reindexDone(workspace.manager(null), null);
    expect(loaded.snapshot.documentsById.get('sub/ferries.txt')?.path).toBe('corpus/sub/ferries.txt');
  });
});
