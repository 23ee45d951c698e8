import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buttonInteraction, commandInteraction, option } from './fake-interactions.js';
import { ids } from './fake-payloads.js';
import { bodyOf, contentOf, ManualClock, messageOf, startHarness, waitForCallback, waitForEdit, type Harness } from './harness.js';

let harness: Harness;
let clock: ManualClock;
beforeEach(async () => {
  clock = new ManualClock();
  harness = await startHarness({ clock, rateLimitPerMinute: 2 });
});
afterEach(async () => {
  await harness.close();
});

const ask = (question: string) => harness.fake.sendInteraction(commandInteraction('ask', [option.string('question', question)]));

describe('the per-user rate limit', () => {
  it('refuses the question over the limit, privately, saying when to retry; a minute later it answers again', async () => {
    await waitForEdit(harness.fake, ask('first question'), 'embeds');
    clock.advance(10_000);
    await waitForEdit(harness.fake, ask('second question'), 'embeds');
    clock.advance(10_000);
    const refused = await waitForCallback(harness.fake, ask('third question'));
    expect(bodyOf(refused)).toMatchObject({ type: 4, data: { flags: 64 } });
    const retryAt = Math.floor((clock.now() + 40_000) / 1000);
    expect(contentOf(refused)).toBe(`You have asked 2 questions in the last minute, my limit per person. You can ask again <t:${retryAt}:R> (in 40 s).`);
    expect(harness.answers.calls).toHaveLength(2);

    clock.advance(40_000);
    await waitForEdit(harness.fake, ask('fourth question'), 'embeds');
  });

  it('counts questions asked by mention too', async () => {
    for (const n of [1, 2, 3]) harness.fake.sendMessage(`<@${ids.bot}> question number ${n}`);
    await harness.fake.waitForRequest((r) => r.path.endsWith('/messages') && String(bodyOf(r)['content']).includes('You can ask again'));
    expect(harness.answers.calls).toHaveLength(2);
  });

  it('counts "More sources" presses too, refusing one over the limit privately without retrieving', async () => {
    const asked = ask('first question');
    const answer = await waitForEdit(harness.fake, asked, 'More sources');
    const rows = messageOf(answer)['components'] as { components: { custom_id: string }[] }[];
    const press = () => harness.fake.sendInteraction(buttonInteraction(rows[0]?.components[0]?.custom_id ?? '', harness.fake.originals.get(String(asked['token'])) ?? {}));
    await waitForEdit(harness.fake, press(), 'Further passages');
    const refused = await waitForCallback(harness.fake, press());
    expect(bodyOf(refused)).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(contentOf(refused)).toContain('my limit per person');
    expect(harness.answers.calls).toHaveLength(2);
  });
});
