import { afterEach, describe, expect, it } from 'vitest';
import { commandInteraction, option } from './fake-interactions.js';
import { startHarness, TEST_BOT_TOKEN, waitForCallback, type Harness } from './harness.js';

let harness: Harness;
afterEach(async () => {
  await harness.close();
});

describe('the bot token in logged errors', () => {
  it('is redacted when a server echoes the Authorization header back in an error', async () => {
    harness = await startHarness();
    harness.fake.overrides.push({
      match: (r) => r.path.endsWith('/callback'),
      reply: { status: 400, body: { message: `Bad request; you sent Authorization: Bot ${TEST_BOT_TOKEN}`, code: 50035 } },
    });
    const interaction = harness.fake.sendInteraction(commandInteraction('ask', [option.string('question', 'what is shared?')]));
    await waitForCallback(harness.fake, interaction);
    await expect.poll(() => harness.logs.some((l) => JSON.stringify(l).includes('Authorization: Bot [redacted]'))).toBe(true);
    expect(JSON.stringify(harness.logs)).not.toContain(TEST_BOT_TOKEN);
  });

  it('is redacted from any logged error, whatever threw it', async () => {
    harness = await startHarness();
    harness.answers.respond = () => {
      throw new Error(`upstream said: token=${TEST_BOT_TOKEN}`, { cause: new Error(TEST_BOT_TOKEN) });
    };
    harness.fake.sendInteraction(commandInteraction('ask', [option.string('question', 'what is shared?')]));
    await expect.poll(() => harness.logs.some((l) => l['msg'] === 'request failed')).toBe(true);
    const logged = JSON.stringify(harness.logs);
    expect(logged).toContain('upstream said: token=[redacted]');
    expect(logged).not.toContain(TEST_BOT_TOKEN);
  });
});
