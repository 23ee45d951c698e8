import type { CliContext } from './context.js';

/** `sources`: the documents in the served index. */
export async function runSourcesCommand(ctx: CliContext, options: { json?: boolean }): Promise<number> {
  const { answers } = await ctx.services();
  const docs = answers.sources();
  if (options.json) {
    for (const d of docs) console.log(JSON.stringify({ docId: d.docId, title: d.title, source: d.source ?? null, date: d.date ?? null, url: d.url ?? null, passages: d.passageCount }));
    return 0;
  }
  const status = answers.status();
  console.log(`${docs.length} documents, ${status.passages} passages, index ${status.version} (built ${status.builtAt}), mode ${status.mode}${status.modeReason ? ` — ${status.modeReason}` : ''}\n`);
  for (const d of docs) {
    console.log(`${d.title}\n  ${[d.source, d.date].filter(Boolean).join(', ') || 'source and date unknown'} · ${d.passageCount} passages · ${d.docId}`);
  }
  return 0;
}
