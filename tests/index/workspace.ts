import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { indexSettings, retrieverSettings, smokeCheck } from '../../src/app/create-services.js';
import { LiveAnswerService } from '../../src/app/live-answer-service.js';
import { loadConfig, type Config } from '../../src/config.js';
import { AccordError } from '../../src/errors.js';
import { BUILDING_PREFIX, versionsDir } from '../../src/index/index-layout.js';
import { IndexManager } from '../../src/index/index-manager.js';
import type { LoadedVersion } from '../../src/index/index-store.js';
import type { ChunkingSettings } from '../../src/index/process-document.js';
import type { Embedder } from '../../src/retrieval/embedder.js';
import type { Answer } from '../../src/retrieval/types.js';

/** Small documents of real prose, each on its own topic, so a question finds exactly one of them. */
export const DOCS = {
  'harbour-lighthouses.txt': [
    '---',
    'title: Harbour Lighthouse Agreement',
    'source: Coastal Gazette',
    'date: 2024-03-05',
    '---',
    'The harbour council and the coastal guild signed an agreement on Tuesday to restore the old lighthouses.',
    'Under the agreement, the council will hire fourteen new lighthouse keepers before the winter storms arrive.',
    '',
    'The guild promised to train every keeper in signal lamps, radio watches and rescue drills.',
    'Fishermen in the harbour welcomed the plan and said the dark coast had cost them several boats.',
    '',
  ].join('\n'),
  'orchard-cooperative.txt': [
    'The valley farmers formed an orchard cooperative to share cider presses and cold storage.',
    'Each member farm will contribute twelve crates of apples to the common cellar every autumn.',
    '',
    'The cooperative also agreed to plant pear trees along the river terraces next spring.',
    'Its chairwoman said the shared presses would halve the cost of making cider for small growers.',
    '',
  ].join('\n'),
  'mountain-railway.md': [
    '# Mountain Railway Treaty',
    '',
    'Two alpine cantons agreed to reopen the narrow gauge railway across the glacier pass.',
    'The treaty commits both cantons to repair nine tunnels and to rebuild the wooden viaduct.',
    '',
    'Tourist trains will run every summer, while freight wagons will carry timber during the winter months.',
    'Engineers expect the first steam locomotive to cross the viaduct within three years.',
    '',
  ].join('\n'),
  'beekeeping-pact.txt': [
    'Beekeepers from three neighbouring villages signed a pact to protect their hives from the varroa mite.',
    'The villages will share one veterinary inspector, who will visit every apiary twice a year.',
    '',
    'Honey from the pact villages will be sold under a common label at the regional market.',
    '',
  ].join('\n'),
} as const;

export type DocName = keyof typeof DOCS;

/** The documents a workspace starts with; beekeeping-pact.txt is kept back to be added later. */
export const BASE_DOCS: readonly DocName[] = ['harbour-lighthouses.txt', 'orchard-cooperative.txt', 'mountain-railway.md'];

/** Small passages (the defaults would make one passage per document), so documents have several each. */
export const TEST_CHUNKING: ChunkingSettings = { maxWords: 40, overlapSentences: 1 };

/** Questions whose answer is in exactly one of {@link DOCS}. */
export const QUESTIONS = {
  lighthouse: 'How many lighthouse keepers will the harbour council hire?',
  orchard: 'How many crates of apples does each orchard farm contribute?',
  railway: 'How many tunnels will the cantons repair for the railway?',
  beekeeping: 'How often will the veterinary inspector visit each apiary?',
} as const;

/** A temporary project folder: corpus/ and index/ inside it, removed by `dispose`. */
export interface Workspace {
  readonly root: string;
  readonly corpusDir: string;
  readonly indexDir: string;
  readonly config: Config;
  writeDoc(name: string, content: string | Uint8Array): Promise<void>;
  removeDoc(name: string): Promise<void>;
  /** A fresh manager over this workspace, with the real smoke check and {@link TEST_CHUNKING}. */
  manager(embedder: Embedder | null): IndexManager;
  /** Names left under versions/ that start with `.building-`. */
  buildingFolders(): Promise<string[]>;
  dispose(): Promise<void>;
}

export async function createWorkspace(
  docs: readonly DocName[] = BASE_DOCS,
  env: Record<string, string> = {},
): Promise<Workspace> {
  const root = await mkdtemp(path.join(tmpdir(), 'accord-index-'));
  const corpusDir = path.join(root, 'corpus');
  const indexDir = path.join(root, 'index');
  await mkdir(corpusDir);
  for (const name of docs) await writeFile(path.join(corpusDir, name), DOCS[name]);
  const config = loadConfig(
    {
      CORPUS_DIR: 'corpus',
      INDEX_DIR: 'index',
      EMBEDDING_MODEL: 'fake/hashed-words',
      RETRIEVAL_MODE: 'lexical',
      ALLOW_REMOTE_MODELS: 'false',
      HNSW_EF_CONSTRUCTION: '50',
      ...env,
    },
    root,
  );
  return {
    root,
    corpusDir,
    indexDir,
    config,
    writeDoc: (name, content) => writeFile(path.join(corpusDir, name), content),
    removeDoc: (name) => rm(path.join(corpusDir, name)),
    manager: (embedder) =>
      new IndexManager({ ...indexSettings(config), chunking: TEST_CHUNKING }, smokeCheck(embedder, retrieverSettings(config))),
    buildingFolders: async () => {
      const dir = versionsDir(indexDir);
      if (!existsSync(dir)) return [];
      return (await readdir(dir)).filter((name) => name.startsWith(BUILDING_PREFIX));
    },
    dispose: () => rm(root, { recursive: true, force: true }),
  };
}

/** The answer service the bot would use over `loaded`, with a logger that fails the test on any warning. */
export function answerService(workspace: Workspace, loaded: LoadedVersion, embedder: Embedder | null): LiveAnswerService {
  const logger = {
    warn: (details: object, message: string) => {
      throw new Error(`unexpected warning: ${message} ${JSON.stringify(details)}`);
    },
  };
  return new LiveAnswerService(loaded.snapshot, embedder, retrieverSettings(workspace.config), logger);
}

/** Reindexes and insists it finished (not busy). */
export async function reindexDone(manager: IndexManager, embedder: Embedder | null) {
  const result = await manager.reindex(embedder);
  if (result.status !== 'done') throw new Error(`expected the reindex to finish, it was ${result.status}: ${JSON.stringify(result.status === 'busy' ? result.progress : result.build.version)}`);
  return result;
}

/** The documents an answer quotes, in order. */
export function quotedDocs(answer: Answer): string[] {
  return [...new Set(answer.quotes.map((q) => q.docId))];
}

/** Every quote and passage of the answer is exactly the file text at its offsets, as it is on disk now. */
export async function expectVerbatim(answer: Answer, corpusDir: string): Promise<void> {
  for (const item of [...answer.quotes, ...answer.passages.map((p) => p.passage)]) {
    const fileText = await readFile(path.join(corpusDir, item.docId), 'utf8');
    expect(item.text).toBe(fileText.slice(item.start, item.end));
  }
}

/** Runs `action` and returns the AccordError it throws (failing the test when it throws nothing or something else). */
export async function accordErrorOf(action: () => Promise<unknown>): Promise<AccordError> {
  const error: unknown = await action().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AccordError);
  return error as AccordError;
}

/** A gate a fake embedder can wait at: `reached` resolves when something waits, `open` lets it through. */
export function createGate(): { readonly reached: Promise<void>; wait(): Promise<void>; open(): void } {
  let signalReached = () => {};
  let release = () => {};
  const reached = new Promise<void>((resolve) => (signalReached = resolve));
  const opened = new Promise<void>((resolve) => (release = resolve));
  return {
    reached,
    wait: () => {
      signalReached();
      return opened;
    },
    open: () => release(),
  };
}
