import { describe, expect, it } from 'vitest';
import { parseJsonArrayPaced } from '../../src/index/parse-json-array-paced.js';

/**
 * The paced parser against JSON.parse as the oracle: every array, valid or damaged, and every batch size from one
 * byte (each element its own batch) to the whole text, so that each boundary falls at each place once.
 */
const encode = (text: string) => new TextEncoder().encode(text);
const pause = async () => {};

/** Parsed value, or the kind of error thrown. */
async function outcomeOf(parse: () => unknown): Promise<{ value: unknown } | { error: string }> {
  try {
    return { value: await parse() };
  } catch (e: unknown) {
    return { error: (e as Error).name };
  }
}

/** The same answer as JSON.parse for `text` at every batch size: the same value, or a SyntaxError. */
async function expectSameAsJsonParse(text: string): Promise<void> {
  const bytes = encode(text);
  // The oracle reads the bytes the paced parser reads (a damaged copy may hold half a surrogate pair).
  const expected = await outcomeOf(() => {
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (!Array.isArray(value)) throw new SyntaxError('not an array');
    return value;
  });
  for (let batchBytes = 1; batchBytes <= bytes.length + 1; batchBytes++) {
    expect(await outcomeOf(() => parseJsonArrayPaced(bytes, pause, batchBytes)), `${JSON.stringify(text)} in batches of ${batchBytes} bytes`).toEqual(expected);
  }
}

/** A small seeded generator (mulberry32): the same cases on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Strings made of what trips a byte scanner: brackets, commas, quotes, backslashes, multi-byte characters. */
const STRING_PARTS = ['[', ']', '{', '}', ',', '"', '\\', '\\"', '"\\', ' ', 'a', 'é', '東', '🚆', '\n', ':'];

function generateValue(next: () => number, depth: number): unknown {
  const pick = Math.floor(next() * (depth > 2 ? 4 : 6));
  if (pick === 0) return Math.floor(next() * 2000) - 1000;
  if (pick === 1) return Array.from({ length: Math.floor(next() * 4) }, () => STRING_PARTS[Math.floor(next() * STRING_PARTS.length)]).join('');
  if (pick === 2) return [null, true, false, 1.5e-3][Math.floor(next() * 4)];
  if (pick === 3) return '';
  if (pick === 4) return Array.from({ length: Math.floor(next() * 3) }, () => generateValue(next, depth + 1));
  return Object.fromEntries(Array.from({ length: Math.floor(next() * 3) }, (_, i) => [`k${i}${STRING_PARTS[Math.floor(next() * STRING_PARTS.length)]}`, generateValue(next, depth + 1)]));
}

/** JSON text of `value` with whitespace of every kind JSON allows, put between tokens at random. */
function withWhitespace(text: string, next: () => number): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    out += c;
    if (c === '"' && !isEscaped(text, i)) inString = !inString;
    if (!inString && '[]{},:'.includes(c) && next() < 0.3) out += [' ', '\n', '\t', '\r\n', '  '][Math.floor(next() * 5)];
  }
  return next() < 0.5 ? ` ${out}\n` : out;
}

function isEscaped(text: string, at: number): boolean {
  let slashes = 0;
  while (text[at - 1 - slashes] === '\\') slashes++;
  return slashes % 2 === 1;
}

/** One damage of the kind a torn or edited file has: a byte inserted, removed or changed. */
function damage(text: string, next: () => number): string {
  const at = Math.floor(next() * (text.length + 1));
  const byte = [',', ']', '[', '{', '}', '"', '\\', ' ', ':', 'x', ',]', ', ]'][Math.floor(next() * 12)] ?? ',';
  const kind = Math.floor(next() * 3);
  if (kind === 0) return text.slice(0, at) + byte + text.slice(at);
  if (kind === 1) return text.slice(0, at) + text.slice(at + 1);
  return text.slice(0, at) + byte + text.slice(at + 1);
}

describe('parsing a JSON array a batch at a time, against JSON.parse', () => {
  it('refuses a trailing comma, wherever the batch boundary falls', async () => {
    for (const text of ['[1,2,3,]', '[1,2,3, ]', '[1,2,3,\n]', '["a","b",]', '[[1],[2],]', '[{"a":1},{"b":2},]', '[1,]', '[,1]', '[1,,2]', '[,]']) {
      await expectSameAsJsonParse(text);
    }
    await expect(parseJsonArrayPaced(encode('[1,2,3,]'), pause, 2)).rejects.toThrow(SyntaxError);
  });

  it('gives the same answer at boundaries inside whitespace, nesting, brackets in strings and escaped quotes', async () => {
    for (const text of [
      '[ 1 , 2 , 3 ]',
      '[\n\t1,\r\n\t2\n]',
      '[[[]],[[1,[2]]],{}]',
      '["]","[","}","{",","]',
      '["\\"]","a\\\\","\\\\\\"",",\\""]',
      '["\\\\"]',
      '[{"a":"]"},{"b":["}",","]}]',
      '[1 2]',
      '[1}]',
      '[{"a":1]}',
      '[1]]',
      '[1],',
      '[[1,2]',
      '["\\"]',
      '[1,2]x',
      '[ ]',
      '[]',
      ' [ ] ',
    ]) {
      await expectSameAsJsonParse(text);
    }
  });

  it('gives the same answer for 300 generated arrays and 600 damaged copies, at every batch size', async () => {
    const next = random(20261201);
    for (let n = 0; n < 300; n++) {
      const value = Array.from({ length: 1 + Math.floor(next() * 6) }, () => generateValue(next, 0));
      const text = withWhitespace(JSON.stringify(value), next);
      await expectSameAsJsonParse(text);
      await expectSameAsJsonParse(damage(text, next));
      await expectSameAsJsonParse(damage(damage(text, next), next));
    }
  }, 60_000);
});

describe('parsing a JSON array a batch at a time', () => {
  let pauses = 0;
  const countPauses = async () => {
    pauses++;
  };

  it('gives what JSON.parse gives, whatever the strings hold', async () => {
    const value = [
      { text: 'a "quoted" ],[ bracket }, { and \\ backslash\\', n: [1, [2, 3]], e: {} },
      'ends with a backslash \\',
      'Zürich – 東京 🚆 "\\"',
      null,
      [],
      -1.5e3,
      { nested: [{ deep: ['],'] }] },
    ];
    const text = JSON.stringify(value);
    expect(await parseJsonArrayPaced(encode(text), pause)).toEqual(value);
    expect(await parseJsonArrayPaced(encode(JSON.stringify(value, null, 2)), pause)).toEqual(value);
    expect(await parseJsonArrayPaced(encode(' [ ] '), pause)).toEqual([]);
  });

  it('pauses between batches of a large array', async () => {
    const value = Array.from({ length: 5_000 }, (_, i) => ({ chunkId: `doc-${i}`, sentences: [[i, i + 10, 0]], text: 'x'.repeat(40) }));
    pauses = 0;
    expect(await parseJsonArrayPaced(encode(JSON.stringify(value)), countPauses)).toEqual(value);
    expect(pauses).toBeGreaterThan(3);
  });

  it('refuses what is not one whole JSON array', async () => {
    for (const bad of ['{"a":1}', '[1,2', '[1,2]x', '["open]', '[1;2]', '']) {
      await expect(parseJsonArrayPaced(encode(bad), pause), bad).rejects.toThrow(SyntaxError);
    }
  });
});
