import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandInteraction, option } from './fake-interactions.js';
import { ids } from './fake-payloads.js';
import { answerWith, documentMeta, passageOf, quoteOf } from './fake-services.js';
import { isMessageSending, messageOf, startHarness, unescapeDiscord, type Harness } from './harness.js';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.close();
});

/** `count` words of varied length with markdown characters, which escaping lengthens. */
function prose(seed: string, count: number): string {
  return Array.from({ length: count }, (_, i) => `${seed}${i % 7 === 0 ? '_*' : ''}word${i}`).join(' ') + '.';
}

const LONG_TEXT = [prose('alpha', 900), prose('beta', 150), prose('gamma', 150)].join('\n\n');
const longAnswer = (question: string) =>
  answerWith(
    question,
    [quoteOf(prose('alpha', 900), 1, LONG_TEXT), quoteOf(prose('beta', 150), 2, LONG_TEXT), quoteOf(prose('gamma', 150), 3, LONG_TEXT)],
    [passageOf('alpha', 1, LONG_TEXT)],
    [{ ...documentMeta, title: `${'Very *long* title '.repeat(20)}end` }],
  );

function embedChars(embed: Record<string, unknown>): number {
  const footer = (embed['footer'] as Record<string, unknown> | undefined)?.['text'];
  return [embed['title'], embed['description'], footer].reduce<number>((sum, part) => sum + String(part ?? '').length, 0);
}

describe('a long answer', () => {
  it('stays within every Discord limit, shortening the first quote at a word boundary and leaving later ones out', async () => {
    harness.answers.respond = longAnswer;
    const question = `${'**why** '.repeat(36)}?`.slice(0, 300);
    harness.fake.sendInteraction(commandInteraction('ask', [option.string('question', question)]));
    harness.fake.sendMessage(`<@${ids.bot}> ${question}`);
    await harness.fake.waitForRequest((r) => r.method === 'PATCH');
    await harness.fake.waitForRequest((r) => r.method === 'POST' && r.path.endsWith('/messages'));

    const sent = harness.fake.requests.filter(isMessageSending).map(messageOf);
    expect(sent).toHaveLength(2);
    for (const message of sent) {
      expect(String(message['content'] ?? '').length).toBeLessThanOrEqual(2_000);
      const embeds = message['embeds'] as Record<string, unknown>[];
      expect(embeds).toHaveLength(1);
      const embed = embeds[0] ?? {};
      expect(String(embed['description']).length).toBeLessThanOrEqual(4_096);
      expect(embedChars(embed)).toBeLessThanOrEqual(6_000);

      const description = String(embed['description']);
      const firstQuote = unescapeDiscord(description.split('\n').filter((line) => line.startsWith('> ')).join('\n'));
      expect(firstQuote.endsWith('…')).toBe(true);
      const kept = firstQuote.slice(0, -1);
      const original = prose('alpha', 900);
      expect(original.startsWith(kept)).toBe(true);
      expect(original.charAt(kept.length)).toMatch(/[\s.]/);
      expect(kept.length).toBeGreaterThan(1_500);
      expect(description).toContain('2 more quotes did not fit');
    }
  });
});
