import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { z } from 'zod';
import { AccordError } from '../errors.js';

/**
 * A retrieval benchmark in BEIR layout (Thakur et al., NeurIPS 2021): `corpus.jsonl[.gz]` ({_id, title, text}),
 * `queries.jsonl` ({_id, text}) and `qrels/test.tsv` (query-id, corpus-id, score, with a header line).
 */
export interface BeirDataset {
  readonly name: string;
  readonly dir: string;
  readonly queries: readonly { readonly id: string; readonly text: string }[];
  /** Relevance grades by query id, then by document id. */
  readonly qrels: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

export function isBeirDir(dir: string): boolean {
  return existsSync(path.join(dir, 'queries.jsonl')) && existsSync(path.join(dir, 'qrels', 'test.tsv'));
}

function corpusFile(dir: string): string {
  for (const name of ['corpus.jsonl', 'corpus.jsonl.gz']) if (existsSync(path.join(dir, name))) return path.join(dir, name);
  throw new AccordError(`${dir} has no corpus.jsonl or corpus.jsonl.gz.`, { hint: 'Give the folder of a BEIR dataset (corpus, queries.jsonl, qrels/test.tsv).' });
}

async function* jsonLines(file: string): AsyncGenerator<{ line: number; json: unknown }> {
  const input = createReadStream(file);
  const lines = createInterface({ input: file.endsWith('.gz') ? input.pipe(createGunzip()) : input, crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    try {
      yield { line, json: JSON.parse(text) };
    } catch (e: unknown) {
      throw new AccordError(`${file} line ${line} is not valid JSON.`, { hint: 'BEIR files hold one JSON object per line.', cause: e });
    }
  }
}

const queryLine = z.object({ _id: z.union([z.string(), z.number()]).transform(String), text: z.string().min(1) });
const documentLine = z.object({ _id: z.union([z.string(), z.number()]).transform(String), title: z.string().default(''), text: z.string() });

function parseLine<T>(schema: z.ZodType<T>, file: string, line: number, json: unknown): T {
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new AccordError(`${file} line ${line}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}.`);
  return parsed.data;
}

/** Reads the queries that have judgments in `qrels/test.tsv`, and the judgments. */
export async function readBeirDataset(dir: string): Promise<BeirDataset> {
  const qrelsFile = path.join(dir, 'qrels', 'test.tsv');
  const qrels = new Map<string, Map<string, number>>();
  (await readFile(qrelsFile, 'utf8')).split(/\r?\n/).forEach((row, i) => {
    if (i === 0 || row.trim() === '') return;
    const [queryId, docId, grade] = row.split('\t');
    if (queryId === undefined || docId === undefined || grade === undefined || !Number.isFinite(Number(grade))) {
      throw new AccordError(`${qrelsFile} line ${i + 1} is not "query-id<TAB>corpus-id<TAB>score".`);
    }
    let judged = qrels.get(queryId);
    if (!judged) qrels.set(queryId, (judged = new Map()));
    judged.set(docId, Number(grade));
  });
  const queries: { id: string; text: string }[] = [];
  const queriesFile = path.join(dir, 'queries.jsonl');
  for await (const { line, json } of jsonLines(queriesFile)) {
    const q = parseLine(queryLine, queriesFile, line, json);
    if (qrels.has(q._id)) queries.push({ id: q._id, text: q.text });
  }
  return { name: path.basename(path.resolve(dir)), dir, queries, qrels };
}

/** The corpus file name of a BEIR document id, and back. Ids that are not file-safe are percent-encoded. */
export const beirFileName = (id: string) => `${encodeURIComponent(id).replace(/\./g, '%2E')}.txt`;
export const beirDocumentId = (docId: string) => decodeURIComponent(docId.replace(/\.txt$/, ''));

/**
 * Writes the BEIR corpus as one text file per document (title as front matter, so every passage of the document
 * carries it) into `target`, once: a stamp of the source file's size and time says when it is already there.
 * Returns the folder. Written into a sibling folder first and renamed, so a crash leaves no half corpus.
 */
export async function materializeBeirCorpus(dir: string, target: string): Promise<string> {
  const source = corpusFile(dir);
  const { size, mtimeMs } = await stat(source);
  const stamp = JSON.stringify({ source: path.resolve(source), size, mtimeMs });
  const stampFile = path.join(target, '.accord-beir-stamp');
  if ((await readFile(stampFile, 'utf8').catch(() => '')) === stamp) return target;
  const building = `${target}.building-${process.pid}`;
  await rm(building, { recursive: true, force: true });
  await mkdir(building, { recursive: true });
  for await (const { line, json } of jsonLines(source)) {
    const doc = parseLine(documentLine, source, line, json);
    const title = doc.title.replace(/\s+/g, ' ').trim();
    const front = title === "" ? "" : `---\ntitle: ${title}\n---\n`;
    await writeFile(path.join(building, beirFileName(doc._id)), `${front}${doc.text}\n`);
  }
  await writeFile(path.join(building, '.accord-beir-stamp'), stamp);
  await rm(target, { recursive: true, force: true });
  await rename(building, target);
  return target;
}
