import { afterEach, describe, expect, it } from 'vitest';
import { autocompleteInteraction, commandInteraction, option, type InteractionTarget } from './fake-interactions.js';
import { bodyOf, contentOf, startHarness, waitForCallback, type Harness } from './harness.js';

let harness: Harness;
afterEach(async () => {
  await harness.close();
});

/** A server the bot was invited to by someone else: its owner has Manage Server there. */
const FOREIGN_GUILD = '919999999999999999';

const moderationCommands = (attachmentId: string) =>
  [
    ['reindex run', 'reindex', [option.subcommand('run')]],
    ['reindex rollback', 'reindex', [option.subcommand('rollback')]],
    ['corpus add', 'corpus', [option.subcommand('add', [option.attachment('file', attachmentId)])]],
    ['corpus remove', 'corpus', [option.subcommand('remove', [option.string('document', 'trade.md')])]],
    ['corpus list', 'corpus', [option.subcommand('list')]],
  ] as const;

/** Sends every moderation command as `target` and returns each private refusal. Nothing may reach moderation. */
async function refusalsFor(target: InteractionTarget): Promise<string[]> {
  const attachment = harness.fake.serveFile('ok.txt', new TextEncoder().encode('The Parties agree.'), 'text/plain');
  const texts: string[] = [];
  for (const [, name, options] of moderationCommands(attachment.id)) {
    const interaction = harness.fake.sendInteraction(commandInteraction(name, options, { ...target, attachments: [attachment] }));
    const callback = await waitForCallback(harness.fake, interaction);
    expect(bodyOf(callback)).toMatchObject({ type: 4, data: { flags: 64 } });
    texts.push(contentOf(callback));
  }
  const suggest = harness.fake.sendInteraction(autocompleteInteraction('corpus', [option.subcommand('remove', [option.focused('document', 'tr')])], target));
  expect(bodyOf(await waitForCallback(harness.fake, suggest))).toEqual({ type: 8, data: { choices: [] } });
  expect(harness.moderation.reindexRuns).toBe(0);
  expect(harness.moderation.removed).toEqual([]);
  expect(harness.moderation.uploads).toEqual([]);
  expect(harness.fake.requests.filter((r) => r.path.startsWith('/attachments/'))).toEqual([]);
  return texts;
}

describe('moderation happens only in the home server (DISCORD_GUILD_ID)', () => {
  it('refuses every moderation command from Manage Server in a foreign server', async () => {
    harness = await startHarness();
    const texts = await refusalsFor({ as: 'admin', guildId: FOREIGN_GUILD });
    for (const text of texts) expect(text).toMatch(/works only in this bot's home server/);
  });

  it('refuses a moderator role id held in a foreign server', async () => {
    harness = await startHarness();
    for (const text of await refusalsFor({ as: 'roleModerator', guildId: FOREIGN_GUILD })) expect(text).toMatch(/home server/);
  });

  it('refuses every moderation command in a DM', async () => {
    harness = await startHarness();
    for (const text of await refusalsFor({ as: 'dm' })) expect(text).toContain('only in a server');
  });

  it('refuses a member without Manage Server or a moderator role in the home server', async () => {
    harness = await startHarness();
    for (const text of await refusalsFor({ as: 'member' })) expect(text).toContain('Only moderators');
  });

  it('refuses everyone, Manage Server included, when no home server is configured', async () => {
    harness = await startHarness({ config: { guildId: undefined, moderatorRoleIds: [] } });
    for (const text of await refusalsFor({ as: 'admin' })) expect(text).toContain('DISCORD_GUILD_ID is not set');
  });

  it('still answers read-only commands in a foreign server', async () => {
    harness = await startHarness();
    const callback = await waitForCallback(harness.fake, harness.fake.sendInteraction(commandInteraction('sources', [], { as: 'member', guildId: FOREIGN_GUILD })));
    expect(JSON.stringify(bodyOf(callback))).toContain('documents in the corpus');
  });

  it('lets a moderator of the home server reindex', async () => {
    harness = await startHarness();
    const interaction = harness.fake.sendInteraction(commandInteraction('reindex', [option.subcommand('run')], { as: 'admin' }));
    await harness.fake.waitForRequest((r) => r.method === 'PATCH' && r.path.endsWith(`${String(interaction['token'])}/messages/@original`) && JSON.stringify(r.body).includes('Reindex done'));
    expect(harness.moderation.reindexRuns).toBe(1);
  });
});
