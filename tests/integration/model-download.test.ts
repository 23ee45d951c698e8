import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { env } from '@xenova/transformers';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { lazyEmbedder } from '../../src/app/load-embedder.js';
import { loadConfig } from '../../src/config.js';
import { loadTransformersEmbedder } from '../../src/retrieval/transformers-embedder.js';
import { TINY_MODEL_ID } from '../../scripts/make-tiny-model.js';

/**
 * The download path, against a fake Hugging Face hub on loopback that serves the committed tiny model the way the
 * hub does (`/<model>/resolve/main/<file>`).
 */
const FIXTURE_MODELS_DIR = resolve('tests/fixtures/tiny-model');
let hub: Server;
let requested: string[];
let tempDir: string;
const originalRemoteHost = env.remoteHost;

beforeAll(async () => {
  requested = [];
  hub = createServer((req, res) => {
    const match = /^\/(.+)\/resolve\/main\/(.+)$/.exec(req.url ?? '');
    const file = match ? join(FIXTURE_MODELS_DIR, decodeURIComponent(match[1] ?? ''), decodeURIComponent(match[2] ?? '')) : '';
    readFile(file).then(
      (bytes) => {
        requested.push(match?.[2] ?? '');
        res.writeHead(200).end(bytes);
      },
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((listening) => hub.listen(0, '127.0.0.1', listening));
  env.remoteHost = `http://127.0.0.1:${(hub.address() as AddressInfo).port}/`;
  tempDir = await mkdtemp(join(tmpdir(), 'accord-download-'));
});

afterAll(async () => {
  env.remoteHost = originalRemoteHost;
  await new Promise((closed) => hub.close(closed));
  await rm(tempDir, { recursive: true, force: true });
});

const options = (modelsDir: string, allowRemote: boolean) => ({ modelId: TINY_MODEL_ID, modelsDir, allowRemote, quantized: true, batchSize: 4, threads: 1 });

describe('downloading the model on first use', () => {
  it('saves it in MODELS_DIR in the layout an offline install loads, and runs it on the configured threads', async () => {
    const modelsDir = join(tempDir, 'empty');
    const online = await loadTransformersEmbedder(options(modelsDir, true));
    expect(requested).toContain('onnx/model_quantized.onnx');
    expect(online.intraOpThreads).toBe(1);
    for (const file of ['config.json', 'tokenizer.json', 'onnx/model_quantized.onnx']) expect(existsSync(join(modelsDir, TINY_MODEL_ID, file)), file).toBe(true);

    requested.length = 0;
    const offline = await loadTransformersEmbedder(options(modelsDir, false));
    expect(requested).toEqual([]);
    const [a] = await online.embed(['Poland signs a drone agreement']);
    const [b] = await offline.embed(['Poland signs a drone agreement']);
    expect(Array.from(b ?? [])).toEqual(Array.from(a ?? []));
  });

  it('warns, and still answers, when the download cannot be saved and the thread count cannot be applied', async () => {
    const modelsDir = join(tempDir, 'unsaveable');
    // A file where the onnx/ folder should be: the model cannot be cached there, even by root.
    await mkdir(join(modelsDir, TINY_MODEL_ID), { recursive: true });
    await writeFile(join(modelsDir, TINY_MODEL_ID, 'onnx'), 'not a folder');
    const quiet = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const config = loadConfig({ MODELS_DIR: modelsDir, EMBEDDING_MODEL: TINY_MODEL_ID, ALLOW_REMOTE_MODELS: 'true' }, tempDir);
      const state = await lazyEmbedder(config, 'questions')();
      expect(state.embedder).not.toBeNull();
      expect(state.warning).toContain("onnxruntime's default threads, not EMBEDDING_THREADS=1");
      expect(state.warning).toContain(join(modelsDir, TINY_MODEL_ID, 'onnx'));
      expect(await state.embedder?.embed(['Ukraine'])).toHaveLength(1);
    } finally {
      quiet.mockRestore();
    }
  });
});
