import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commandInteraction, option } from './fake-interactions.js';
import { FakeDiscord } from './fake-discord.js';
import { ids } from './fake-payloads.js';
import { TEST_BOT_TOKEN, waitForEdit } from './harness.js';

/** `npm start` as a child process, its stdout and stderr captured together. */
interface Started {
  readonly child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

let tmp: string | undefined;
let fake: FakeDiscord | undefined;
let started: Started | undefined;

afterEach(async () => {
  if (started?.child.exitCode === null) {
    started.child.kill('SIGTERM');
    await started.exited;
  }
  // Every line `npm start` printed is grepped for the token.
  expect(started?.output() ?? '').not.toContain(TEST_BOT_TOKEN);
  await fake?.close();
  if (tmp !== undefined) await rm(tmp, { recursive: true, force: true });
  tmp = undefined;
  fake = undefined;
  started = undefined;
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function start(env: Record<string, string>): Promise<Started> {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'accord-main-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/bot/main.ts'], {
    cwd: process.cwd(),
    env: { ...process.env, INDEX_DIR: path.join(tmp, 'index'), RETRIEVAL_MODE: 'lexical', LOG_LEVEL: 'info', LOG_FORMAT: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  child.stdout?.on('data', (d: Buffer) => chunks.push(d.toString('utf8')));
  child.stderr?.on('data', (d: Buffer) => chunks.push(d.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => chunks.join(''), exited };
}

describe('npm start', () => {
  it('never prints a token pasted into the wrong setting', async () => {
    started = await start({ DISCORD_TOKEN: TEST_BOT_TOKEN, DISCORD_APPLICATION_ID: TEST_BOT_TOKEN, DISCORD_GUILD_ID: TEST_BOT_TOKEN });
    expect(await started.exited).toBe(1);
    expect(started.output()).toContain('DISCORD_APPLICATION_ID: must be a Discord id (17–20 digits) (the value looks like a bot token; it is not shown)');
  }, 60_000);

  it('waits for Discord when it cannot be reached, then serves questions, health and metrics', async () => {
    fake = await FakeDiscord.start();
    fake.refuseRequests = true;
    const port = await freePort();
    started = await start({
      DISCORD_TOKEN: TEST_BOT_TOKEN, DISCORD_APPLICATION_ID: ids.bot, DISCORD_GUILD_ID: ids.guild, DISCORD_API_URL: fake.apiUrl, HEALTH_PORT: String(port),
    });
    const health = () => fetch(`http://127.0.0.1:${port}/healthz`).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }), () => null);
    await expect.poll(() => started?.output() ?? '', { timeout: 60_000, interval: 200 }).toContain('Could not reach Discord at');
    expect(started.output()).not.toContain('"stack"');
    expect(await health()).toMatchObject({ status: 503, body: { ok: false, discord: 'disconnected' } });
    fake.refuseRequests = false;
    await expect.poll(async () => (await health())?.status, { timeout: 20_000, interval: 200 }).toBe(200);
    const interaction = fake.sendInteraction(commandInteraction('ask', [option.string('question', 'How many Piorun systems is Belgium buying?')]));
    await waitForEdit(fake, interaction, 'Piorun', 20_000);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/accord_questions_total\{outcome="(answered|refused)"\} 1/);
    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
  }, 120_000);

  it('embeds the corpus’s sentences ahead of questions once it is connected (hybrid mode)', async () => {
    fake = await FakeDiscord.start();
    started = await start({
      DISCORD_TOKEN: TEST_BOT_TOKEN, DISCORD_APPLICATION_ID: ids.bot, DISCORD_GUILD_ID: ids.guild, DISCORD_API_URL: fake.apiUrl,
      RETRIEVAL_MODE: 'auto', EMBEDDING_MODEL: 'accord/tiny-bert', MODELS_DIR: path.resolve('tests/fixtures/tiny-model'), ALLOW_REMOTE_MODELS: 'false',
    });
    const embeddedAhead = /"sentences":(\d+),"msg":"corpus sentences embedded ahead of questions"/;
    await expect.poll(() => started?.output() ?? '', { timeout: 90_000, interval: 200 }).toMatch(embeddedAhead);
    const output = started.output();
    expect(Number(embeddedAhead.exec(output)?.[1])).toBeGreaterThan(0);
    expect(output.indexOf('"msg":"bot ready"')).toBeGreaterThan(-1);
    expect(output.indexOf('"msg":"bot ready"')).toBeLessThan(output.search(embeddedAhead));
    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
  }, 120_000);
});
