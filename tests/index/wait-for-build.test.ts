import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccordServices } from '../../src/app/create-services.js';
import { buildOrWaitForIndex } from '../../src/app/wait-for-index.js';
import { lockFile } from '../../src/index/index-layout.js';
import { accordErrorOf, createWorkspace, QUESTIONS, type Workspace } from './workspace.js';

let workspace: Workspace;
/** A live process that "holds" the reindex lock, as another `npm run index` would. */
let holder: ChildProcess;

beforeEach(async () => {
  workspace = await createWorkspace();
  holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
  await mkdir(path.dirname(lockFile(workspace.indexDir)), { recursive: true });
  await writeFile(lockFile(workspace.indexDir), `${holder.pid}:someonesbuild`);
});
afterEach(async () => {
  holder.kill();
  await workspace.dispose();
});

describe('a start with no index while another process builds one', () => {
  it('waits for that build instead of failing', async () => {
    let settled = false;
    const starting = createAccordServices(workspace.config, pino({ level: 'silent' })).finally(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(settled).toBe(false);
    // The other build finishes: its lock goes away (here the test builds the index in its place).
    await rm(lockFile(workspace.indexDir));
    const services = await starting;
    const answer = await services.answers.answer(QUESTIONS.lighthouse);
    expect(answer.passages.length).toBeGreaterThan(0);
  });

  it('gives up after its bound with a clear message', async () => {
    const manager = workspace.manager(null);
    const error = await accordErrorOf(() => buildOrWaitForIndex(manager, null, pino({ level: 'silent' }), { timeoutMs: 300, pollMs: 50 }));
    expect(error.message).toContain("another process's build did not finish within 0 s");
  });
});
