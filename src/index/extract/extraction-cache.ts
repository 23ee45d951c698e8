import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { EXTRACTION_VERSION, type Extraction } from './extract-document.js';

/**
 * Extracted texts, by the sha256 of the file's bytes: `<sha256>.txt` is the exact text every quote of the document
 * is a slice of (what `ask --json` points to), `<sha256>.json` its format, metadata and page starts. A reindex reads
 * an unchanged PDF from here instead of extracting it again. Entries are never changed, only added.
 */
const entrySchema = z.object({
  extractionVersion: z.number().int(),
  format: z.enum(['text', 'markdown', 'pdf', 'html', 'docx']),
  meta: z.record(z.string(), z.string()),
  pages: z.array(z.object({ start: z.number().int().nonnegative(), page: z.number().int().positive() })).optional(),
});

export function extractedTextFile(dir: string, bytesHash: string): string {
  return path.join(dir, `${bytesHash}.txt`);
}

async function writeAtomically(file: string, data: string): Promise<void> {
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, data, 'utf8');
    await rename(temporary, file);
  } finally {
    await rm(temporary, { force: true });
  }
}

/** A cached extraction of these bytes by the current rules, or null. */
export async function readCachedExtraction(dir: string, bytesHash: string): Promise<Extraction | null> {
  try {
    const entry = entrySchema.parse(JSON.parse(await readFile(path.join(dir, `${bytesHash}.json`), 'utf8')));
    if (entry.extractionVersion !== EXTRACTION_VERSION) return null;
    const text = await readFile(extractedTextFile(dir, bytesHash), 'utf8');
    return { text, format: entry.format, meta: entry.meta, ...(entry.pages && { pages: entry.pages }) };
  } catch {
    return null; // missing or damaged: extract again
  }
}

/** Stores an extraction (text first, so a `.json` entry always has its text). */
export async function cacheExtraction(dir: string, bytesHash: string, extraction: Extraction): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeAtomically(extractedTextFile(dir, bytesHash), extraction.text);
  const entry = { extractionVersion: EXTRACTION_VERSION, format: extraction.format, meta: extraction.meta, ...(extraction.pages && { pages: extraction.pages }) };
  await writeAtomically(path.join(dir, `${bytesHash}.json`), JSON.stringify(entry));
}
