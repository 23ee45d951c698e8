import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toQuestionEntry } from '../../src/feedback/question-entry.js';
import { QuestionStore } from '../../src/feedback/question-store.js';
import { answerWith, defaultAnswer, passageOf } from '../bot/fake-services.js';

let tmp: string;
let env: NodeJS.ProcessEnv;

/** Runs the CLI with `input` on stdin; resolves with its exit code and output. */
function cli(args: readonly string[], input = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: process.cwd(), env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'accord-feedback-cli-'));
  const dataDir = path.join(tmp, 'data');
  await mkdir(dataDir);
  env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
  const store = QuestionStore.open(path.join(dataDir, 'questions.sqlite'), { busyTimeoutMs: 0 });
  const where = { guildId: null, channelId: null, userId: null };
  const now = Date.now();
  store.insertAnswers([
    toQuestionEntry('down1', now - 1_000, defaultAnswer('What statistics are shared?'), where, false),
    toQuestionEntry('none1', now, answerWith('Who won the 1998 World Cup?', [], [passageOf('Disputes shall', 4)]), where, false),
    toQuestionEntry('fine1', now, defaultAnswer('Which contact point?'), where, false),
  ]);
  store.vote('down1', 'h:someone', 'down', now, 0);
  store.close();
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('npm run feedback and npm run report', () => {
  it('has nothing to export before anything is labelled, and says how to label', async () => {
    const result = await cli(['feedback', 'export']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('npm run feedback -- label');
    expect(result.stdout).toBe('');
  });

  it('labels at a prompt that shows the ranked passages, asking again after a wrong choice', async () => {
    const result = await cli(['feedback', 'label'], '9\n2\nn\n');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('[1/2] What statistics are shared?');
    expect(result.stdout).toContain('1. data-sharing.md');
    expect(result.stdout).toContain('Personal data may only be transferred');
    expect(result.stdout).toContain('"9" is not one of the choices.');
    expect(result.stdout).toContain('saved: passage 2');
    expect(result.stdout).toContain('[2/2] Who won the 1998 World Cup?');
    expect(result.stdout).toContain('saved: not answerable');
    expect(result.stdout).toContain('2 label(s) saved');
  }, 30_000);

  it('reports the labels and exports them in the question-file format', async () => {
    const report = JSON.parse((await cli(['report', '--days', '7', '--json'])).stdout) as { downVoted: { question: string; label: unknown }[]; unanswered: { question: string }[] };
    expect(report.downVoted).toMatchObject([{ question: 'What statistics are shared?', label: { kind: 'passage', rank: 2 } }]);
    expect(report.unanswered).toMatchObject([{ question: 'Who won the 1998 World Cup?' }]);
    const exported = await cli(['feedback', 'export']);
    expect(exported.code).toBe(0);
    const lines = exported.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      { id: 'fb-down1', kind: 'single', question: 'What statistics are shared?', evidence: ['Personal data may only be transferred under_the safeguards of Article 7, and never to @everyone or <@123>.'] },
      { id: 'fb-none1', kind: 'none', question: 'Who won the 1998 World Cup?', evidence: [] },
    ]);
    expect(exported.stderr).toContain('exported 2 labelled question(s): 1 answerable, 1 not');
  }, 30_000);

  it('refuses a bad --days with the reason', async () => {
    const result = await cli(['report', '--days', 'many']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('must be a whole number of days');
  });
});
