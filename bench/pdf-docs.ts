import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makePdf } from '../scripts/make-document-fixtures.js';
import { indexSettings, retrieverSettings, smokeCheck } from '../src/app/create-services.js';
import { extractDocument } from '../src/index/extract/extract-document.js';
import { IndexManager } from '../src/index/index-manager.js';
import type { BenchContext, Benchmark } from './lib/benchmark.js';
import { elapsedMs, nowNs } from './lib/timer.js';
import { benchConfig } from './support/accord-setup.js';

/** A hard-wrapped Gutenberg text as paragraphs (blank-line separated, lines joined). */
function paragraphsOfBook(text: string, maxChars: number): string[] {
  const paragraphs = text
    .replace(/\r\n/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p !== '');
  const kept: string[] = [];
  let chars = 0;
  for (const p of paragraphs) {
    if (chars + p.length > maxChars) break;
    kept.push(p);
    chars += p.length;
  }
  return kept;
}

/**
 * PDF indexing speed: the books of the bench corpus typeset as PDFs (the fixture script's layout: A5-sized pages,
 * running header and footer, hyphenated line ends), then (1) text extraction alone, in pages per second, and (2) a
 * whole lexical-only index build from a cold extraction cache, with the share of its time spent extracting.
 */
async function run(ctx: BenchContext) {
  const booksDir = path.join(ctx.sharedDir, 'bench-corpus/books');
  const names = (await readdir(booksDir)).filter((n) => n.endsWith('.txt')).sort();
  const corpusDir = path.join(ctx.tmpDir, 'pdf/corpus');
  await mkdir(corpusDir, { recursive: true });
  const maxChars = ctx.quick ? 60_000 : 400_000;
  const pdfs: { name: string; bytes: Buffer }[] = [];
  for (const name of names) {
    const paragraphs = paragraphsOfBook(await readFile(path.join(booksDir, name), 'utf8'), maxChars);
    const bytes = await makePdf({ title: name.replace(/\.txt$/, ''), paragraphs });
    const pdfName = name.replace(/\.txt$/, '.pdf');
    await writeFile(path.join(corpusDir, pdfName), bytes);
    pdfs.push({ name: pdfName, bytes });
  }

  // Extraction alone, after one untimed warm-up (module loading, JIT).
  await extractDocument(pdfs[0]?.name ?? 'x.pdf', pdfs[0]?.bytes ?? Buffer.alloc(0), 1e9);
  const rows = [];
  let extractMsTotal = 0;
  let pagesTotal = 0;
  for (const pdf of pdfs) {
    const t = nowNs();
    const extracted = await extractDocument(pdf.name, pdf.bytes, 1e9);
    const ms = elapsedMs(t);
    const pages = new Set(extracted.pages?.map((p) => p.page)).size;
    extractMsTotal += ms;
    pagesTotal += pages;
    rows.push({ pdf: pdf.name, bytes: pdf.bytes.byteLength, pages, chars: extracted.text.length, ms, pagesPerSecond: pages / (ms / 1000) });
  }
  ctx.table(
    `pdf-docs: text extraction (pdf.js text layer + layout), ${ctx.quick ? 'first 60k characters' : 'first 400k characters'} of each book as a PDF`,
    [{ header: 'pdf' }, { header: 'bytes', digits: 0 }, { header: 'pages', digits: 0 }, { header: 'chars', digits: 0 }, { header: 'ms', digits: 0 }, { header: 'pages/s', digits: 1 }],
    rows.map((r) => [r.pdf, r.bytes, r.pages, r.chars, r.ms, r.pagesPerSecond]),
  );

  // A whole build (lexical only: embedding speed is measured by `index`), extraction cache cold.
  const config = benchConfig(ctx, corpusDir, path.join(ctx.tmpDir, 'pdf/index'));
  const manager = new IndexManager(indexSettings(config), smokeCheck(null, retrieverSettings(config)));
  const t = nowNs();
  const result = await manager.reindex(null);
  const buildMs = elapsedMs(t);
  if (result.status !== 'done') throw new Error(`reindex ${result.status}`);
  const { readMs } = result.build.timings;
  ctx.table(
    'pdf-docs: index build from the PDFs (lexical only, extraction cache cold)',
    [{ header: 'pages', digits: 0 }, { header: 'passages', digits: 0 }, { header: 'build ms', digits: 0 }, { header: 'read+extract ms', digits: 0 }, { header: 'extracting share', digits: 2 }, { header: 'pages/s (build)', digits: 1 }],
    [[pagesTotal, result.build.passages, buildMs, readMs, readMs / buildMs, pagesTotal / (buildMs / 1000)]],
  );
  ctx.log(`PDF extraction: ${(pagesTotal / (extractMsTotal / 1000)).toFixed(1)} pages/s; ${((readMs / buildMs) * 100).toFixed(0)}% of a lexical build's time is reading and extracting`);
  return {
    pdfs: rows,
    pages: pagesTotal,
    extractPagesPerSecond: pagesTotal / (extractMsTotal / 1000),
    build: { ms: buildMs, readExtractMs: readMs, extractingShare: readMs / buildMs, passages: result.build.passages, timings: result.build.timings },
  };
}

export const pdfDocsBenchmark: Benchmark = {
  name: 'pdf-docs',
  description: 'PDF indexing speed: pages per second extracted, and the share of a build spent extracting text',
  needsShared: ['bench-corpus/books'],
  run,
};
