import { indexSettings } from '../app/create-services.js';
import { IndexManager } from '../index/index-manager.js';
import type { DocumentMeta } from '../retrieval/types.js';
import type { CliContext } from './context.js';

interface Listing {
  readonly docs: readonly DocumentMeta[];
  readonly header: string;
}

/** The current index's documents, read without loading the model; null when there is no index yet. */
async function listFromIndex(ctx: CliContext): Promise<Listing | null> {
  const loaded = await new IndexManager(indexSettings(ctx.config), async () => {}).loadCurrent();
  if (loaded === null) return null;
  const { snapshot, manifest } = loaded;
  const vectors = manifest.model ? `vectors from ${manifest.model.id} + BM25` : 'lexical only (no vectors)';
  return {
    docs: snapshot.documents,
    header: `${snapshot.documents.length} documents, ${snapshot.passages.length} passages, index ${snapshot.version} (built ${snapshot.builtAt}), ${vectors}`,
  };
}

/** `sources`: the documents in the served index. Builds the index first (loading the model) only when there is none. */
export async function runSourcesCommand(ctx: CliContext, options: { json?: boolean }): Promise<number> {
  let listing = await listFromIndex(ctx);
  if (listing === null) {
    const { answers } = await ctx.services();
    const status = answers.status();
    listing = {
      docs: answers.sources(),
      header: `${status.documents} documents, ${status.passages} passages, index ${status.version} (built ${status.builtAt}), mode ${status.mode}${status.modeReason ? ` — ${status.modeReason}` : ''}`,
    };
  }
  const { docs } = listing;
  if (options.json) {
    for (const d of docs) console.log(JSON.stringify({ docId: d.docId, title: d.title, source: d.source ?? null, date: d.date ?? null, url: d.url ?? null, passages: d.passageCount }));
    return 0;
  }
  console.log(`${listing.header}\n`);
  for (const d of docs) {
    console.log(`${d.title}\n  ${[d.source, d.date].filter(Boolean).join(', ') || 'source and date unknown'} · ${d.passageCount} passages · ${d.docId}`);
  }
  return 0;
}
