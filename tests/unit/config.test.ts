import { describe, expect, it } from 'vitest';
import { embedderOptions } from '../../src/app/load-embedder.js';
import { readFileSync } from 'node:fs';
import { loadBotConfig, loadConfig, SETTING_NAMES } from '../../src/config.js';
import { AccordError } from '../../src/errors.js';

describe('loadConfig', () => {
  it('applies defaults and resolves folders against the project root', () => {
    const config = loadConfig({}, '/srv/accord');
    expect(config.corpusDir).toBe('/srv/accord/corpus');
    expect(config.embedding.modelId).toBe('Xenova/all-MiniLM-L6-v2');
    expect(config.retrieval.topK).toBe(5);
  });

  it('treats empty strings as missing', () => {
    expect(loadConfig({ TOP_K: '', ALLOW_REMOTE_MODELS: '' }, '/x').retrieval.topK).toBe(5);
  });

  it('lists every bad setting at once', () => {
    const attempt = () => loadConfig({ TOP_K: 'many', ALLOW_REMOTE_MODELS: 'maybe', ANSWER_MIN_CONFIDENCE: '3' }, '/x');
    expect(attempt).toThrow(AccordError);
    try {
      attempt();
    } catch (e: unknown) {
      const text = (e as AccordError).describe();
      expect(text).toContain('3 problems');
      for (const key of ['TOP_K: must be a whole number', 'ALLOW_REMOTE_MODELS', 'ANSWER_MIN_CONFIDENCE']) expect(text).toContain(key);
      expect(text).toContain('.env.example');
    }
  });

  it('runs question embedding on one onnxruntime thread and indexing on its default, unless EMBEDDING_THREADS says', () => {
    const auto = loadConfig({}, '/x');
    expect(auto.embedding.threads).toBe('auto');
    expect(embedderOptions(auto, 'questions').threads).toBe(1);
    expect(embedderOptions(auto, 'indexing').threads).toBeUndefined();
    const four = loadConfig({ EMBEDDING_THREADS: '4' }, '/x');
    expect(embedderOptions(four, 'questions').threads).toBe(4);
    expect(embedderOptions(four, 'indexing').threads).toBe(4);
    for (const bad of ['0', '65', '1.5', 'all']) {
      expect(() => loadConfig({ EMBEDDING_THREADS: bad }, '/x')).toThrow(`EMBEDDING_THREADS: must be auto or a whole number from 1 to 64 (got "${bad}")`);
    }
  });
});

describe('the reindex stall limit', () => {
  it('is five minutes unless REINDEX_STALL_SECONDS says, and refuses anything but whole seconds from 1 to 86400', () => {
    expect(loadConfig({}, '/x').reindex.stallTimeoutMs).toBe(300_000);
    expect(loadConfig({ REINDEX_STALL_SECONDS: '' }, '/x').reindex.stallTimeoutMs).toBe(300_000);
    expect(loadConfig({ REINDEX_STALL_SECONDS: '900' }, '/x').reindex.stallTimeoutMs).toBe(900_000);
    for (const bad of ['0', '-5', '1.5', '5m', '86401']) {
      expect(() => loadConfig({ REINDEX_STALL_SECONDS: bad }, '/x')).toThrow(
        `REINDEX_STALL_SECONDS: must be a whole number of seconds from 1 to 86400: how long the bot's reindex process may go without progress before it is stopped (got "${bad}")`,
      );
    }
  });
});

describe('the question log settings', () => {
  it('are off by default, with the database under DATA_DIR, and refuse anything but on or off', () => {
    const config = loadConfig({}, '/srv/accord');
    expect(config.questionLog).toEqual({ enabled: false, dataDir: '/srv/accord/data', file: '/srv/accord/data/questions.sqlite', retentionDays: 90, storeUserIds: false });
    expect(loadConfig({ QUESTION_LOG: 'on', QUESTION_LOG_RETENTION_DAYS: '7' }, '/x').questionLog).toMatchObject({ enabled: true, retentionDays: 7 });
    expect(() => loadConfig({ QUESTION_LOG: 'yes', QUESTION_LOG_RETENTION_DAYS: '0' }, '/x')).toThrow(/QUESTION_LOG: must be on or off[\s\S]*QUESTION_LOG_RETENTION_DAYS: must be at least 1/);
  });
});

describe('loadBotConfig', () => {
  const valid = { DISCORD_TOKEN: `${'a'.repeat(24)}.${'b'.repeat(6)}.${'c'.repeat(27)}`, DISCORD_APPLICATION_ID: '123456789012345678' };

  it('accepts a well-formed token and ids, defaulting the API URL to Discord', () => {
    expect(loadBotConfig(valid).apiUrl).toBe('https://discord.com/api');
  });

  it('never echoes the token when it is malformed', () => {
    try {
      loadBotConfig({ ...valid, DISCORD_TOKEN: 'secret-but-wrong' });
      expect.unreachable();
    } catch (e: unknown) {
      expect((e as AccordError).message).toContain('DISCORD_TOKEN');
      expect((e as AccordError).message).not.toContain('secret-but-wrong');
    }
  });

  it('splits MODERATOR_ROLE_IDS and rejects ids that are not snowflakes', () => {
    expect(loadBotConfig({ ...valid, DISCORD_GUILD_ID: '323456789012345678', MODERATOR_ROLE_IDS: '123456789012345678, 223456789012345678' }).moderatorRoleIds).toHaveLength(2);
    expect(() => loadBotConfig({ ...valid, MODERATOR_ROLE_IDS: 'admins' })).toThrow(/MODERATOR_ROLE_IDS/);
  });
});

describe('the settings documentation', () => {
  it('lists every setting in .env.example and in the README', () => {
    const example = readFileSync('.env.example', 'utf8');
    const readme = readFileSync('README.md', 'utf8');
    expect(SETTING_NAMES.length).toBeGreaterThan(20);
    // NO_COLOR is the cross-tool convention (no-color.org), documented in the README rather than set in a .env file.
    for (const name of SETTING_NAMES.filter((n) => n !== 'NO_COLOR')) expect(example, name).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
    for (const name of SETTING_NAMES) expect(readme, name).toContain(`\`${name}\``);
  });
});

