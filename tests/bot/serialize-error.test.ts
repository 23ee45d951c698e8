import { Writable } from 'node:stream';
import { DiscordAPIError } from 'discord.js';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { errorSerializers, redactTokens, serializeError } from '../../src/bot/serialize-error.js';

const url = 'https://discord.com/api/v10/webhooks/123/SECRET_TOKEN/messages/@original';
const discordError = () =>
  new DiscordAPIError({ message: 'Unknown Webhook', code: 10015 }, 10015, 404, 'PATCH', url, { body: { content: 'private answer text' } });

/** Logs `error` as `{ err }` through a pino logger built the way the bot builds its own, and returns the lines. */
function logLines(error: unknown): string {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  pino({ serializers: errorSerializers }, sink).child({ interactionId: '1' }).error({ err: error }, 'request failed');
  return lines.join('');
}

describe('serializeError', () => {
  it('keeps what explains a Discord failure and replaces the token in its path', () => {
    expect(serializeError(discordError())).toMatchObject({
      type: 'DiscordAPIError[10015]', message: 'Unknown Webhook', code: 10015, status: 404, method: 'PATCH', path: '/api/v10/webhooks/123/:token/messages/@original',
    });
  });

  it('drops the request body and the full url', () => {
    const serialized = serializeError(discordError()) as Record<string, unknown>;
    expect(serialized).not.toHaveProperty('requestBody');
    expect(serialized).not.toHaveProperty('url');
  });

  it('never writes the token or the message content to a log line', () => {
    const logged = logLines(new Error('could not answer', { cause: discordError() }));
    expect(logged).toContain(':token');
    expect(logged).not.toContain('SECRET_TOKEN');
    expect(logged).not.toContain('private answer text');
  });

  it('redacts interaction callback tokens in text', () => {
    expect(redactTokens('POST /interactions/42/aW50ZXJhY3Rpb24/callback?with_response=true')).toBe('POST /interactions/42/:token/callback?with_response=true');
  });

  it('passes values that are not errors through', () => {
    expect(serializeError({ reason: 'x' })).toEqual({ reason: 'x' });
  });
});
