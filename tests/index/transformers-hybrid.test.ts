import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccordServices } from '../../src/app/create-services.js';
import type { Embedder } from '../../src/retrieval/embedder.js';
import { loadTransformersEmbedder } from '../../src/retrieval/transformers-embedder.js';
import { answerService, createWorkspace, DOCS, expectVerbatim, QUESTIONS, quotedDocs, reindexDone, type Workspace } from './workspace.js';

const modelsDir = fileURLToPath(new URL('../fixtures/tiny-model', import.meta.url));
const modelEnv = {
  EMBEDDING_MODEL: 'accord/tiny-bert',
  MODELS_DIR: modelsDir,
  ALLOW_REMOTE_MODELS: 'false',
  EMBEDDING_QUANTIZED: 'true',
  EMBEDDING_BATCH_SIZE: '8',
  RETRIEVAL_MODE: 'auto',
};

let workspace: Workspace;
let embedder: Embedder;

beforeAll(async () => {
  workspace = await createWorkspace(undefined, modelEnv);
  embedder = await loadTransformersEmbedder({ modelId: 'accord/tiny-bert', modelsDir, allowRemote: false, quantized: true, batchSize: 8 });
});

afterAll(async () => {
  await workspace.dispose();
});

describe('a hybrid index on the real transformers.js path (tiny model)', () => {
  it('builds, loads and answers in hybrid mode with verbatim quotes', async () => {
    const { build } = await reindexDone(workspace.manager(embedder), embedder);
    expect(build.mode).toBe('hybrid');
    expect(build.manifest.model).toEqual({ id: 'accord/tiny-bert', dimensions: embedder.dimensions, quantized: true });

    const loaded = await workspace.manager(embedder).loadCurrent();
    if (loaded === null) throw new Error('no current version');
    expect(loaded.snapshot.vectors?.size).toBe(build.passages);
    const answer = await answerService(workspace, loaded, embedder).answer(QUESTIONS.lighthouse);
    expect(answer.mode).toBe('hybrid');
    expect(answer.answered).toBe(true);
    expect(answer.passages.some((p) => p.similarity !== undefined)).toBe(true);
    expect(quotedDocs(answer)).toEqual(['harbour-lighthouses.txt']);
    await expectVerbatim(answer, workspace.corpusDir);
  });

  it('is served in hybrid mode by createAccordServices configured for the same model', async () => {
    const services = await createAccordServices(workspace.config, pino({ level: 'silent' }));
    expect(services.answers.status()).toMatchObject({ mode: 'hybrid', modelId: 'accord/tiny-bert', documents: 3 });
    const answer = await services.answers.answer(QUESTIONS.railway);
    expect(answer.mode).toBe('hybrid');
    expect(quotedDocs(answer)).toEqual(['mountain-railway.md']);
    await expectVerbatim(answer, workspace.corpusDir);

    const outcome = await services.moderation.reindex(() => {});
    expect(outcome).toMatchObject({ status: 'done', summary: { mode: 'hybrid', unchanged: 3 } });
  });

  it('reindexes inside the services with the model in a child process, giving the vectors this process would', async () => {
    const logs: string[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _encoding, done) => (logs.push(chunk.toString()), done()) });
    const services = await createAccordServices(workspace.config, pino({ level: 'warn' }, sink));
    await workspace.writeDoc('beekeeping-pact.txt', DOCS['beekeeping-pact.txt']);
    const outcome = await services.moderation.reindex(() => {});
    expect(outcome).toMatchObject({ status: 'done', summary: { mode: 'hybrid', added: ['beekeeping-pact.txt'] } });
    const version = services.answers.status().version;
    const dir = path.join(workspace.indexDir, 'versions', version);
    const passages = JSON.parse(await readFile(path.join(dir, 'passages.json'), 'utf8')) as { docId: string; start: number; end: number }[];
    const vectors = new Float32Array((await readFile(path.join(dir, 'vectors.f32'))).buffer.slice(0));
    const text = DOCS['beekeeping-pact.txt'];
    const labels = passages.flatMap((p, label) => (p.docId === 'beekeeping-pact.txt' ? [label] : []));
    expect(labels.length).toBeGreaterThan(0);
    const title = services.answers.sources().find((d) => d.docId === 'beekeeping-pact.txt')?.title ?? '';
    const expected = await embedder.embed(labels.map((label) => `${title}\n${text.slice(passages[label]?.start, passages[label]?.end)}`));
    labels.forEach((label, i) => {
      const got = vectors.subarray(label * embedder.dimensions, (label + 1) * embedder.dimensions);
      got.forEach((x, j) => expect(x).toBeCloseTo(expected[i]?.[j] ?? NaN, 5));
    });
    const answer = await services.answers.answer(QUESTIONS.beekeeping);
    expect(answer.mode).toBe('hybrid');
    expect(quotedDocs(answer)).toEqual(['beekeeping-pact.txt']);
    // Had the embedding process not started, the batches would have run here, with this warning.
    expect(logs.join('')).not.toContain('did not start');
  });
});
