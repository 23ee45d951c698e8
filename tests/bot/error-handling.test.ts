import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GENERIC_FAILURE } from '../../src/bot/report-error.js';
import { AccordError } from '../../src/errors.js';
import { commandInteraction, option } from './fake-interactions.js';
import { ids } from './fake-payloads.js';
import { defaultAnswer } from './fake-services.js';
import { bodyOf, contentOf, startHarness, waitForEdit, type Harness } from './harness.js';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.close();
});

const ask = (question: string) => harness.fake.sendInteraction(commandInteraction('ask', [option.string('question', question)]));
const followUpOf = (interaction: Record<string, unknown>) =>
  harness.fake.waitForRequest((r) => r.method === 'POST' && new RegExp(`^/webhooks/\\d+/${String(interaction['token'])}$`).test(r.path));

describe('when answering fails', () => {
  it('replaces the public "thinking" reply by a private generic message, logs the cause, and answers the next question', async () => {
    harness.answers.respond = () => {
      throw new Error('hnswlib exploded: secret internals');
    };
    const failed = ask('what statistics are shared?');
    const followUp = await followUpOf(failed);
    expect(harness.fake.requestsFor(failed).map((r) => r.method)).toEqual(['POST', 'DELETE', 'POST']);
    expect(bodyOf(followUp)).toMatchObject({ content: GENERIC_FAILURE, flags: 64, allowed_mentions: { parse: [] } });
    const logged = harness.logs.find((line) => line['msg'] === 'request failed');
    expect(logged).toMatchObject({ level: 50, command: 'ask', userId: ids.member });
    expect((logged?.['err'] as Record<string, unknown>)['message']).toBe('hnswlib exploded: secret internals');

    harness.answers.respond = defaultAnswer;
    await waitForEdit(harness.fake, ask('and now?'), 'The Parties shall share');
  });

  it('shows the text of an AccordError, which is meant for users', async () => {
    harness.answers.respond = () => {
      throw new AccordError('The index is being rebuilt.', { hint: 'Ask again in a minute.' });
    };
    const followUp = await followUpOf(ask('what statistics are shared?'));
    expect(contentOf(followUp)).toBe('The index is being rebuilt.\n→ Ask again in a minute.');
  });

  it('edits a private deferred reply into the error message', async () => {
    harness.answers.respond = () => {
      throw new Error('boom');
    };
    const failed = harness.fake.sendInteraction(commandInteraction('ask', [option.string('question', 'what?'), option.boolean('private', true)]));
    const edit = await waitForEdit(harness.fake, failed, GENERIC_FAILURE);
    expect(bodyOf(edit)['embeds']).toEqual([]);
  });

  it('replies to a mention with the generic message and keeps answering mentions', async () => {
    harness.answers.respond = () => {
      throw new Error('boom');
    };
    harness.fake.sendMessage(`<@${ids.bot}> what statistics?`);
    await harness.fake.waitForRequest((r) => r.path.endsWith('/messages') && bodyOf(r)['content'] === GENERIC_FAILURE);
    harness.answers.respond = defaultAnswer;
    harness.fake.sendMessage(`<@${ids.bot}> what statistics now?`);
    await harness.fake.waitForRequest((r) => r.path.endsWith('/messages') && JSON.stringify(r.body).includes('The Parties shall share'));
  });

  it('never logs the interaction token or the message content of a failed Discord request', async () => {
    const token = 'SECRET_TOKEN';
    harness.fake.overrides.push({
      match: (r) => r.method === 'PATCH' && r.path.includes(token),
      reply: { status: 400, body: { message: 'Invalid Form Body', code: 50035 } },
    });
    const failed = harness.fake.sendInteraction({ ...commandInteraction('ask', [option.string('question', 'what statistics are shared?')]), token });
    await followUpOf(failed);
    const logged = harness.logs.find((line) => line['msg'] === 'request failed');
    expect(logged?.['err']).toMatchObject({ type: 'DiscordAPIError[50035]', code: 50035, status: 400, method: 'PATCH', path: `/api/v10/webhooks/${ids.bot}/:token/messages/@original` });
    expect(JSON.stringify(harness.logs)).not.toContain(token);
    expect(JSON.stringify(harness.logs)).not.toContain('The Parties shall share');
  });
});
