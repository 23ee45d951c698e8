import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { currentPointer, lockFile, versionsDir } from '../../src/index/index-layout.js';
import { HashingEmbedder } from '../retrieval/hashing-embedder.js';
import { accordErrorOf, answerService, createWorkspace, DOCS, QUESTIONS, quotedDocs, reindexDone, type Workspace } from './workspace.js';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const script = fileURLToPath(new URL('./fixtures/reindex-until-killed.ts', import.meta.url));

/** A reindex in another process, stopped where it printed `line`. */
interface HungReindex {
  readonly pid: number;
  /** SIGKILLs it and waits until it is reaped (a zombie would still count as alive). */
  kill(): Promise<void>;
}

async function startHungReindex(root: string, mode: 'embedding' | 'writing'): Promise<HungReindex> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, root, mode], { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${mode.toUpperCase()} line within 20 s:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(mode.toUpperCase())) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the reindex process exited (${code}) before hanging:\n${output}`));
    });
  });
  if (child.pid === undefined) throw new Error('no pid');
  return {
    pid: child.pid,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

let workspace: Workspace;
let embedder: HashingEmbedder;
let oldVersion: string;

beforeEach(async () => {
  workspace = await createWorkspace();
  embedder = new HashingEmbedder();
  oldVersion = (await reindexDone(workspace.manager(embedder), embedder)).build.version;
  await workspace.writeDoc('beekeeping-pact.txt', DOCS['beekeeping-pact.txt']);
});

afterEach(async () => {
  await workspace.dispose();
});

const currentVersion = async () => (await readFile(currentPointer(workspace.indexDir), 'utf8')).trim();

/** After the crash: the old version loads and answers, a reindex succeeds, nothing half-built is left. */
async function expectRecovery(): Promise<void> {
  expect(await currentVersion()).toBe(oldVersion);
  const loaded = await workspace.manager(embedder).loadCurrent();
  expect(loaded?.manifest.version).toBe(oldVersion);
  if (loaded === null) return;
  expect(quotedDocs(await answerService(workspace, loaded, embedder).answer(QUESTIONS.lighthouse))).toEqual(['harbour-lighthouses.txt']);

  const { build, loaded: rebuilt } = await reindexDone(workspace.manager(embedder), embedder);
  expect(build.added).toEqual(['beekeeping-pact.txt']);
  expect(await currentVersion()).toBe(build.version);
  expect(quotedDocs(await answerService(workspace, rebuilt, embedder).answer(QUESTIONS.beekeeping))).toEqual(['beekeeping-pact.txt']);
  expect(await workspace.buildingFolders()).toEqual([]);
  expect(existsSync(lockFile(workspace.indexDir))).toBe(false);
  expect((await readdir(versionsDir(workspace.indexDir))).sort()).toEqual([oldVersion, build.version].sort());
}

describe('a reindex process killed part-way', () => {
  it('killed while embedding leaves the old version current, and its stale lock is taken over', async () => {
    const hung = await startHungReindex(workspace.root, 'embedding');
    try {
      // While it lives, its lock keeps other processes from reindexing the same folder.
      expect((await readFile(lockFile(workspace.indexDir), 'utf8')).split(':')[0]!.trim()).toBe(String(hung.pid));
      const busy = await accordErrorOf(() => workspace.manager(embedder).reindex(embedder));
      expect(busy.message).toContain(`Another process (pid ${hung.pid})`);
    } finally {
      await hung.kill();
    }
    expect((await readFile(lockFile(workspace.indexDir), 'utf8')).split(':')[0]!.trim()).toBe(String(hung.pid));

    // The next reindex takes the dead process's lock over.
    const { build } = await reindexDone(workspace.manager(embedder), embedder);
    expect(build.added).toEqual(['beekeeping-pact.txt']);
    expect(existsSync(lockFile(workspace.indexDir))).toBe(false);
  });

  it('killed while embedding leaves an index that loads, answers and rebuilds', async () => {
    const hung = await startHungReindex(workspace.root, 'embedding');
    await hung.kill();
    await expectRecovery();
  });

  it('killed while writing leaves a .building folder that the next start removes', async () => {
    const hung = await startHungReindex(workspace.root, 'writing');
    try {
      const [building] = await workspace.buildingFolders();
      expect(building).toBeDefined();
      const written = await readdir(path.join(versionsDir(workspace.indexDir), building ?? ''));
      expect(written).toEqual(expect.arrayContaining(['documents.json', 'passages.json']));
      expect(written).not.toContain('manifest.json');
      // Starting up while the build is alive must not delete its folder.
      expect((await workspace.manager(embedder).loadCurrent())?.manifest.version).toBe(oldVersion);
      expect(await workspace.buildingFolders()).toEqual([building]);
    } finally {
      await hung.kill();
    }
    expect(await workspace.buildingFolders()).toHaveLength(1);
    await expectRecovery();
  });
});
