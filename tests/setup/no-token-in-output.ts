/**
 * Runs before every test file (vitest `setupFiles`): captures what the file's tests print (console, stdout,
 * stderr of the test process) and fails the file if a test bot token appears in it. Output of child processes
 * and of the bot's logger is checked by the tests that capture it (tests/bot/harness.ts, token-never-printed).
 */
import { afterAll } from 'vitest';
import { TEST_BOT_TOKEN } from '../bot/harness.js';

/** Every token a test configures. */
export const TEST_TOKENS: readonly string[] = [TEST_BOT_TOKEN, `MTAwMDAwMDAwMDAwMDAwMDAx.${'G'.repeat(6)}.${'x'.repeat(27)}`];

const captured: string[] = [];
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return write(chunk, ...rest);
  }) as typeof stream.write;
}
for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
  const original = console[method].bind(console);
  console[method] = (...args: unknown[]) => {
    captured.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a) ?? String(a))).join(' '));
    original(...args);
  };
}

afterAll(() => {
  const output = captured.join('\n');
  for (const token of TEST_TOKENS) {
    if (output.includes(token)) throw new Error('a test bot token appeared in the output of this test file');
  }
});
