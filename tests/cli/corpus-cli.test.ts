import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePdf } from '../../scripts/make-document-fixtures.js';

const run = promisify(execFile);
const root = process.cwd();

let tmp: string;
let env: NodeJS.ProcessEnv;

async function cli(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, env, maxBuffer: 32 * 1024 * 1024 });
    return { stdout, stderr, code: 0 };
  } catch (e: unknown) {
    const failed = e as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

const MEMO = {
  title: 'Harbour Memorandum',
  paragraphs: Array.from({ length: 12 }, (_, i) =>
    i === 11
      ? 'The harbour council will hire fourteen lighthouse keepers before the winter storms arrive on the northern coast.'
      : `Paragraph ${i + 1} of the memorandum sets out how the harbour guild and the council will share the cost of repairs to the breakwater, the quays and the old customs house.`,
  ),
};

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'accord-corpus-cli-'));
  await mkdir(path.join(tmp, 'corpus'));
  await writeFile(path.join(tmp, 'corpus', 'orchard.txt'), 'The valley farmers formed an orchard cooperative to share cider presses and cold storage.\n');
  await writeFile(path.join(tmp, 'memo.pdf'), await makePdf(MEMO));
  await writeFile(path.join(tmp, 'fake.pdf'), '<!doctype html><html><body><p>Not a PDF at all.</p></body></html>');
  env = { ...process.env, CORPUS_DIR: path.join(tmp, 'corpus'), INDEX_DIR: path.join(tmp, 'index'), RETRIEVAL_MODE: 'lexical', LOG_LEVEL: 'silent' };
}, 60_000);

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

// Each test starts the CLI two or three times (tsx, then the index): on a busy 2-core machine that takes a while.
describe('npm run corpus', { timeout: 120_000 }, () => {
  it('adds a PDF, reindexes, and ask --json cites the page with the extracted text to check the quote against', async () => {
    const added = await cli('corpus', 'add', path.join(tmp, 'memo.pdf'), '--source', 'Harbour Council');
    expect(added.stdout).toContain('Added memo.pdf');
    expect(added.stdout).toMatch(/added: 1 \(memo\.pdf\)/);
    const answer = JSON.parse((await cli('ask', '--json', 'How many lighthouse keepers will the harbour council hire?')).stdout);
    const quote = answer.quotes[0];
    expect(quote).toMatchObject({ docId: 'memo.pdf', path: path.relative(root, path.join(tmp, 'corpus', 'memo.pdf')), page: 2, paragraphOnPage: expect.any(Number) });
    expect(quote.textPath).toMatch(/index\/extracted\/[0-9a-f]{64}\.txt$/);
    expect((await readFile(path.resolve(root, quote.textPath), 'utf8')).slice(quote.start, quote.end)).toBe(quote.text);
    expect(quote.text).toContain('fourteen lighthouse keepers');
    const shown = (await cli('ask', 'How many lighthouse keepers will the harbour council hire?')).stdout;
    expect(shown).toMatch(/\[1\] Harbour Memorandum — Harbour Council, p\. 2, ¶ \d/);
  });

  it('refuses a mislabelled file with the reason, and changes nothing', async () => {
    const before = await readdir(path.join(tmp, 'corpus'));
    const refused = await cli('corpus', 'add', path.join(tmp, 'fake.pdf'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('fake.pdf was not added: the file is named as a PDF but its content is an HTML page');
    expect(await readdir(path.join(tmp, 'corpus'))).toEqual(before);
  });

  it('lists and removes documents, reindexing after the removal', async () => {
    const listed = (await cli('corpus', 'list')).stdout;
    expect(listed).toContain('memo.pdf: Harbour Memorandum');
    expect(listed).toContain('orchard.txt');
    const removed = await cli('corpus', 'remove', 'memo.pdf');
    expect(removed.stdout).toMatch(/removed: 1 \(memo\.pdf\)/);
    expect(await readdir(path.join(tmp, 'corpus'))).not.toContain('memo.pdf');
  });

  it('says there is nothing to refresh when no document came from a link', async () => {
    expect((await cli('corpus', 'refresh')).stdout).toContain('nothing to refresh');
  });
});
