import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buttonInteraction, commandInteraction, option } from './fake-interactions.js';
import { bodyOf, contentOf, messageOf, startHarness, unescapeDiscord, waitForCallback, waitForEdit, type Harness } from './harness.js';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.close();
});

/** Asks a question and returns the answer message and its "More sources" button's customId. */
async function askAndGetButton(): Promise<{ message: Record<string, unknown>; customId: string }> {
  const asked = harness.fake.sendInteraction(commandInteraction('ask', [option.string('question', 'What statistics are shared?')]));
  const edit = await waitForEdit(harness.fake, asked, 'More sources');
  const rows = messageOf(edit)['components'] as { components: { custom_id: string }[] }[];
  const customId = rows[0]?.components[0]?.custom_id ?? '';
  expect(customId.length).toBeLessThanOrEqual(100);
  return { message: harness.fake.originals.get(String(asked['token'])) ?? {}, customId };
}

describe('the "More sources" button', () => {
  it('shows whoever presses it, privately, the passages beyond those quoted', async () => {
    const { message, customId } = await askAndGetButton();
    const pressed = harness.fake.sendInteraction(buttonInteraction(customId, message, { as: 'admin' }));
    const edit = await waitForEdit(harness.fake, pressed, 'Further passages');
    expect(bodyOf(await waitForCallback(harness.fake, pressed))).toMatchObject({ type: 5, data: { flags: 64 } });
    const shown = unescapeDiscord(String((messageOf(edit)['embeds'] as Record<string, unknown>[])[0]?.['description']));
    expect(shown).toContain('Each Party shall designate a contact point within 30 days of entry into force.');
    expect(shown).toContain('Disputes shall be settled amicably');
    expect(shown).not.toContain('The Parties shall share');
    expect(harness.answers.calls.at(-1)).toEqual({ question: 'What statistics are shared?', topK: 12 });
  });

  it('says the sources expired when the answer is no longer remembered', async () => {
    const { message } = await askAndGetButton();
    const pressed = harness.fake.sendInteraction(buttonInteraction('more-sources:unknown-id', message));
    const callback = await waitForCallback(harness.fake, pressed);
    expect(bodyOf(callback)).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(contentOf(callback)).toContain('expired');
  });
});
