import { describe, expect, it } from 'vitest';
import { LexicalIndex } from '../../src/retrieval/lexical-index.js';

/** A serialized index whose JSON header is replaced by `edit(header)` (the integer sections kept as they are). */
function withHeader(bytes: Uint8Array, edit: (header: Record<string, unknown>) => void): Uint8Array {
  const buffer = Buffer.from(bytes);
  const length = buffer.readUInt32LE(4);
  const header = JSON.parse(buffer.toString('utf8', 8, 8 + length)) as Record<string, unknown>;
  edit(header);
  // Same length, so the sections stay where they were: pad with spaces (valid JSON whitespace).
  const text = JSON.stringify(header);
  if (Buffer.byteLength(text) > length) throw new Error('edited header is longer than the original');
  const out = Buffer.from(buffer);
  out.write(text.padEnd(length, ' '), 8, 'utf8');
  return out;
}

describe('a stored lexical index header', () => {
  const index = LexicalIndex.build([
    { label: 0, docId: 'harbour.txt', title: 'Harbour Agreement', text: 'The harbour council will hire fourteen lighthouse keepers before winter.' },
    { label: 1, docId: 'farm.txt', title: 'Farms', text: 'Each member farm will contribute twelve crates of apples.' },
  ]);

  it('loads with its term and document lists as written', () => {
    const restored = LexicalIndex.deserialize(index.serialize());
    expect(restored.query('lighthouse keepers', 5)).toEqual(index.query('lighthouse keepers', 5));
    expect(restored.documentHasTerm('farm.txt', 'appl')).toBe(index.documentHasTerm('farm.txt', 'appl'));
  });

  it('is refused, with the path of the bad entry, when a term or a document id is not a string', () => {
    const badTerm = withHeader(index.serialize(), (h) => {
      (h['terms'] as unknown[][])[0]![1] = 7;
    });
    expect(() => LexicalIndex.deserialize(badTerm)).toThrow(/terms.*expected string/s);
    const badDocument = withHeader(index.serialize(), (h) => {
      (h['documents'] as unknown[])[0] = null;
    });
    expect(() => LexicalIndex.deserialize(badDocument)).toThrow(/documents.*expected string/s);
    const noCount = withHeader(index.serialize(), (h) => {
      delete h['documentTermCount'];
    });
    expect(() => LexicalIndex.deserialize(noCount)).toThrow(/documentTermCount/);
  });
});
