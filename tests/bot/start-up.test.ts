import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
let cwd: string;
beforeAll(async () => {
  // A folder without .env, so only the environment given below counts.
  cwd = await mkdtemp(path.join(tmpdir(), 'accord-start-'));
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

/** Runs `npm start`'s command (tsx src/bot/main.ts) with exactly `env` (plus PATH). */
function start(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(root, 'node_modules/.bin/tsx'), [path.join(root, 'src/bot/main.ts')], {
      cwd,
      env: { PATH: process.env['PATH'] ?? '', HOME: cwd, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('npm start', () => {
  it('exits with a clear message naming DISCORD_TOKEN when the token is missing', async () => {
    const { code, output } = await start({ DISCORD_APPLICATION_ID: '900000000000000001' });
    expect(code).toBe(1);
    expect(output).toContain('DISCORD_TOKEN: is missing: copy the bot token from the Developer Portal');
    expect(output).not.toMatch(/at .*\.ts:\d+/);
  });

  it('exits with a clear message when the token is malformed, never echoing it', async () => {
    const token = 'my-secret-token-value-123';
    const { code, output } = await start({ DISCORD_TOKEN: token, DISCORD_APPLICATION_ID: 'not-an-id' });
    expect(code).toBe(1);
    expect(output).toContain('DISCORD_TOKEN: is malformed');
    expect(output).toContain('DISCORD_APPLICATION_ID: must be a Discord id');
    expect(output).not.toContain(token);
  });
});
