import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandInteraction } from './fake-interactions.js';
import { bodyOf, contentOf, messageOf, startHarness, waitForCallback, type Harness } from './harness.js';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.close();
});

describe('the connection', () => {
  it('identifies with the non-privileged intents Guilds, GuildMessages and DirectMessages, over JSON', () => {
    expect(harness.fake.gateway.log.connections).toEqual(['v=10&encoding=json']);
    expect(harness.fake.gateway.log.identifies[0]?.['intents']).toBe(1 | (1 << 9) | (1 << 12));
  });
});

describe('/sources and /status', () => {
  it('lists the documents with title, source and date', async () => {
    const callback = await waitForCallback(harness.fake, harness.fake.sendInteraction(commandInteraction('sources', [])));
    const embed = (messageOf(callback)['embeds'] as Record<string, unknown>[])[0] ?? {};
    expect(embed['title']).toBe('2 documents in the corpus');
    expect(embed['description']).toBe(
      '• [Data Sharing Agreement](<https://example.org/agreements/data-sharing>) — Ministry of Trade, 2023-04-12\n' +
        '• Trade \\*Cooperation\\* Memorandum — Joint Committee, 2021-09-01',
    );
  });

  it('shows the index version and build time, sizes, retrieval mode with its reason, model and uptime', async () => {
    const callback = await waitForCallback(harness.fake, harness.fake.sendInteraction(commandInteraction('status', [])));
    expect(bodyOf(callback)).toMatchObject({ type: 4, data: { flags: 64 } });
    const text = contentOf(callback);
    expect(text).toContain('v20260101-120000-abc123, built <t:1767268800:F>');
    expect(text).toContain('**Documents:** 1 · **Passages:** 4');
    expect(text).toContain('lexical fallback (keyword only) — no embedding model in models/');
    expect(text).toContain('none (lexical-only index)');
    expect(text).toMatch(/\*\*Bot uptime:\*\* \d+ ms|\d+\.\d s/);
  });
});
