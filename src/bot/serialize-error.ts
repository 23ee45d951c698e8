import { redactSecrets } from '../redact-secrets.js';

/**
 * Webhook and interaction routes carry the interaction token as a path segment: anyone who has it can post as the
 * bot for 15 minutes, so it must never reach a log.
 */
const TOKEN_SEGMENT = /\/(webhooks|interactions)\/(\d+)\/[^/?#\s]+/g;

/**
 * `text` with every webhook or interaction token segment replaced by `:token`, and every bot token (by its shape,
 * after `Bot `, or one of `secrets`) by `[redacted]`.
 */
export function redactTokens(text: string, secrets: readonly string[] = []): string {
  return redactSecrets(text.replaceAll(TOKEN_SEGMENT, '/$1/$2/:token'), secrets);
}

/** The decoded path of a request URL, without origin or query, with any token segment replaced by `:token`. */
function redactedPath(url: string, secrets: readonly string[]): string {
  let path = url.split(/[?#]/)[0] ?? '';
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    // Not a URL, or a malformed escape: redact the text as it is.
  }
  return redactTokens(path, secrets);
}

/** Causes deeper than this are cut off (a cause chain may be cyclic). */
const MAX_CAUSE_DEPTH = 5;

/**
 * pino's `err` serializer for the bot. discord.js's `DiscordAPIError`, `HTTPError` and `RateLimitError` carry the
 * request `url` (and `majorParameter`), which hold the interaction token, and `requestBody`, which holds message
 * content; pino's standard serializer logs every own property. This keeps only a safe allow-list: type, message,
 * stack, code, status, method, an AccordError's hint, the redacted path, and the cause, serialized the same way.
 */
export function serializeError(error: unknown, depth = 0, secrets: readonly string[] = []): unknown {
  if (!(error instanceof Error)) return typeof error === 'string' ? redactTokens(error, secrets) : error;
  const fields = error as Error & { code?: unknown; status?: unknown; method?: unknown; url?: unknown; hint?: unknown };
  const serialized: Record<string, unknown> = { type: error.name, message: redactTokens(error.message, secrets) };
  if (error.stack !== undefined) serialized['stack'] = redactTokens(error.stack, secrets);
  if (typeof fields.code === 'string' || typeof fields.code === 'number') serialized['code'] = fields.code;
  if (typeof fields.status === 'number') serialized['status'] = fields.status;
  if (typeof fields.method === 'string') serialized['method'] = fields.method;
  if (typeof fields.hint === 'string') serialized['hint'] = redactTokens(fields.hint, secrets);
  if (typeof fields.url === 'string') serialized['path'] = redactedPath(fields.url, secrets);
  if (error.cause !== undefined && depth < MAX_CAUSE_DEPTH) serialized['cause'] = serializeError(error.cause, depth + 1, secrets);
  return serialized;
}

/** pino options that make every `{ err }` the bot logs go through `serializeError`. */
export const errorSerializers = { err: (error: unknown) => serializeError(error) } as const;

/** The same, also redacting `secrets` (the configured bot token) wherever they appear. */
export function errorSerializersFor(secrets: readonly string[]) {
  return { err: (error: unknown) => serializeError(error, 0, secrets) } as const;
}
