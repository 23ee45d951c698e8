import type { ReindexSummary } from '../bot/ports.js';
import { indexSettings } from '../app/index-settings.js';
import { summarize } from '../app/summarize-build.js';
import { IndexManager } from '../index/index-manager.js';
import type { BuildProgress, BuildResult } from '../index/build-index.js';
import type { LoadedVersion } from '../index/index-store.js';
import { expectedModel } from '../app/expected-model.js';
import type { CliContext } from './context.js';

/** The summary a reindex prints (the bot shows the same facts). */
export function formatSummary(summary: ReindexSummary): string {
  const list = (label: string, items: readonly string[]) => `${label}: ${items.length}${items.length ? ` (${items.join(', ')})` : ''}`;
  const lines = [
    `Index version ${summary.version} is now current (${summary.mode === 'hybrid' ? 'vectors + BM25' : 'lexical only'}).`,
    list('  added', summary.added),
    list('  changed', summary.changed),
    list('  removed', summary.removed),
    `  unchanged: ${summary.unchanged}`,
    `  skipped: ${summary.skipped.length}`,
    ...summary.skipped.map((s) => `    - ${s.path}: ${s.reason}`),
    `  passages: ${summary.passages}`,
    `  duration: ${(summary.durationMs / 1000).toFixed(1)} s`,
  ];
  return lines.join('\n');
}

function formatUpToDate(summary: ReindexSummary): string {
  const skipped = summary.skipped.map((s) => `    - ${s.path}: ${s.reason}`);
  return [
    `Nothing changed: index version ${summary.version} is up to date (${summary.unchanged} documents, ${summary.passages} passages).`,
    ...(skipped.length ? [`  skipped: ${skipped.length}`, ...skipped] : []),
  ].join('\n');
}

async function progressReporter(): Promise<{ update: (p: BuildProgress) => void; stop: () => void }> {
  if (!process.stderr.isTTY) {
    let last = 0;
    return {
      update: (p) => {
        if (p.elapsedMs - last < 2000 && p.phase === 'embedding' && p.passagesEmbedded < p.passagesTotal) return;
        last = p.elapsedMs;
        process.stderr.write(`${p.phase}: documents ${p.documentsRead}/${p.documentsTotal}, passages ${p.passagesEmbedded}/${p.passagesTotal}\n`);
      },
      stop: () => {},
    };
  }
  // Imported here: a no-change run and --json never draw a bar.
  const { SingleBar, Presets } = await import('cli-progress');
  const bar = new SingleBar({ format: '{phase} [{bar}] {value}/{total} passages | {docs} documents | {duration_formatted}', hideCursor: true }, Presets.shades_classic);
  let started = false;
  return {
    update: (p) => {
      const payload = { phase: p.phase.padEnd(9), docs: `${p.documentsRead}/${p.documentsTotal}` };
      if (!started) bar.start(Math.max(p.passagesTotal, 1), p.passagesEmbedded, payload);
      started = true;
      bar.setTotal(Math.max(p.passagesTotal, 1));
      bar.update(p.passagesEmbedded, payload);
    },
    stop: () => bar.stop(),
  };
}

/** `index`: builds or updates the index; `--rollback` makes the previous version current again. */
export async function runIndexCommand(ctx: CliContext, options: { rollback?: boolean; json?: boolean }): Promise<number> {
  const { config } = ctx;
  if (options.rollback) {
    // Rollback switches to a version already checked when it was built: no model needed.
    const restored = await new IndexManager(indexSettings(config), async () => {}).rollback();
    console.log(`Rolled back: index version ${restored.manifest.version} (built ${restored.manifest.builtAt}) is current again.`);
    return 0;
  }
  // One manager for the check and the build: the build reuses the manifest the check read and the corpus it scanned.
  let check: (loaded: LoadedVersion) => Promise<void> = async () => {};
  const manager = new IndexManager(indexSettings(config), (loaded) => check(loaded));
  // Nothing changed? Decided from the manifest and the files' hashes before the model is loaded.
  const fresh = await manager.upToDate(expectedModel(config));
  if (fresh) {
    printResult(summarize(fresh), true, fresh, options);
    return 0;
  }
  // Answering (for the smoke check) and the model load only when something has to be built.
  const [{ lazyEmbedder }, { retrieverSettings, smokeCheck }] = await Promise.all([import('../app/load-embedder.js'), import('../app/create-services.js')]);
  const { embedder, reason, warning } = await lazyEmbedder(config, 'indexing')();
  if (warning) console.error(`Note: ${warning}.`);
  check = smokeCheck(embedder, retrieverSettings(config));
  if (reason) console.error(`Note: building a lexical-only index (${reason}).`);
  const progress = options.json ? { update: () => {}, stop: () => {} } : await progressReporter();
  let result: Awaited<ReturnType<IndexManager['reindex']>>;
  try {
    result = await manager.reindex(embedder, progress.update, { afterCheck: true });
  } finally {
    progress.stop(); // before printing, so the summary does not land inside the progress bar
  }
  if (result.status === 'busy') {
    console.error('A reindex is already running in this process.');
    return 1;
  }
  printResult(summarize(result.build), result.status === 'unchanged', result.build, options);
  return 0;
}

function printResult(summary: ReindexSummary, upToDate: boolean, build: BuildResult, options: { json?: boolean }): void {
  if (options.json) {
    const { embedded, processed, lexicalMode, graphMode, timings } = build;
    console.log(JSON.stringify({ ...summary, upToDate, embedded, processed, lexicalMode, graphMode, timingsMs: timings }));
  } else console.log(upToDate ? formatUpToDate(summary) : formatSummary(summary));
}
