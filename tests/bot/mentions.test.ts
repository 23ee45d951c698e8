import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MENTION_HELP } from '../../src/bot/handle-message.js';
import { ids } from './fake-payloads.js';
import { bodyOf, startHarness, unescapeDiscord, type Harness } from './harness.js';
import type { RecordedRequest } from './fake-discord.js';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.close();
});

const replyTo = (message: Record<string, unknown>) => (r: RecordedRequest) =>
  r.method === 'POST' && r.path.endsWith('/messages') && (bodyOf(r)['message_reference'] as Record<string, unknown> | undefined)?.['message_id'] === message['id'];

describe('questions asked by mention', () => {
  it('replies to the message with the answer, showing typing while it works', async () => {
    const { fake } = harness;
    const message = fake.sendMessage(`<@${ids.bot}> what statistics are shared?`);
    const reply = await fake.waitForRequest(replyTo(message));
    expect(reply.path).toBe(`/channels/${ids.channel}/messages`);
    expect(fake.requests.some((r) => r.path === `/channels/${ids.channel}/typing`)).toBe(true);
    expect(harness.answers.calls[0]?.question).toBe('what statistics are shared?');
    const embed = (bodyOf(reply)['embeds'] as Record<string, unknown>[])[0];
    expect(unescapeDiscord(String(embed?.['description']))).toContain('The Parties shall share *aggregated* statistics');
    expect(bodyOf(reply)['allowed_mentions']).toEqual({ parse: [], replied_user: false });
  });

  it('strips the nickname form <@!id> and the bot role mention from the question', async () => {
    const { fake } = harness;
    await fake.waitForRequest(replyTo(fake.sendMessage(`<@!${ids.bot}>   which disputes?`)));
    await fake.waitForRequest(replyTo(fake.sendMessage(`<@&${ids.botRole}> who is the contact point?`)));
    expect(harness.answers.calls.map((c) => c.question)).toEqual(['which disputes?', 'who is the contact point?']);
  });

  it('answers in a thread and in a DM', async () => {
    const { fake } = harness;
    const inThread = await fake.waitForRequest(replyTo(fake.sendMessage(`<@${ids.bot}> what about disputes?`, { where: 'thread' })));
    expect(inThread.path).toBe(`/channels/${ids.thread}/messages`);
    const inDm = await fake.waitForRequest(replyTo(fake.sendMessage('what about disputes?', { where: 'dm' })));
    expect(inDm.path).toBe(`/channels/${ids.dmChannel}/messages`);
  });

  it('gives a short help text to a mention without a question', async () => {
    const { fake } = harness;
    const reply = await fake.waitForRequest(replyTo(fake.sendMessage(`<@${ids.bot}>`)));
    expect(bodyOf(reply)['content']).toBe(MENTION_HELP);
    expect(harness.answers.calls).toHaveLength(0);
  });

  it('ignores channel messages that do not mention the bot', async () => {
    const { fake } = harness;
    const ignored = fake.sendMessage('what statistics are shared?');
    await fake.waitForRequest(replyTo(fake.sendMessage(`<@${ids.bot}> and disputes?`)));
    expect(fake.requests.filter(replyTo(ignored))).toHaveLength(0);
    expect(harness.answers.calls.map((c) => c.question)).toEqual(['and disputes?']);
  });
});
