import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createPrng, shuffled } from './prng.js';

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

function countWords(text: string): number {
  return text.split(/\s+/).filter((w) => w !== '').length;
}

/** Splits `text` into windows of whole sentences of at least `targetWords` words (the last may be shorter). */
export function sentenceWindows(text: string, targetWords: number): string[] {
  const windows: string[] = [];
  let current: string[] = [];
  let words = 0;
  for (const { segment } of segmenter.segment(text.replace(/\s+/g, ' ').trim())) {
    current.push(segment.trim());
    words += countWords(segment);
    if (words >= targetWords) {
      windows.push(current.join(' '));
      current = [];
      words = 0;
    }
  }
  if (current.length > 0) windows.push(current.join(' '));
  return windows;
}

/**
 * `count` realistic passages from the BBC news corpus (`<bbcDir>/<topic>/*.txt`): articles in a seeded random order,
 * each cut into ~`targetWords`-word windows of whole sentences. A stand-in for the project's chunker, good enough
 * for timing the embedder. Throws when the corpus holds fewer passages.
 */
export async function loadBbcPassages(bbcDir: string, count: number, targetWords = 110, seed = 7): Promise<string[]> {
  const topics = (await readdir(bbcDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  const files: string[] = [];
  for (const topic of topics.sort()) {
    const names = (await readdir(path.join(bbcDir, topic))).filter((n) => n.endsWith('.txt')).sort();
    files.push(...names.map((n) => path.join(bbcDir, topic, n)));
  }
  const passages: string[] = [];
  for (const file of shuffled(files, createPrng(seed))) {
    const text = await readFile(file, 'utf8');
    passages.push(...sentenceWindows(text, targetWords).filter((w) => countWords(w) >= targetWords / 2));
    if (passages.length >= count) return passages.slice(0, count);
  }
  throw new Error(`${bbcDir} yields only ${passages.length} passages of ~${targetWords} words; ${count} are needed`);
}
