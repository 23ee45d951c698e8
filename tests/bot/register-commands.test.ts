import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commands } from '../../src/bot/commands/index.js';
import { registerCommands } from '../../src/bot/register-commands.js';
import type { BotConfig } from '../../src/config.js';
import { AccordError } from '../../src/errors.js';
import { FakeDiscord } from './fake-discord.js';
import { ids } from './fake-payloads.js';

let fake: FakeDiscord;
let config: BotConfig;
beforeEach(async () => {
  fake = await FakeDiscord.start();
  config = { token: 'MTAw.fake.token-value-never-shown', applicationId: ids.bot, guildId: ids.guild, moderatorRoleIds: [], apiUrl: fake.apiUrl, rateLimitPerMinute: 5, healthPort: undefined, healthHost: '127.0.0.1' };
});
afterEach(async () => {
  await fake.close();
});

const body = () => commands.map((command) => command.data);

describe('registerCommands', () => {
  it('registers every command in the configured guild', async () => {
    expect(await registerCommands(config, body())).toEqual({ scope: 'guild', count: 6 });
    const put = fake.requests.find((r) => r.method === 'PUT');
    expect(put?.path).toBe(`/applications/${ids.bot}/guilds/${ids.guild}/commands`);
    const sent = put?.body as Record<string, unknown>[];
    expect(sent.map((c) => c['name'])).toEqual(['ask', 'sources', 'status', 'reindex', 'corpus', 'report']);
  });

  it('registers globally when no guild is configured', async () => {
    expect(await registerCommands({ ...config, guildId: undefined }, body())).toEqual({ scope: 'global', count: 6 });
    expect(fake.requests.find((r) => r.method === 'PUT')?.path).toBe(`/applications/${ids.bot}/commands`);
  });

  it('explains a rejected token without showing it', async () => {
    fake.overrides.push({ match: (r) => r.method === 'PUT', reply: { status: 401, body: { message: '401: Unauthorized', code: 0 } } });
    const error = await registerCommands(config, body()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccordError);
    expect((error as AccordError).describe()).toContain('Discord rejected DISCORD_TOKEN (401 Unauthorized).');
    expect((error as AccordError).describe()).not.toContain(config.token);
  });

  it('explains missing access by the invite scopes', async () => {
    fake.overrides.push({ match: (r) => r.method === 'PUT', reply: { status: 403, body: { message: 'Missing Access', code: 50001 } } });
    const error = (await registerCommands(config, body()).catch((e: unknown) => e)) as AccordError;
    expect(error.describe()).toContain('applications.commands');
  });
});

describe('the command definitions', () => {
  const byName = new Map(body().map((c) => [c.name, c]));

  it('limit /ask questions to 3–300 characters, with an optional private flag', () => {
    expect(byName.get('ask')?.options).toEqual([
      expect.objectContaining({ name: 'question', type: 3, required: true, min_length: 3, max_length: 300 }),
      expect.objectContaining({ name: 'private', type: 5 }),
    ]);
  });

  it('give /reindex and /corpus to Manage Server by default, in servers only', () => {
    for (const name of ['reindex', 'corpus']) {
      expect(byName.get(name)).toMatchObject({ default_member_permissions: '32', contexts: [0] });
    }
  });
});
