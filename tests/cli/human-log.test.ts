import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatLogLine } from '../../src/human-log.js';

const run = promisify(execFile);
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'accord-cli-log-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** `npm run ask` on a machine without the model: the services warn that they answer lexically. */
async function askWithoutModel(extra: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
  const env = { ...process.env, INDEX_DIR: path.join(tmp, 'index'), MODELS_DIR: path.join(tmp, 'models'), ALLOW_REMOTE_MODELS: 'false', RETRIEVAL_MODE: 'auto', LOG_LEVEL: '', ...extra };
  return run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'ask', 'How many Piorun systems is Belgium buying?'], { cwd: process.cwd(), env });
}

describe('CLI log lines', () => {
  it('are written for a person, not as raw JSON', async () => {
    const { stdout, stderr } = await askWithoutModel();
    expect(stdout).toContain('Piorun');
    expect(stderr).not.toContain('{"level"');
    expect(stderr).toMatch(/^warning: answering in lexical mode \(reason: .+\)$/m);
  }, 120_000);

  it('are JSON when LOG_FORMAT=json asks for it', async () => {
    const { stderr } = await askWithoutModel({ LOG_FORMAT: 'json' });
    expect(stderr).toMatch(/^\{"level":40,.*"msg":"answering in lexical mode"\}$/m);
  }, 120_000);
});

describe('formatLogLine', () => {
  it('shows the level, the message and the details, and an error by its message', () => {
    expect(formatLogLine('{"level":50,"time":1,"pid":2,"hostname":"h","err":{"type":"Error","message":"disk on fire"},"msg":"reindex failed"}')).toBe(
      'error: reindex failed (err: disk on fire)',
    );
    expect(formatLogLine('not json')).toBe('not json');
  });
});
