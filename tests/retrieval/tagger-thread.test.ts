import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TaggerThread } from '../../src/retrieval/tagger-thread.js';
import { tagWords } from '../../src/retrieval/tag-words.js';

const TEXTS = [
  'hey plz how many piorun sistems is belgum buying',
  'What did Olaf Scholz say in Denmark about the F-16 howitzers?',
  '',
];

describe('compromise in a worker thread', () => {
  it('tags each text exactly as tagWords does in this thread', () => {
    const thread = new TaggerThread();
    for (const text of TEXTS) expect(thread.call(text)).toEqual(tagWords(text));
    expect(thread.call(TEXTS[0]!)).toEqual(tagWords(TEXTS[0]!)); // asked again: tagged again
  }, 30_000);

  it('runs the waiting work once, on the first call that has to wait', () => {
    let runs = 0;
    const thread = new TaggerThread(() => runs++);
    expect(thread.call(TEXTS[1]!)).toEqual(tagWords(TEXTS[1]!)); // the worker is still loading: this call waits
    expect(thread.call(TEXTS[0]!)).toEqual(tagWords(TEXTS[0]!));
    expect(runs).toBe(1);
  }, 30_000);

  it('gives up at once, without waiting for its time limit, when the worker cannot load', () => {
    const thread = new TaggerThread(null, new URL('./no-such-tagger-worker.ts', import.meta.url).href);
    const started = Date.now();
    expect(thread.call(TEXTS[0]!)).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(5_000); // the time limit is 10 s
    expect(thread.call(TEXTS[1]!)).toBeUndefined(); // and stays given up: the caller tags in its own thread
  }, 60_000);

  it('gives up at once when the worker dies after loading, outside any request', () => {
    // A worker entry that loads, then throws later (a crash the sleeping caller cannot hear as an 'error' event).
    const dir = mkdtempSync(path.join(os.tmpdir(), 'accord-tagger-'));
    try {
      const entry = path.join(dir, 'dies.mjs');
      writeFileSync(entry, "setTimeout(() => { throw new Error('the tagger died'); }, 20);\n");
      const thread = new TaggerThread(null, pathToFileURL(entry).href);
      const started = Date.now();
      expect(thread.call(TEXTS[0]!)).toBeUndefined();
      expect(Date.now() - started).toBeLessThan(5_000); // the time limit is 10 s
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
