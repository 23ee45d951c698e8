import { startRssSampler } from '../lib/rss-sampler.js';
import { cp, mkdir, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino, type Logger } from 'pino';
import { loadConfig, type Config } from '../../src/config.js';
import { processDocument, DEFAULT_CHUNKING } from '../../src/index/process-document.js';
import { readCorpus } from '../../src/index/read-corpus.js';

/** The benchmark model: random weights, so only timings mean anything. */
export const BENCH_MODELS_SUBDIR = 'models/bench';
export const BENCH_MODEL_ID = 'minilm-l6-random-weights';

/** Where `index` leaves its BBC corpus and index for `cold-start` (outside the per-benchmark tmpDir, which is removed). */
export const KEPT_BBC_DIR = path.join(os.tmpdir(), 'accord-bench-kept-bbc');

/** A Config for the bench model over the given folders, nothing read from process.env. */
export function benchConfig(ctx: { sharedDir: string; projectRoot: string }, corpusDir: string, indexDir: string): Config {
  return loadConfig(benchEnv(ctx.sharedDir, corpusDir, indexDir), ctx.projectRoot);
}

export function benchEnv(sharedDir: string, corpusDir: string, indexDir: string): Record<string, string> {
  return {
    CORPUS_DIR: corpusDir,
    INDEX_DIR: indexDir,
    EMBEDDING_MODEL: BENCH_MODEL_ID,
    MODELS_DIR: path.join(sharedDir, BENCH_MODELS_SUBDIR),
    ALLOW_REMOTE_MODELS: 'false',
    EMBEDDING_QUANTIZED: 'false',
    LOG_LEVEL: 'silent',
  };
}

export const silentLogger = (): Logger => pino({ level: 'silent' });

/** Copies the project's seed corpus (top-level documents) into `dest`. */
export async function copySeedCorpus(projectRoot: string, dest: string): Promise<number> {
  await mkdir(dest, { recursive: true });
  const src = path.join(projectRoot, 'corpus');
  const names = (await readdir(src)).filter((n) => !n.startsWith('.'));
  for (const name of names) await cp(path.join(src, name), path.join(dest, name), { recursive: true });
  return names.length;
}

/**
 * Copies BBC articles into `dest/bbc/<topic>/<file>`: all of them, or `limit` spread evenly over the topics.
 * Returns the number copied.
 */
export async function copyBbc(sharedDir: string, dest: string, limit?: number): Promise<number> {
  const root = path.join(sharedDir, 'bench-corpus/bbc');
  const topics = (await readdir(root, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const perTopic = limit === undefined ? Infinity : Math.ceil(limit / topics.length);
  let copied = 0;
  for (const topic of topics) {
    const files = (await readdir(path.join(root, topic))).filter((f) => f.endsWith('.txt')).sort();
    await mkdir(path.join(dest, 'bbc', topic), { recursive: true });
    for (const file of files.slice(0, perTopic)) {
      if (limit !== undefined && copied >= limit) break;
      await cp(path.join(root, topic, file), path.join(dest, 'bbc', topic, file));
      copied++;
    }
  }
  return copied;
}

/** The texts the index build embeds (`title\npassage`), in build order, for a same-run raw-throughput comparison. */
export async function embeddingTexts(corpusDir: string, maxFileBytes: number): Promise<string[]> {
  const { files } = await readCorpus(corpusDir, maxFileBytes);
  const texts: string[] = [];
  for (const file of files) {
    try {
      const doc = processDocument(file.docId, file.text, DEFAULT_CHUNKING);
      for (const p of doc.passages) texts.push(`${doc.title}\n${p.text}`);
    } catch {
      /* skipped by the build too */
    }
  }
  return texts;
}

/** `count` items spread evenly over `items`. */
export function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  const step = items.length / count;
  return Array.from({ length: count }, (_, i) => items[Math.floor(i * step)] as T);
}

/** Samples RSS every `intervalMs`; call `sample()` at natural points too. `stop()` returns the peak in bytes. */
export function rssPeak(intervalMs = 100): { sample(): void; stop(): number } {
  const sampler = startRssSampler(intervalMs);
  return { sample: sampler.sample, stop: () => sampler.stop().peakRssBytes };
}

export const toMiB = (bytes: number): number => Math.round((bytes / 2 ** 20) * 10) / 10;
