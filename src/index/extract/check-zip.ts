import { ExtractionError } from './extraction-error.js';
import { EXTRACTION_LIMITS } from './extraction-limits.js';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const ZIP64_MARKER = 0xffffffff;

export interface ZipEntry {
  readonly name: string;
  readonly compressedBytes: number;
  readonly bytes: number;
}

/** The entries a ZIP archive's central directory lists, or null when it has none that can be read. Pure. */
export function listZipEntries(data: Uint8Array): ZipEntry[] | null {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let end = -1;
  for (let i = data.byteLength - 22; i >= Math.max(0, data.byteLength - 22 - 65_535); i--) {
    if (view.getUint32(i, true) === END_OF_CENTRAL_DIRECTORY) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (offset + 46 > data.byteLength || view.getUint32(offset, true) !== CENTRAL_FILE_HEADER) return null;
    const nameLength = view.getUint16(offset + 28, true);
    entries.push({
      name: decoder.decode(data.subarray(offset + 46, offset + 46 + nameLength)),
      compressedBytes: view.getUint32(offset + 20, true),
      bytes: view.getUint32(offset + 24, true),
    });
    offset += 46 + nameLength + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
  return entries;
}

/**
 * Refuses a DOCX before it is unpacked when it is no ZIP archive, lacks `word/document.xml`, or would expand
 * beyond the limits (a "zip bomb"): more than `maxUnpackedBytes` in all, or an entry more than
 * `maxCompressionRatio` times its compressed size.
 */
export function checkDocxArchive(data: Uint8Array): void {
  const entries = listZipEntries(data);
  const damaged = 'Open it in Word or LibreOffice and save it again as .docx, then add that.';
  if (entries === null) throw new ExtractionError('the DOCX is damaged (its ZIP directory cannot be read)', damaged);
  if (!entries.some((e) => e.name === 'word/document.xml')) throw new ExtractionError('the file is a ZIP archive but not a Word document (no word/document.xml)', damaged);
  let total = 0;
  for (const entry of entries) {
    if (entry.bytes === ZIP64_MARKER || entry.compressedBytes === ZIP64_MARKER) {
      throw new ExtractionError(`the DOCX entry ${entry.name} is over 4 GB (ZIP64)`, 'Only ordinary Word documents can be added.');
    }
    total += entry.bytes;
    const ratio = entry.bytes / Math.max(1, entry.compressedBytes);
    if (ratio > EXTRACTION_LIMITS.maxCompressionRatio && entry.bytes > 1_000_000) {
      throw new ExtractionError(`the DOCX entry ${entry.name} expands ${Math.round(ratio)} times (${entry.bytes} bytes): a decompression bomb`, 'Only ordinary Word documents can be added.');
    }
  }
  if (total > EXTRACTION_LIMITS.maxUnpackedBytes) {
    throw new ExtractionError(`the DOCX would unpack to ${total} bytes, over the ${EXTRACTION_LIMITS.maxUnpackedBytes}-byte limit`, 'Split the document, or save its text as a .txt file and add that.');
  }
}
