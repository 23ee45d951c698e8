import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatRefresh } from '../../src/bot/corpus-links.js';
import { commandInteraction, option } from './fake-interactions.js';
import { bodyOf, contentOf, startHarness, waitForCallback, waitForEdit, type Harness } from './harness.js';

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.close();
});

describe('/corpus add url: and /corpus refresh (replies)', () => {
  it('asks for a file or a link when neither is given, and changes nothing', async () => {
    const interaction = harness.fake.sendInteraction(commandInteraction('corpus', [option.subcommand('add', [option.string('title', 'X')])], { as: 'roleModerator' }));
    const callback = await waitForCallback(harness.fake, interaction);
    expect(bodyOf(callback)).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(contentOf(callback)).toContain('Give a file to upload (file:) or a link to fetch (url:https://…).');
    expect(harness.moderation.links).toHaveLength(0);
    expect(harness.moderation.reindexRuns).toBe(0);
  });

  it('hands the link and its metadata to the corpus, then reindexes', async () => {
    const interaction = harness.fake.sendInteraction(
      commandInteraction('corpus', [option.subcommand('add', [option.string('url', 'https://example.org/news/pact'), option.string('source', 'Wire')])], { as: 'roleModerator' }),
    );
    const done = await waitForEdit(harness.fake, interaction, 'Reindex done');
    expect(harness.moderation.links).toEqual([{ url: 'https://example.org/news/pact', meta: { source: 'Wire' } }]);
    expect(JSON.stringify(done.body)).toContain('Added linked-page.html from <https://example.org/news/pact>');
  });

  it('is for moderators only', async () => {
    const interaction = harness.fake.sendInteraction(commandInteraction('corpus', [option.subcommand('refresh')], { as: 'member' }));
    expect(contentOf(await waitForCallback(harness.fake, interaction))).toContain('Only moderators can use /corpus');
    expect(harness.moderation.refreshes).toBe(0);
  });

  it('says what changed, what failed and why, then reindexes', async () => {
    const interaction = harness.fake.sendInteraction(commandInteraction('corpus', [option.subcommand('refresh')], { as: 'roleModerator' }));
    const done = await waitForEdit(harness.fake, interaction, 'Reindex done');
    const text = JSON.stringify(done.body);
    expect(text).toContain('Fetched 3 links again: 1 changed, 1 unchanged, 1 failed.');
    expect(text).toContain('kept the old copy of gone.html');
    expect(harness.moderation.reindexRuns).toBe(1);
  });

  it('formats a refresh with nothing to do', () => {
    expect(formatRefresh({ unchanged: [], updated: [], failed: [] })).toBe('No document in the corpus was added from a link, so there is nothing to refresh.');
  });
});
