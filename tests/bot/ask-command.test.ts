import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandInteraction, option } from './fake-interactions.js';
import { bodyOf, messageOf, startHarness, unescapeDiscord, type Harness } from './harness.js';
import { answerWith, defaultAnswer, DOCUMENT_TEXT, passageOf } from './fake-services.js';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.close();
});

const isOriginalEdit = (token: unknown) => (r: { method: string; path: string }) => r.method === 'PATCH' && r.path.endsWith(`${String(token)}/messages/@original`);

describe('/ask', () => {
  it('defers at once, then edits in verbatim quotes with their citations', async () => {
    const { fake } = harness;
    const interaction = fake.sendInteraction(commandInteraction('ask', [option.string('question', 'What statistics are shared?')]));
    const edit = await fake.waitForRequest(isOriginalEdit(interaction['token']));

    const [callback] = fake.requestsFor(interaction);
    expect(callback?.path).toMatch(/\/callback$/);
    expect(bodyOf(callback!)['type']).toBe(5);
    const message = messageOf(edit);
    const embed = (message['embeds'] as Record<string, unknown>[])[0] ?? {};
    const description = String(embed['description']);
    const shown = unescapeDiscord(description);
    for (const quote of defaultAnswer('What statistics are shared?').quotes) {
      expect(DOCUMENT_TEXT.slice(quote.start, quote.end)).toBe(quote.text);
      expect(shown).toContain(quote.text);
    }
    expect(description).toContain('> The Parties shall share \\*aggregated\\* statistics');
    expect(description).toContain('**[1]** [Data Sharing Agreement](<https://example.org/agreements/data-sharing>) — Ministry of Trade, 2023-04-12, ¶ 1');
    expect(description).toContain('**[2]**');
    expect(String((embed['footer'] as Record<string, unknown>)['text'])).toContain('hybrid');
    expect(message['allowed_mentions']).toMatchObject({ parse: [] });
    expect(JSON.stringify(message['components'])).toContain('More sources');
  });

  it('answers privately when asked to', async () => {
    const { fake } = harness;
    const interaction = fake.sendInteraction(commandInteraction('ask', [option.string('question', 'What statistics?'), option.boolean('private', true)]));
    await fake.waitForRequest(isOriginalEdit(interaction['token']));
    const [callback] = fake.requestsFor(interaction);
    expect((bodyOf(callback!)['data'] as Record<string, unknown>)['flags']).toBe(64);
  });

  it('answers in a DM with the bot', async () => {
    const { fake } = harness;
    const interaction = fake.sendInteraction(commandInteraction('ask', [option.string('question', 'What statistics?')], { as: 'dm' }));
    const edit = await fake.waitForRequest(isOriginalEdit(interaction['token']));
    expect(JSON.stringify(messageOf(edit)['embeds'])).toContain('The Parties shall share');
  });

  it('says plainly that the corpus does not answer, listing the closest material apart from any answer', async () => {
    const { fake } = harness;
    harness.answers.respond = (question) => answerWith(question, [], [passageOf('Disputes shall', 4)]);
    const interaction = fake.sendInteraction(commandInteraction('ask', [option.string('question', 'Who won the 1998 World Cup?')]));
    const edit = await fake.waitForRequest(isOriginalEdit(interaction['token']));
    const message = messageOf(edit);
    const description = String((message['embeds'] as Record<string, unknown>[])[0]?.['description']);
    expect(description).toContain('The corpus does not answer this question.');
    expect(description).toContain('Closest material');
    expect(description).toContain('not an answer');
    expect(description).not.toContain('> Disputes');
    expect(message['components']).toEqual([]);
  });
});
