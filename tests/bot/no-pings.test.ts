import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccordError } from '../../src/errors.js';
import { commandInteraction, option } from './fake-interactions.js';
import { ids } from './fake-payloads.js';
import { answerWith, passageOf } from './fake-services.js';
import { bodyOf, isMessageSending, messageOf, startHarness, waitForEdit, type Harness } from './harness.js';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.close();
});

const hostile = '@everyone <@123> <@&456> **bold** `code` [click](https://evil.example) # heading';

describe('nothing the bot sends can ping anyone', () => {
  it('sends every message with allowed mentions parse empty, whatever the question and corpus contain', async () => {
    const { fake } = harness;
    const asked = fake.sendInteraction(commandInteraction('ask', [option.string('question', hostile)]));
    await waitForEdit(fake, asked, 'embeds');
    fake.sendMessage(`<@${ids.bot}> ${hostile}`);
    fake.sendMessage(`<@${ids.bot}>`);
    harness.answers.respond = (question) => answerWith(question, [], [passageOf('Personal data', 2)]);
    const unanswered = fake.sendInteraction(commandInteraction('ask', [option.string('question', hostile)]));
    await waitForEdit(fake, unanswered, 'does not answer');
    harness.answers.respond = () => {
      throw new AccordError('The index is being rebuilt <@123> @everyone');
    };
    const failed = fake.sendInteraction(commandInteraction('ask', [option.string('question', hostile)]));
    await fake.waitForRequest((r) => r.path.includes(String(failed['token'])) && r.method === 'POST' && !r.path.endsWith('/callback'));
    await fake.waitForRequest((r) => r.method === 'POST' && r.path.endsWith('/messages') && bodyOf(r)['content'] !== undefined);

    const sent = fake.requests.filter(isMessageSending);
    expect(sent.length).toBeGreaterThanOrEqual(5);
    for (const request of sent) expect((messageOf(request)['allowed_mentions'] as Record<string, unknown>)['parse']).toEqual([]);
  });

  it('shows a hostile question literally: escaped, mentions defused, layout intact', async () => {
    const { fake } = harness;
    const asked = fake.sendInteraction(commandInteraction('ask', [option.string('question', hostile)]));
    const edit = await waitForEdit(fake, asked, 'embeds');
    const description = String((messageOf(edit)['embeds'] as Record<string, unknown>[])[0]?.['description']);
    const questionLine = description.split('\n')[0] ?? '';
    expect(questionLine).toBe(
      '**Question:** @everyone \\<@123> \\<@&456> \\*\\*bold\\*\\* \\`code\\` \\[click](https://evil.example) # heading',
    );
    // The quote that contains "@everyone or <@123>" in the corpus is defused the same way.
    expect(description).toContain('never to @everyone or \\<@123>');
  });
});
