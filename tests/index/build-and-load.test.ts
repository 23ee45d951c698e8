import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { checkModelMatches, createAccordServices } from '../../src/app/create-services.js';
import { loadConfig } from '../../src/config.js';
import { currentPointer, versionDir } from '../../src/index/index-layout.js';
import { HashingEmbedder } from '../retrieval/hashing-embedder.js';
import {
  accordErrorOf,
  answerService,
  createWorkspace,
  expectVerbatim,
  QUESTIONS,
  quotedDocs,
  reindexDone,
  type Workspace,
} from './workspace.js';

const silent = pino({ level: 'silent' });
let workspace: Workspace;

afterEach(async () => {
  await workspace.dispose();
});

describe('building and loading an index', () => {
  it('writes a hybrid version with its vectors on disk, makes it current, and loads it back', async () => {
    workspace = await createWorkspace();
    const embedder = new HashingEmbedder();
    const { build } = await reindexDone(workspace.manager(embedder), embedder);

    expect((await readFile(currentPointer(workspace.indexDir), 'utf8')).trim()).toBe(build.version);
    const dir = versionDir(workspace.indexDir, build.version);
    expect((await readdir(dir)).sort()).toEqual(
      ['documents.json', 'lexical.bin', 'manifest.json', 'passages.json', 'vectors.f32', 'vectors.hnsw'].sort(),
    );
    const passages = build.manifest.counts.passages;
    expect((await stat(path.join(dir, 'vectors.f32'))).size).toBe(passages * embedder.dimensions * 4);
    expect(build.mode).toBe('hybrid');
    expect(build.embedded).toBe(passages);

    const loaded = await workspace.manager(embedder).loadCurrent();
    expect(loaded?.manifest.version).toBe(build.version);
    expect(loaded?.manifest.model).toEqual({ id: embedder.modelId, dimensions: 16, quantized: true });
    expect(loaded?.snapshot.vectors?.size).toBe(passages);
    expect(loaded?.snapshot.documents.map((d) => d.docId)).toEqual(['harbour-lighthouses.txt', 'mountain-railway.md', 'orchard-cooperative.txt']);
  });

  it('loads passages whose text is exactly the file text at their offsets', async () => {
    workspace = await createWorkspace();
    const embedder = new HashingEmbedder();
    await reindexDone(workspace.manager(embedder), embedder);
    const loaded = await workspace.manager(embedder).loadCurrent();
    expect(loaded?.snapshot.passages.length).toBeGreaterThan(3);
    for (const passage of loaded?.snapshot.passages ?? []) {
      const fileText = await readFile(path.join(workspace.corpusDir, passage.docId), 'utf8');
      expect(passage.text).toBe(fileText.slice(passage.start, passage.end));
      for (const sentence of passage.sentences) expect(sentence.end).toBeLessThanOrEqual(fileText.length);
    }
  });

  it('answers a question in hybrid mode with verbatim quotes from the right document', async () => {
    workspace = await createWorkspace();
    const embedder = new HashingEmbedder();
    await reindexDone(workspace.manager(embedder), embedder);
    const loaded = await workspace.manager(embedder).loadCurrent();
    if (loaded === null) throw new Error('no current version');
    const answer = await answerService(workspace, loaded, embedder).answer(QUESTIONS.lighthouse);

    expect(answer.mode).toBe('hybrid');
    expect(answer.answered).toBe(true);
    expect(quotedDocs(answer)).toEqual(['harbour-lighthouses.txt']);
    expect(answer.quotes[0]?.text).toContain('fourteen new lighthouse keepers');
    expect(answer.passages.some((p) => p.similarity !== undefined)).toBe(true);
    await expectVerbatim(answer, workspace.corpusDir);
  });

  it('returns null from loadCurrent when no index has been built yet', async () => {
    workspace = await createWorkspace();
    expect(await workspace.manager(null).loadCurrent()).toBeNull();
  });
});

describe('a lexical-only index', () => {
  it('is built without vectors when there is no embedder and answers in lexical mode', async () => {
    workspace = await createWorkspace();
    const { build } = await reindexDone(workspace.manager(null), null);
    expect(build.mode).toBe('lexical');
    expect(build.manifest.model).toBeNull();
    const dir = versionDir(workspace.indexDir, build.version);
    expect(existsSync(path.join(dir, 'vectors.hnsw'))).toBe(false);
    expect(existsSync(path.join(dir, 'vectors.f32'))).toBe(false);

    const loaded = await workspace.manager(null).loadCurrent();
    if (loaded === null) throw new Error('no current version');
    expect(loaded.snapshot.vectors).toBeNull();
    const answer = await answerService(workspace, loaded, null).answer(QUESTIONS.orchard);
    expect(answer.mode).toBe('lexical');
    expect(answer.answered).toBe(true);
    expect(quotedDocs(answer)).toEqual(['orchard-cooperative.txt']);
    expect(answer.quotes[0]?.text).toContain('twelve crates of apples');
    await expectVerbatim(answer, workspace.corpusDir);
  });

  it('is what createAccordServices builds on first start with RETRIEVAL_MODE=lexical', async () => {
    workspace = await createWorkspace();
    const services = await createAccordServices(workspace.config, silent);
    try {
      expect(services.answers.status()).toMatchObject({ mode: 'lexical', documents: 3, modelId: null });
      const answer = await services.answers.answer(QUESTIONS.railway);
      expect(answer.mode).toBe('lexical');
      expect(quotedDocs(answer)).toEqual(['mountain-railway.md']);
      await expectVerbatim(answer, workspace.corpusDir);
    } finally {
      await services.close();
    }
  });

  it('serves a hybrid index lexically, saying why, when no embedder is available', async () => {
    workspace = await createWorkspace();
    const embedder = new HashingEmbedder();
    const { loaded } = await reindexDone(workspace.manager(embedder), embedder);
    const answer = await answerService(workspace, loaded, null).answer(QUESTIONS.railway);
    expect(answer.mode).toBe('lexical');
    expect(answer.modeReason).toBeDefined();
    expect(answer.answered).toBe(true);
  });
});

describe('serving a version built with another model', () => {
  it('answers lexically and says why, rather than compare vectors of two models', async () => {
    workspace = await createWorkspace();
    const builtWith = new HashingEmbedder({ modelId: 'fake/model-x' });
    const { loaded } = await reindexDone(workspace.manager(builtWith), builtWith);
    const service = answerService(workspace, loaded, new HashingEmbedder({ modelId: 'fake/model-y' }));
    const answer = await service.answer(QUESTIONS.railway);
    expect(answer.mode).toBe('lexical');
    expect(answer.modeReason).toContain('fake/model-x');
    expect(service.status()).toMatchObject({ mode: 'lexical', modelId: 'fake/model-x', modeReason: expect.stringContaining('npm run index') });
  });
});

describe('the model check', () => {
  it('refuses an index built with another model than EMBEDDING_MODEL, saying both and how to fix it', async () => {
    workspace = await createWorkspace();
    const embedder = new HashingEmbedder({ modelId: 'fake/model-x' });
    const { loaded } = await reindexDone(workspace.manager(embedder), embedder);
    const config = loadConfig({ CORPUS_DIR: 'corpus', INDEX_DIR: 'index', EMBEDDING_MODEL: 'fake/model-y', RETRIEVAL_MODE: 'lexical' }, workspace.root);

    const error = await accordErrorOf(async () => checkModelMatches(loaded.manifest, config));
    expect(error.message).toContain('fake/model-x (16 dims)');
    expect(error.message).toContain('EMBEDDING_MODEL is fake/model-y');
    expect(error.describe()).toContain('npm run index');
    // The composition root refuses to start on it rather than answering with meaningless vectors.
    const startError = await accordErrorOf(() => createAccordServices(config, silent));
    expect(startError.message).toBe(error.message);
  });

  it('accepts an index built with the configured model, and a lexical-only index with any', async () => {
    workspace = await createWorkspace();
    const embedder = new HashingEmbedder({ modelId: 'fake/hashed-words' });
    const { loaded } = await reindexDone(workspace.manager(embedder), embedder);
    expect(() => checkModelMatches(loaded.manifest, workspace.config)).not.toThrow();
    expect(() => checkModelMatches({ ...loaded.manifest, model: null }, workspace.config)).not.toThrow();
  });
});
