import { AccordError } from '../errors.js';
import type { Embedder } from '../retrieval/embedder.js';
import { buildIndex, checkUpToDate, type BuildProgress, type BuildRequest, type BuildResult, type IndexSettings, type PreviousBuild } from './build-index.js';
import { versionDir } from './index-layout.js';
import {
  checkWrittenVersion,
  cleanUpVersions,
  loadVersion,
  readCurrentVersion,
  readManifest,
  readStoredPassages,
  readVectors,
  switchCurrentVersion,
  verifyVersion,
  type LoadedVersion,
} from './index-store.js';
import { readPreviousVersion } from './read-previous-version.js';
import { acquireReindexLock } from './reindex-lock.js';
import type { Manifest } from './manifest.js';
import type { CorpusScan } from './read-corpus.js';
import type { ExpectedModel } from './up-to-date.js';
import { removeStalePointerFiles } from './remove-stale-pointers.js';
import { existsSync } from 'node:fs';
import { adoptableOf, adoptVersion } from './adopt-version.js';
import type { IndexSnapshot } from '../retrieval/index-snapshot.js';

/** Loads a version in steps that each hold the event loop briefly, with its manifest. */
async function adoptPaced(indexDir: string, version: string, efSearch: number, pause: () => Promise<void>): Promise<{ manifest: Manifest; snapshot: IndexSnapshot }> {
  const manifest = await readManifest(indexDir, version);
  return { manifest, snapshot: await adoptVersion(indexDir, adoptableOf(manifest), efSearch, pause) };
}

export type IndexManagerSettings = IndexSettings;

export interface ReindexOptions {
  /**
   * The reindex follows {@link IndexManager.upToDate} at once (`npm run index`): it builds from the corpus as that
   * check scanned it, instead of scanning again. A file changed since is seen by the next reindex, as one changed
   * while a build runs.
   */
  readonly afterCheck?: boolean;
}

export type ReindexResult =
  | { readonly status: 'done'; readonly build: BuildResult; readonly loaded: LoadedVersion }
  /** Nothing changed since the current version: it stays current, and nothing was written. */
  | { readonly status: 'unchanged'; readonly build: BuildResult }
  | { readonly status: 'busy'; readonly progress: BuildProgress };

/**
 * Owns the index folder: loads the current version, builds new ones, switches atomically, rolls back.
 * One reindex at a time per process (a second caller is told how far the first is) and per folder (a lock file).
 * The smoke check is injected so this module needs no knowledge of how questions are answered.
 */
export class IndexManager {
  private progress: BuildProgress | null = null;
  /**
   * The manifest {@link upToDate} just read and verified, and the corpus as it scanned it, for the reindex that
   * usually follows (read and scanned once, not twice).
   */
  private checked: { readonly manifest: Manifest; readonly listing?: CorpusScan } | null = null;

  constructor(
    private readonly settings: IndexManagerSettings,
    private readonly smokeCheck: (loaded: LoadedVersion) => Promise<void>,
  ) {}

  /** The progress of the reindex under way in this process, or null. */
  get running(): BuildProgress | null {
    return this.progress;
  }

  /** Loads the current version, or null when none exists yet. Removes half-built versions a crash left. */
  async loadCurrent(): Promise<LoadedVersion | null> {
    const { indexDir, hnsw } = this.settings;
    const current = await readCurrentVersion(indexDir);
    if (current === null) return null;
    if (!existsSync(versionDir(indexDir, current))) {
      throw new AccordError(`The index names version ${current} as current, but its folder is missing.`, {
        hint: 'Rebuild the index: npm run index',
      });
    }
    const loaded = await loadVersion(indexDir, current, hnsw.efSearch);
    await this.cleanUp(loaded.manifest.version, loaded.manifest.previousVersion, true);
    return loaded;
  }

  /**
   * Builds a new version from the corpus, loads and checks it, then makes it current. Unchanged passages keep
   * their vectors. Until the switch, the current version is untouched; a crash at any point leaves it serving.
   */
  async reindex(embedder: Embedder | null, onProgress: (p: BuildProgress) => void = () => {}, options: ReindexOptions = {}): Promise<ReindexResult> {
    if (this.progress) return { status: 'busy', progress: this.progress };
    if (!options.afterCheck && this.checked) this.checked = { manifest: this.checked.manifest };
    this.progress = { phase: 'reading', documentsRead: 0, documentsTotal: 0, passagesEmbedded: 0, passagesTotal: 0, elapsedMs: 0 };
    try {
      const release = await acquireReindexLock(this.settings.indexDir);
      try {
        return await this.buildAndSwitch(embedder, onProgress);
      } finally {
        await release();
      }
    } finally {
      this.progress = null;
    }
  }

  private async buildAndSwitch(embedder: Embedder | null, onProgress: (p: BuildProgress) => void): Promise<ReindexResult> {
    const { indexDir } = this.settings;
    const previous = await this.previousBuild();
    const request: BuildRequest = {
      ...this.settings,
      embedder,
      previous,
      onProgress: (p) => {
        this.progress = p;
        onProgress(p);
      },
    };
    let build = await buildIndex(request);
    if (build.upToDate) {
      // Up to date only counts when the current version loads and is consistent (checksums, counts, a readable
      // HNSW graph): "npm run index" is the fix every load error names, so it must never answer "up to date" to one.
      const intact = await verifyVersion(indexDir, build.version)
        .then(() => loadVersion(indexDir, build.version, this.settings.hnsw.efSearch))
        .then(() => true, () => false);
      if (intact) return { status: 'unchanged', build };
      build = await buildIndex({ ...request, force: true });
    }
    const { documents, passages } = build.manifest.counts;
    const checking: BuildProgress = {
      phase: 'checking',
      documentsRead: documents,
      documentsTotal: documents,
      passagesEmbedded: passages,
      passagesTotal: passages,
      elapsedMs: build.durationMs,
    };
    this.progress = checking;
    onProgress(checking);
    const loaded = build.written
      ? await checkWrittenVersion(indexDir, build.written.data, build.written.manifest, this.settings.hnsw.efSearch)
      : await loadVersion(indexDir, build.version, this.settings.hnsw.efSearch);
    await this.smokeCheck(loaded);
    await switchCurrentVersion(indexDir, build.version);
    await this.cleanUp(build.version, previous?.manifest.version ?? null, false);
    return { status: 'done', build, loaded };
  }

  /**
   * The current version, when the corpus and settings match it and its files are intact: what a reindex would
   * find, decided without loading any model (the model is named by the settings). Null when a build is needed.
   */
  async upToDate(model: ExpectedModel | null): Promise<BuildResult | null> {
    const { indexDir } = this.settings;
    const current = await readCurrentVersion(indexDir);
    if (current === null) return null;
    const manifest = await readManifest(indexDir, current).catch(() => null);
    if (manifest === null) return null;
    this.checked = { manifest };
    const { fresh: result, listing } = await checkUpToDate(this.settings, manifest, model);
    this.checked = { manifest, listing };
    if (result === null) return null;
    // Files whose stat matches their stamp from the last check are not hashed again: `npm run index` then costs
    // stat calls, not reading the whole version (a load always hashes; a failed one removes the stamps).
    return (await verifyVersion(indexDir, current, manifest, { trustStamps: true }).then(() => true, () => false)) ? result : null;
  }

  /**
   * Makes the version the current one was built from current again, and loads it: in one go, or, given `pause`
   * (the running bot), in paced steps as a version built by the bot's reindex process is adopted (adopt-version.ts).
   */
  async rollback(pause?: () => Promise<void>): Promise<Pick<LoadedVersion, 'manifest' | 'snapshot'>> {
    const { indexDir, hnsw } = this.settings;
    if (this.progress) {
      throw new AccordError('A reindex is running: it cannot be rolled back until it has finished.', {
        hint: 'Wait for the reindex to finish, then roll back if its result is wrong.',
      });
    }
    const release = await acquireReindexLock(indexDir);
    try {
      const current = await readCurrentVersion(indexDir);
      if (current === null) throw new AccordError('There is no index to roll back.', { hint: 'Build one: npm run index' });
      const target = (await readManifest(indexDir, current)).previousVersion;
      if (target === null || !existsSync(versionDir(indexDir, target))) {
        throw new AccordError(`Index version ${current} has no earlier version kept to roll back to.`, {
          hint: 'Only the version before the latest reindex is kept. Fix the corpus and reindex instead.',
        });
      }
      const loaded = pause ? await adoptPaced(indexDir, target, hnsw.efSearch, pause) : await loadVersion(indexDir, target, hnsw.efSearch);
      await switchCurrentVersion(indexDir, target);
      // Keep what a start keeps (the current version and the one before it): the version rolled back from goes, so a
      // restart finds nothing else to remove. A mistaken rollback is undone by reindexing.
      await this.cleanUp(target, loaded.manifest.previousVersion, false);
      return loaded;
    } finally {
      await release();
    }
  }

  private async previousBuild(): Promise<PreviousBuild | null> {
    const { indexDir } = this.settings;
    const current = await readCurrentVersion(indexDir);
    if (current === null) return null;
    try {
      // Only what reuse needs: a version that no longer loads (a lexical index from an older text analysis, a
      // damaged HNSW file) still lends the vectors of its unchanged passages.
      const checked = this.checked?.manifest.version === current ? this.checked : null;
      this.checked = null;
      const manifest = checked?.manifest ?? (await readManifest(indexDir, current));
      return {
        manifest,
        ...(checked?.listing && { listing: checked.listing }),
        async readCache() {
          const passages = await readStoredPassages(indexDir, manifest).catch(() => []);
          const vectors = await readVectors(indexDir, manifest);
          const rows = manifest.model ? passages.length * manifest.model.dimensions : 0;
          return { passages, vectors: vectors?.length === rows ? vectors : null };
        },
        readWhole: () => readPreviousVersion(indexDir, manifest),
      };
    } catch {
      return null; // no readable manifest or passages: everything is embedded afresh
    }
  }

  private async cleanUp(current: string, previous: string | null, onlyIfUnlocked: boolean): Promise<void> {
    if (onlyIfUnlocked && this.progress) return;
    const keep = [current, ...(previous ? [previous] : [])];
    if (onlyIfUnlocked) {
      // At start-up another process may be building: only remove its folder when nobody holds the lock.
      try {
        const release = await acquireReindexLock(this.settings.indexDir);
        try {
          await cleanUpVersions(this.settings.indexDir, keep);
          await removeStalePointerFiles(this.settings.indexDir);
        } finally {
          await release();
        }
      } catch {
        /* someone is reindexing: leave their .building folder alone */
      }
      return;
    }
    await cleanUpVersions(this.settings.indexDir, keep);
    await removeStalePointerFiles(this.settings.indexDir);
  }
}
