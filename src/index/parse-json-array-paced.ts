/** Bytes of elements parsed per JSON.parse call: about a millisecond of parsing (measured at 11k passages). */
const BATCH_BYTES = 64 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;

/**
 * Parses a UTF-8 JSON array element by element, pausing between batches, so that a large file never blocks the
 * event loop for long: `JSON.parse` of a whole 5.7 MB documents file blocked it for 15–20 ms, with its decoding.
 * Top-level elements are found by a scan that skips string contents (a multi-byte UTF-8 character never contains
 * an ASCII byte, so scanning bytes is exact), then batches of them are parsed together. Throws a SyntaxError for
 * anything that is not a JSON array, as JSON.parse would. `batchBytes` (tests use every size) sets the batches.
 */
export async function parseJsonArrayPaced(bytes: Uint8Array, pause: () => Promise<void>, batchBytes = BATCH_BYTES): Promise<unknown[]> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: unknown[] = [];
  let at = skipSpace(buffer, 0);
  if (buffer[at] !== 0x5b) throw new SyntaxError('expected a JSON array');
  at = skipSpace(buffer, at + 1);
  if (buffer[at] === 0x5d) return checkEnd(buffer, at + 1, out);
  let batchStart = at;
  for (;;) {
    const end = elementEnd(buffer, at);
    const next = buffer[end];
    // `[1,]`, `[,1]`, `[1,,2]`: JSON.parse refuses them within a batch, but not a batch that ends at the comma.
    if (skipSpace(buffer, at) === end) throw new SyntaxError(`a missing element at byte ${end} in a JSON array`);
    if (next !== COMMA && next !== 0x5d) throw new SyntaxError(`unexpected byte at ${end} in a JSON array`);
    if (end - batchStart >= batchBytes || next === 0x5d) {
      for (const item of JSON.parse(`[${buffer.toString('utf8', batchStart, end)}]`) as unknown[]) out.push(item);
      if (next === 0x5d) return checkEnd(buffer, end + 1, out);
      batchStart = end + 1;
      await pause();
    }
    at = end + 1;
  }
}

function checkEnd(buffer: Buffer, at: number, out: unknown[]): unknown[] {
  if (skipSpace(buffer, at) !== buffer.length) throw new SyntaxError('unexpected data after a JSON array');
  return out;
}

function skipSpace(buffer: Buffer, at: number): number {
  while (at < buffer.length && (buffer[at] === 0x20 || buffer[at] === 0x0a || buffer[at] === 0x0d || buffer[at] === 0x09)) at++;
  return at;
}

/** The position of the comma or closing bracket that ends the element starting at `at` (outside any string). */
function elementEnd(buffer: Buffer, at: number): number {
  let depth = 0;
  for (let i = at; i < buffer.length; i++) {
    const c = buffer[i];
    if (c === QUOTE) i = stringEnd(buffer, i);
    else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      if (depth === 0) return i;
      depth--;
    } else if (c === COMMA && depth === 0) return i;
  }
  throw new SyntaxError('a JSON array ends early');
}

/** The position of the quote that closes the string opened at `open`. */
function stringEnd(buffer: Buffer, open: number): number {
  let from = open + 1;
  for (;;) {
    const close = buffer.indexOf(QUOTE, from);
    if (close < 0) throw new SyntaxError('a JSON string is not closed');
    let slashes = 0;
    while (buffer[close - 1 - slashes] === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return close;
    from = close + 1;
  }
}
