import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Moderation, ReindexOutcome } from '../bot/ports.js';
import { AccordError } from '../errors.js';
import type { CliContext } from './context.js';
import { formatSummary } from './index-command.js';

export interface MetaOptions {
  readonly title?: string;
  readonly source?: string;
  readonly date?: string;
  readonly url?: string;
}

/** Whether the argument of `corpus add` is a link rather than a file path. */
export function isLink(target: string): boolean {
  return /^https?:\/\//i.test(target);
}

function metaOf(options: MetaOptions): MetaOptions {
  return Object.fromEntries(Object.entries(options).filter(([key, value]) => ['title', 'source', 'date', 'url'].includes(key) && typeof value === 'string' && value.trim() !== '')) as MetaOptions;
}

/** Reindexes after a change to the corpus folder and prints what the new version holds. */
async function reindexAndReport(moderation: Moderation, intro: string): Promise<number> {
  console.log(intro);
  const outcome: ReindexOutcome = await moderation.reindex(() => {});
  if (outcome.status === 'busy') {
    console.error('Another reindex is running in this process; run npm run index once it has finished.');
    return 1;
  }
  console.log(outcome.summary.notice ?? formatSummary(outcome.summary));
  return outcome.summary.notice === undefined || outcome.summary.notice.startsWith('Nothing changed') ? 0 : 1;
}

/** `corpus add <file-or-url>`: adds a document file or fetches a link, then reindexes. */
export async function runCorpusAdd(ctx: CliContext, target: string, options: MetaOptions): Promise<number> {
  const { moderation } = await ctx.services();
  const meta = metaOf(options);
  if (isLink(target)) {
    const { url: _ignored, ...rest } = meta;
    const { docId, bytes } = await moderation.addLink(target, rest);
    return reindexAndReport(moderation, `Added ${docId} from ${target} (${bytes} bytes).`);
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(target);
  } catch (e: unknown) {
    throw new AccordError(`Could not read ${target} (${(e as NodeJS.ErrnoException).code ?? String(e)}).`, { hint: 'Give the path of a .txt, .md, .pdf, .html or .docx file, or an https:// link.', cause: e });
  }
  const { docId } = await moderation.addDocument({ fileName: path.basename(target), bytes, meta });
  return reindexAndReport(moderation, `Added ${docId} (${bytes.byteLength} bytes).`);
}

/** `corpus remove <docId>`: removes a document, then reindexes. */
export async function runCorpusRemove(ctx: CliContext, docId: string): Promise<number> {
  const { moderation } = await ctx.services();
  await moderation.removeDocument(docId);
  return reindexAndReport(moderation, `Removed ${docId}.`);
}

/** `corpus list`: the documents in the corpus folder with their titles and sizes. */
export async function runCorpusList(ctx: CliContext, options: { json?: boolean }): Promise<number> {
  const documents = await (await ctx.services()).moderation.listDocuments();
  if (options.json) {
    for (const doc of documents) console.log(JSON.stringify(doc));
    return 0;
  }
  console.log(`${documents.length} document${documents.length === 1 ? '' : 's'} in ${ctx.config.corpusDir}:`);
  for (const doc of documents) console.log(`  ${doc.docId}: ${doc.title} (${doc.bytes} bytes)`);
  return 0;
}

/** `corpus refresh`: fetches the documents added from links again, and reindexes when one changed. */
export async function runCorpusRefresh(ctx: CliContext): Promise<number> {
  const { moderation } = await ctx.services();
  const refresh = await moderation.refreshLinks();
  const total = refresh.unchanged.length + refresh.updated.length + refresh.failed.length;
  if (total === 0) {
    console.log('No document in the corpus was added from a link, so there is nothing to refresh.');
    return 0;
  }
  console.log(`Fetched ${total} link${total === 1 ? '' : 's'} again: ${refresh.updated.length} changed, ${refresh.unchanged.length} unchanged, ${refresh.failed.length} failed.`);
  for (const docId of refresh.updated) console.log(`  changed: ${docId}`);
  for (const f of refresh.failed) console.log(`  kept the old copy of ${f.docId}: ${f.reason}`);
  if (refresh.updated.length === 0) {
    console.log('Nothing changed, so the index was left as it is.');
    return refresh.failed.length === 0 ? 0 : 1;
  }
  const code = await reindexAndReport(moderation, 'Reindexing the changed documents.');
  return refresh.failed.length === 0 ? code : 1;
}
