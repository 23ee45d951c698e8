import { describe, expect, it } from 'vitest';
import { loadBotConfig, loadConfig } from '../../src/config.js';
import { AccordError } from '../../src/errors.js';
import { redactSecrets } from '../../src/redact-secrets.js';

const TOKEN = `MTAwMDAwMDAwMDAwMDAwMDAx.${'G'.repeat(6)}.${'x'.repeat(27)}`;
const valid = { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: '123456789012345678' };

function problemsOf(load: () => unknown): string {
  try {
    load();
  } catch (e: unknown) {
    expect(e).toBeInstanceOf(AccordError);
    return (e as AccordError).describe();
  }
  throw new Error('expected the settings to be refused');
}

describe('a bot token pasted into the wrong setting', () => {
  it.each(['DISCORD_APPLICATION_ID', 'DISCORD_GUILD_ID', 'MODERATOR_ROLE_IDS'])('is never echoed by %s', (key) => {
    const text = problemsOf(() => loadBotConfig({ ...valid, DISCORD_GUILD_ID: '323456789012345678', [key]: TOKEN }));
    expect(text).toContain(key);
    expect(text).toContain('looks like a bot token');
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('MTAw');
  });

  it('is never echoed by a core setting either, even when it is not the configured token', () => {
    const text = problemsOf(() => loadConfig({ TOP_K: `${'a'.repeat(24)}.${'b'.repeat(6)}.${'c'.repeat(27)}` }, '/x'));
    expect(text).toContain('TOP_K');
    expect(text).not.toContain('a'.repeat(24));
  });

  it('still shows ordinary wrong values, which help', () => {
    expect(problemsOf(() => loadBotConfig({ ...valid, DISCORD_GUILD_ID: 'my server' }))).toContain('(got "my server")');
  });
});

describe('moderation needs a home server', () => {
  it('refuses MODERATOR_ROLE_IDS without DISCORD_GUILD_ID', () => {
    expect(problemsOf(() => loadBotConfig({ ...valid, MODERATOR_ROLE_IDS: '123456789012345678' }))).toContain('MODERATOR_ROLE_IDS: needs DISCORD_GUILD_ID');
  });
});

describe('redactSecrets', () => {
  it('removes token-shaped strings, Authorization values and the configured token', () => {
    const text = redactSecrets(`401 for Authorization: Bot ${TOKEN}; echoed ${TOKEN}; custom s3cr3t-value-123`, ['s3cr3t-value-123']);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('s3cr3t');
    expect(text).toContain('Authorization: Bot [redacted]');
  });
});
