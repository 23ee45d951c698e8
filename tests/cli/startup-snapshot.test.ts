import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script, without type declarations
import { buildStartupSnapshot, launchFromSnapshot, snapshotArguments, snapshotFiles, snapshotState } from '../../scripts/startup-snapshot.mjs';

const run = promisify(execFile);
const root = process.cwd();
const devQuestions = path.resolve(root, '../shared/eval/questions.dev.jsonl');

let work: string;
let dist: string;
let env: NodeJS.ProcessEnv;

interface Output {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function node(args: string[]): Promise<Output> {
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd: root, env, maxBuffer: 32 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (e: unknown) {
    const failed = e as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

const plain = (...args: string[]) => node([path.join(dist, 'cli', 'main.js'), ...args]);
const fromSnapshot = (...args: string[]) => node(snapshotArguments(dist, args) as string[]);

beforeAll(async () => {
  // Under the checkout (.cache/ is ignored), so the bundle's run-time packages resolve from its node_modules.
  await mkdir(path.join(root, '.cache'), { recursive: true });
  work = await mkdtemp(path.join(root, '.cache', 'snapshot-test-'));
  dist = path.join(work, 'dist');
  env = { ...process.env, INDEX_DIR: path.join(work, 'index'), RETRIEVAL_MODE: 'lexical', LOG_LEVEL: 'warn', TOP_K: '5', ACCORD_SNAPSHOT_READY_FD: '' };
  await run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', dist], { cwd: root });
  const termTable = path.join(dist, 'retrieval', 'english-frequency.js');
  await run(process.execPath, ['--input-type=module', '-e', `(await import(${JSON.stringify(termTable)})).writeTermTable()`], { cwd: root });
  expect(await buildStartupSnapshot(root, dist)).toBeUndefined();
  expect((await plain('index')).code).toBe(0);
}, 300_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('the start-up snapshot', () => {
  it('is built beside the compiled code and recorded as ready for this Node.js', () => {
    expect(snapshotState(dist)).toBe('ready');
  });

  it('answers a question needing both taggers exactly as the compiled CLI does, warnings included', async () => {
    for (const question of ['How many Piorun systems is Belgium buying?', 'Who signed the agreement on the howitzers?', 'What is the capital of Peru?']) {
      const [expected, actual] = [await plain('ask', '--json', question), await fromSnapshot('ask', '--json', question)];
      expect(actual.code).toBe(0);
      expect(actual).toEqual(expected);
    }
  }, 90_000);

  it.runIf(existsSync(devQuestions))('answers the 29 dev questions byte for byte as the compiled CLI does', async () => {
    const [expected, actual] = [await plain('ask', '--json', '--file', devQuestions), await fromSnapshot('ask', '--json', '--file', devQuestions)];
    expect(actual.stdout.trim().split('\n')).toHaveLength(29);
    expect(actual).toEqual(expected);
  }, 90_000);

  it('answers in hybrid mode exactly as the compiled CLI does (transformers.js and onnxruntime through the bundle)', async () => {
    const lexicalEnv = env;
    env = { ...env, INDEX_DIR: path.join(work, 'hybrid-index'), RETRIEVAL_MODE: 'auto', EMBEDDING_MODEL: 'accord/tiny-bert', MODELS_DIR: path.join(root, 'tests/fixtures/tiny-model'), ALLOW_REMOTE_MODELS: 'false', EMBEDDING_QUANTIZED: 'true' };
    try {
      expect((await plain('index')).code).toBe(0);
      for (const question of ['How many Piorun systems is Belgium buying?', 'Where will the NATO-Ukraine training center be located?']) {
        const [expected, actual] = [await plain('ask', '--json', question), await fromSnapshot('ask', '--json', question)];
        expect(JSON.parse(actual.stdout).mode).toBe('hybrid');
        expect(actual).toEqual(expected);
      }
    } finally {
      env = lexicalEnv;
    }
  }, 180_000);

  it('is what npm run ask starts from (scripts/run-compiled.mjs), with the same answer and exit status as without it', async () => {
    // The checkout's own dist/, as npm run ask uses it (built here when stale, like the first npm run ask).
    const launcher = (extra: NodeJS.ProcessEnv, ...args: string[]) => {
      const saved = env;
      env = { ...env, ...extra };
      return node([path.join(root, 'scripts/run-compiled.mjs'), 'cli/main.js', ...args]).finally(() => (env = saved));
    };
    const question = 'How many Piorun systems is Belgium buying?';
    const [expected, actual] = [await launcher({ ACCORD_SNAPSHOT: 'off' }, 'ask', '--json', question), await launcher({}, 'ask', '--json', question)];
    expect(actual.code).toBe(0);
    expect(actual.stdout).toBe(expected.stdout);
    expect(actual.stderr).not.toMatch(/Note: the start-up snapshot/);
    expect(snapshotState(path.join(root, 'dist'))).toBe('ready');
    expect((await launcher({}, 'ask', '')).code).toBe(2);
  }, 240_000);

  it('keeps the exit status and message of a bad command', async () => {
    const [expected, actual] = [await plain('ask', ''), await fromSnapshot('ask', '')];
    expect(actual.code).toBe(2);
    expect(actual).toEqual(expected);
  });

  it('falls back, saying why, when the snapshot file is corrupt, and does not try it again', async () => {
    const broken = path.join(work, 'broken');
    await mkdir(broken);
    const [from, to] = [snapshotFiles(dist), snapshotFiles(broken)];
    await copyFile(from.blob, to.blob);
    await truncate(to.blob, Math.floor((await stat(from.blob)).size / 2));
    // Built for this Node.js in this folder: only the file itself is wrong.
    await writeFile(to.stamp, (await readFile(from.stamp, 'utf8')).replace(JSON.stringify(dist), JSON.stringify(broken)));
    expect(snapshotState(broken)).toBe('ready');

    const launched = launchFromSnapshot(broken, ['sources']);
    expect(launched.fallBack).toMatch(/start-up snapshot .*accord-cli\.blob did not start \((signal|exit code) .+\); running the normal way/);
    expect(snapshotState(broken)).toBe('failed');
  });

  it('is built again for another Node.js or another dist/ folder', async () => {
    const other = path.join(work, 'other');
    await mkdir(other);
    const { blob, stamp } = snapshotFiles(other);
    await copyFile(snapshotFiles(dist).blob, blob);
    const recorded = JSON.parse(await readFile(snapshotFiles(dist).stamp, 'utf8')) as Record<string, unknown>;
    await writeFile(stamp, JSON.stringify({ ...recorded, dist: other, node: 'v0.0.0' }));
    expect(snapshotState(other)).toBe('missing');
    await writeFile(stamp, JSON.stringify({ ...recorded }));
    expect(snapshotState(other)).toBe('missing'); // it names dist/, not this folder
    await writeFile(stamp, JSON.stringify({ ...recorded, dist: other }));
    expect(snapshotState(other)).toBe('ready');
  });
});
