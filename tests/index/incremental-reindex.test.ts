import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccordServices } from '../../src/app/create-services.js';
import { versionDir, versionsDir } from '../../src/index/index-layout.js';
import type { LoadedVersion } from '../../src/index/index-store.js';
import { PROCESSING_VERSION } from '../../src/index/process-document.js';
import { HashingEmbedder } from '../retrieval/hashing-embedder.js';
import { answerService, createWorkspace, DOCS, QUESTIONS, quotedDocs, reindexDone, type Workspace } from './workspace.js';
import { LEXICAL_LAYOUT } from '../../src/retrieval/lexical-index.js';

let workspace: Workspace;
let embedder: HashingEmbedder;

beforeEach(async () => {
  workspace = await createWorkspace();
  embedder = new HashingEmbedder();
});

afterEach(async () => {
  await workspace.dispose();
});

const passagesOf = (loaded: LoadedVersion, docId: string) => loaded.snapshot.passages.filter((p) => p.docId === docId);
/** Replaces a version's lexical index with one in an older Accord's JSON form (file and manifest agree). */
async function rewriteLexicalAsOlder(version: string): Promise<void> {
  const dir = versionDir(workspace.indexDir, version);
  const lexical = JSON.stringify({ formatVersion: 0, layout: 2, passageCount: 0, lengths: [[], []], postings: [{}, {}], documentTerms: {} });
  await writeFile(path.join(dir, 'lexical.bin'), lexical);
  const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as { files: Record<string, unknown>; analyzerVersion: number };
  manifest.analyzerVersion = 0;
  manifest.files['lexical.bin'] = { bytes: Buffer.byteLength(lexical), sha256: createHash('sha256').update(lexical).digest('hex') };
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
}

const vectorBytes = (version: string) => readFile(path.join(versionDir(workspace.indexDir, version), 'vectors.f32'));

describe('incremental reindexing', () => {
  it('embeds every passage on the first build', async () => {
    const { build } = await reindexDone(workspace.manager(embedder), embedder);
    expect(build.passages).toBeGreaterThan(3);
    expect(embedder.passageTexts()).toHaveLength(build.passages);
    expect(build.embedded).toBe(build.passages);
    expect(build.added).toEqual(['harbour-lighthouses.txt', 'mountain-railway.md', 'orchard-cooperative.txt']);
  });

  it('embeds nothing and writes nothing when nothing changed', async () => {
    const manager = workspace.manager(embedder);
    const first = await reindexDone(manager, embedder);
    embedder.reset();
    const second = await manager.reindex(embedder);

    expect(second.status).toBe('unchanged');
    expect(embedder.passageTexts()).toEqual([]);
    if (second.status !== 'unchanged') return;
    expect(second.build).toMatchObject({ version: first.build.version, embedded: 0, added: [], changed: [], removed: [], unchanged: 3 });
    expect(await readdir(versionsDir(workspace.indexDir))).toEqual([first.build.version]);
    expect((await workspace.manager(embedder).loadCurrent())?.manifest.version).toBe(first.build.version);
  });

  it('embeds nothing when a document only moved to a subfolder, and keeps the very same vectors', async () => {
    const manager = workspace.manager(embedder);
    const first = await reindexDone(manager, embedder);
    await workspace.removeDoc('mountain-railway.md');
    await mkdir(path.join(workspace.corpusDir, 'archive'));
    await workspace.writeDoc('archive/mountain-railway.md', DOCS['mountain-railway.md']);
    embedder.reset();
    const second = await reindexDone(manager, embedder);

    expect(embedder.passageTexts()).toEqual([]);
    expect(second.build).toMatchObject({ embedded: 0, added: ['archive/mountain-railway.md'], removed: ['mountain-railway.md'] });
    expect(second.build.manifest.previousVersion).toBe(first.build.version);
    const rows = (bytes: Buffer) => new Set(Array.from({ length: bytes.length / 64 }, (_, i) => bytes.subarray(i * 64, (i + 1) * 64).toString('hex')));
    expect(rows(await vectorBytes(second.build.version))).toEqual(rows(await vectorBytes(first.build.version)));
    const answer = await answerService(workspace, second.loaded, embedder).answer(QUESTIONS.railway);
    expect(answer.mode).toBe('hybrid');
    expect(quotedDocs(answer)).toEqual(['archive/mountain-railway.md']);
  });

  it('re-embeds only the passages of the document that changed', async () => {
    const manager = workspace.manager(embedder);
    const first = await reindexDone(manager, embedder);
    await workspace.writeDoc('orchard-cooperative.txt', DOCS['orchard-cooperative.txt'].replace('twelve crates', 'fifteen crates'));
    embedder.reset();
    const second = await reindexDone(manager, embedder);

    expect(second.build).toMatchObject({ added: [], changed: ['orchard-cooperative.txt'], removed: [], unchanged: 2 });
    const before = new Set(passagesOf(first.loaded, 'orchard-cooperative.txt').map((p) => p.text));
    const changedPassages = passagesOf(second.loaded, 'orchard-cooperative.txt').filter((p) => !before.has(p.text));
    expect(changedPassages.length).toBeGreaterThan(0);
    const embedded = embedder.passageTexts();
    expect(embedded).toHaveLength(changedPassages.length);
    expect(second.build.embedded).toBe(changedPassages.length);
    for (const passage of changedPassages) expect(embedded.some((text) => text.endsWith(passage.text))).toBe(true);
    expect(embedded.every((text) => text.includes('fifteen crates'))).toBe(true);

    const answer = await answerService(workspace, second.loaded, embedder).answer(QUESTIONS.orchard);
    expect(answer.quotes.map((q) => q.text).join(' ')).toContain('fifteen crates of apples');
  });

  it('embeds only the passages of an added document', async () => {
    const manager = workspace.manager(embedder);
    await reindexDone(manager, embedder);
    await workspace.writeDoc('beekeeping-pact.txt', DOCS['beekeeping-pact.txt']);
    embedder.reset();
    const { build, loaded } = await reindexDone(manager, embedder);

    expect(build).toMatchObject({ added: ['beekeeping-pact.txt'], changed: [], removed: [], unchanged: 3 });
    expect(embedder.passageTexts()).toHaveLength(passagesOf(loaded, 'beekeeping-pact.txt').length);
    expect(embedder.passageTexts().every((text) => text.startsWith('Beekeeping Pact\n'))).toBe(true);
  });

  it('keeps reusing vectors when the current lexical index is from an older text analysis', async () => {
    const manager = workspace.manager(embedder);
    const first = await reindexDone(manager, embedder);
    await rewriteLexicalAsOlder(first.build.version);
    await expect(workspace.manager(embedder).loadCurrent()).rejects.toThrow('another version of Accord');

    embedder.reset();
    const second = await reindexDone(manager, embedder);
    expect(embedder.passageTexts()).toEqual([]);
    expect(second.build.embedded).toBe(0);
    expect((await workspace.manager(embedder).loadCurrent())?.manifest.version).toBe(second.build.version);
  });

  it('asks for a rebuild of a version whose lexical index has an older layout (lexical.json), and rebuilds it reusing vectors', async () => {
    const manager = workspace.manager(embedder);
    const first = await reindexDone(manager, embedder);
    const file = path.join(versionDir(workspace.indexDir, first.build.version), 'manifest.json');
    const manifest = JSON.parse(await readFile(file, 'utf8')) as { lexicalLayout: number };
    manifest.lexicalLayout = 2;
    await writeFile(file, JSON.stringify(manifest));
    await expect(workspace.manager(embedder).loadCurrent()).rejects.toThrow(/another version of Accord.*layout 2/);

    embedder.reset();
    const second = await reindexDone(manager, embedder);
    expect(second.build.lexicalMode).toBe('built');
    expect(second.build.embedded).toBe(0);
    expect((await workspace.manager(embedder).loadCurrent())?.manifest.lexicalLayout).toBe(LEXICAL_LAYOUT);
  });

  it('processes every document again when they were processed by older rules, reusing their vectors', async () => {
    const manager = workspace.manager(embedder);
    const first = await reindexDone(manager, embedder);
    // As an Accord from before PROCESSING_VERSION wrote it: the manifest itself is not checksummed.
    const manifestFile = path.join(versionDir(workspace.indexDir, first.build.version), 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as Record<string, unknown>;
    delete manifest.processingVersion;
    await writeFile(manifestFile, JSON.stringify(manifest));
    // A start on it serves it, and says how to apply the current rules.
    const logs: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (logs.push(chunk.toString()), done()) });
    await (await createAccordServices({ ...workspace.config, embedding: { ...workspace.config.embedding, mode: 'lexical' } }, pino(sink))).close();
    expect(logs.join('')).toContain('run /reindex or npm run index to apply the current rules');

    embedder.reset();
    const second = await manager.reindex(embedder);
    expect(second.status).toBe('done');
    if (second.status !== 'done') return;
    expect(second.build.version).not.toBe(first.build.version);
    expect(second.build.manifest.processingVersion).toBe(PROCESSING_VERSION);
    expect(second.build.embedded).toBe(0);
    expect((await manager.reindex(embedder)).status).toBe('unchanged');
  });

  it('keeps reusing vectors when only the current vectors.hnsw is damaged', async () => {
    const manager = workspace.manager(embedder);
    const first = await reindexDone(manager, embedder);
    await writeFile(path.join(versionDir(workspace.indexDir, first.build.version), 'vectors.hnsw'), 'damaged');
    embedder.reset();
    const second = await reindexDone(manager, embedder);
    expect(second.build.embedded).toBe(0);
    expect((await vectorBytes(second.build.version)).equals(await vectorBytes(first.build.version))).toBe(true);
  });

  it('re-embeds everything when the embedding model changes', async () => {
    await reindexDone(workspace.manager(embedder), embedder);
    const other = new HashingEmbedder({ modelId: 'fake/other-model' });
    const { build } = await reindexDone(workspace.manager(other), other);
    expect(build.embedded).toBe(build.passages);
    expect(other.passageTexts()).toHaveLength(build.passages);
  });
});

describe('removing a document', () => {
  it('drops it from answers as soon as the reindex is served', async () => {
    const manager = workspace.manager(embedder);
    const first = await reindexDone(manager, embedder);
    const service = answerService(workspace, first.loaded, embedder);
    const before = await service.answer(QUESTIONS.railway);
    expect(quotedDocs(before)).toEqual(['mountain-railway.md']);

    await workspace.removeDoc('mountain-railway.md');
    embedder.reset();
    const second = await reindexDone(manager, embedder);
    expect(second.build).toMatchObject({ removed: ['mountain-railway.md'], embedded: 0 });
    service.serve(second.loaded.snapshot);

    const after = await service.answer(QUESTIONS.railway);
    expect(after.passages.map((p) => p.passage.docId)).not.toContain('mountain-railway.md');
    expect(after.quotes.map((q) => q.docId)).not.toContain('mountain-railway.md');
    expect(after.documents.has('mountain-railway.md')).toBe(false);
    expect(service.sources().map((d) => d.docId)).toEqual(['harbour-lighthouses.txt', 'orchard-cooperative.txt']);
  });

  it('drops it from answers through the moderation flow of createAccordServices', async () => {
    const services = await createAccordServices(workspace.config, pino({ level: 'silent' }));
    expect(quotedDocs(await services.answers.answer(QUESTIONS.railway))).toEqual(['mountain-railway.md']);

    await services.moderation.removeDocument('mountain-railway.md');
    const outcome = await services.moderation.reindex(() => {});
    expect(outcome).toMatchObject({ status: 'done', summary: { removed: ['mountain-railway.md'], unchanged: 2, mode: 'lexical' } });
    expect(outcome.status === 'done' ? outcome.summary.notice : 'busy').toBeUndefined();

    const after = await services.answers.answer(QUESTIONS.railway);
    expect(after.passages.map((p) => p.passage.docId)).not.toContain('mountain-railway.md');
    expect(after.answered).toBe(false);
    expect((await services.moderation.listDocuments()).map((d) => d.docId)).toEqual(['harbour-lighthouses.txt', 'orchard-cooperative.txt']);

    const again = await services.moderation.reindex(() => {});
    expect(again.status === 'done' ? again.summary.notice : 'busy').toContain('up to date');
  });
});
