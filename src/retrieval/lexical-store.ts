import { z } from 'zod';
import { runSteps, type Steps } from './run-steps.js';

/**
 * The stored form of a lexical index: a small JSON header (terms, document ids, counts) followed by 32-bit integer
 * sections that load as views, without parsing a million numbers one by one. JSON postings took 0.3 s to parse
 * and produced as much garbage to collect at 11k passages (README, Performance, "Reindex, start-up and BM25").
 *
 * ```
 * "ACLX"  u32 header bytes  header (UTF-8 JSON)  zero padding to a multiple of 4
 * per field:   lengths[passageCount]  offsets[terms + 1]  postings[offsets[terms]]   (label, tf pairs)
 * documents:   offsets[documents + 1]  termIds[offsets[documents]]                   (ids into terms of field 0, then extraTerms)
 * passages:    labelDocuments[passageCount]                                        (each passage's document: its position in documents)
 * ```
 * Integers are little-endian.
 */
export interface StoredLexical {
  readonly formatVersion: number;
  readonly layout: number;
  readonly passageCount: number;
  readonly fields: readonly StoredField[];
  /** Document id → ids of its terms: positions in the first field's terms, then in `extraTerms`. */
  readonly documents: readonly string[];
  readonly extraTerms: readonly string[];
  readonly documentOffsets: Int32Array;
  readonly documentTermIds: Int32Array;
  /** Each passage's document, as its position in `documents`. */
  readonly labelDocuments: Int32Array;
}

export interface StoredField {
  readonly lengths: Int32Array;
  readonly terms: readonly string[];
  /** Term i's postings are `postings[offsets[i]…offsets[i + 1]]`. */
  readonly offsets: Int32Array;
  readonly postings: Int32Array;
}

const MAGIC = 'ACLX';

const headerSchema = z.object({
  formatVersion: z.number().int(),
  layout: z.number().int(),
  passageCount: z.number().int().nonnegative(),
  terms: z.array(z.array(z.string())),
  postingCounts: z.array(z.number().int().nonnegative()),
  documents: z.array(z.string()),
  extraTerms: z.array(z.string()),
  documentTermCount: z.number().int().nonnegative(),
});

/** The header with its long string lists (every term, every document id) left to plain loops in {@link parseHeader}. */
const headerShape = headerSchema.extend({ terms: z.array(z.array(z.unknown())), documents: z.array(z.unknown()), extraTerms: z.array(z.unknown()) });
const allStrings = (list: readonly unknown[]): list is string[] => list.every((s) => typeof s === 'string');

/**
 * {@link headerSchema}'s check, without zod visiting 25,000 strings one by one at 11k passages (about 40 ms in a
 * fresh process, against under 1 ms for the loops); anything the loops reject gets the full schema and its message.
 */
function parseHeader(json: unknown): z.infer<typeof headerSchema> {
  const shape = headerShape.safeParse(json);
  if (shape.success) {
    const { terms, documents, extraTerms } = shape.data;
    if (terms.every(allStrings) && allStrings(documents) && allStrings(extraTerms)) return { ...shape.data, terms: terms as string[][], documents, extraTerms };
  }
  return headerSchema.parse(json);
}

/** Encodes an index for writing. */
export function encodeLexical(stored: StoredLexical): Uint8Array {
  const header = Buffer.from(
    JSON.stringify({
      formatVersion: stored.formatVersion,
      layout: stored.layout,
      passageCount: stored.passageCount,
      terms: stored.fields.map((f) => f.terms),
      postingCounts: stored.fields.map((f) => f.postings.length),
      documents: stored.documents,
      extraTerms: stored.extraTerms,
      documentTermCount: stored.documentTermIds.length,
    }),
    'utf8',
  );
  const start = align4(8 + header.byteLength);
  const sections: Int32Array[] = [];
  for (const field of stored.fields) sections.push(field.lengths, field.offsets, field.postings);
  sections.push(stored.documentOffsets, stored.documentTermIds, stored.labelDocuments);
  const total = start + sections.reduce((sum, s) => sum + s.byteLength, 0);
  const out = Buffer.alloc(total);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(header.byteLength, 4);
  header.copy(out, 8);
  const ints = new Int32Array(out.buffer, out.byteOffset + start, (total - start) / 4);
  let at = 0;
  for (const section of sections) {
    ints.set(section, at);
    at += section.length;
  }
  if (!LITTLE_ENDIAN) swapInPlace(ints);
  return out;
}

/** Decodes {@link encodeLexical}'s output; throws an Error saying what does not fit. */
export function decodeLexical(bytes: Uint8Array): StoredLexical {
  return runSteps(decodeLexicalSteps(bytes));
}

/** Integers checked between two yields of {@link decodeLexicalSteps}: about a millisecond's work. */
const CHECKED_PER_STEP = 1 << 16;

/** {@link decodeLexical} in steps of a few milliseconds at 11k passages (see run-steps.ts). */
export function* decodeLexicalSteps(bytes: Uint8Array): Steps<StoredLexical> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.byteLength < 8 || buffer.toString('latin1', 0, 4) !== MAGIC) throw new Error('not a stored lexical index (no ACLX header)');
  const headerBytes = buffer.readUInt32LE(4);
  if (8 + headerBytes > buffer.byteLength) throw new Error('lexical index header runs past the end of the file');
  const json: unknown = JSON.parse(buffer.toString('utf8', 8, 8 + headerBytes));
  yield;
  const header = parseHeader(json);
  yield;
  const start = align4(8 + headerBytes);
  // Views need 4-byte alignment: copy when the bytes do not start on one.
  const aligned = (buffer.byteOffset + start) % 4 === 0 ? buffer : Buffer.from(buffer);
  const ints = new Int32Array(aligned.buffer, aligned.byteOffset + start, Math.floor((aligned.byteLength - start) / 4));
  if (!LITTLE_ENDIAN) swapInPlace(ints);
  let at = 0;
  const take = (n: number): Int32Array => {
    if (at + n > ints.length) throw new Error(`lexical index is truncated: ${ints.length} integers, more than ${at + n} needed`);
    const view = ints.subarray(at, at + n);
    at += n;
    return view;
  };
  if (header.terms.length !== header.postingCounts.length) throw new Error('lexical index header lists terms and postings for different numbers of fields');
  const fields: StoredField[] = header.terms.map((terms, f) => ({
    lengths: take(header.passageCount),
    terms,
    offsets: take(terms.length + 1),
    postings: take(header.postingCounts[f] ?? 0),
  }));
  const documentOffsets = take(header.documents.length + 1);
  const documentTermIds = take(header.documentTermCount);
  const labelDocuments = take(header.passageCount);
  if (at !== ints.length) throw new Error(`lexical index has ${ints.length - at} integers more than its header lists`);
  for (const field of fields) checkOffsets(field.offsets, field.postings.length);
  checkOffsets(documentOffsets, documentTermIds.length);
  // Every number that indexes something else must point inside it: a bad one would surface later as a wrong score
  // or a missing passage, far from its cause.
  for (const field of fields) {
    for (let i = 0; i < field.postings.length; i += 2) {
      checkRange(field.postings[i] as number, header.passageCount, 'a posting names passage');
      if (i % CHECKED_PER_STEP === 0) yield;
    }
  }
  const termCount = (header.terms[0]?.length ?? 0) + header.extraTerms.length;
  for (let i = 0; i < documentTermIds.length; i++) {
    checkRange(documentTermIds[i] as number, termCount, 'a document names term');
    if (i % CHECKED_PER_STEP === 0) yield;
  }
  for (const d of labelDocuments) checkRange(d, header.documents.length, 'a passage names document');
  return { formatVersion: header.formatVersion, layout: header.layout, passageCount: header.passageCount, fields, documents: header.documents, extraTerms: header.extraTerms, documentOffsets, documentTermIds, labelDocuments };
}

/** Offsets must start at 0, never decrease, and end at the section's length. */
function checkOffsets(offsets: Int32Array, length: number): void {
  if (offsets[0] !== 0 || offsets[offsets.length - 1] !== length) throw new Error('lexical index offsets do not cover their section');
  for (let i = 1; i < offsets.length; i++) if ((offsets[i] as number) < (offsets[i - 1] as number)) throw new Error('lexical index offsets decrease');
}

function checkRange(value: number, count: number, what: string): void {
  if (!(value >= 0 && value < count)) throw new Error(`lexical index is damaged: ${what} ${value} of ${count}`);
}

const align4 = (n: number) => (n + 3) & ~3;

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function swapInPlace(ints: Int32Array): void {
  const view = new DataView(ints.buffer, ints.byteOffset, ints.byteLength);
  for (let i = 0; i < ints.length; i++) view.setInt32(i * 4, view.getInt32(i * 4, true), false);
}
