/**
 * Discord bot tokens: three base64url parts joined by dots (the first is the bot's id in base64, 24–28 chars).
 * Matched by shape, so a token is caught wherever it comes from: a setting pasted in the wrong place, an error
 * message, a server that echoes the Authorization header back.
 */
const BOT_TOKEN = /[\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}/g;

/** `Authorization: Bot …` / `Bearer …` as echoed in an error text, whatever the token's shape. */
const AUTHORIZATION = /\b(Bot|Bearer)\s+[\w.-]{20,}/g;

export const REDACTED = '[redacted]';

/** Whether `text` holds something shaped like a bot token, or one of `secrets`. */
export function containsSecret(text: string, secrets: readonly string[] = []): boolean {
  return redactSecrets(text, secrets) !== text;
}

/**
 * `text` with every bot-token-shaped string, every `Bot <token>` authorization value and every one of `secrets`
 * (the configured token) replaced by `[redacted]`.
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let redacted = text;
  for (const secret of secrets) if (secret.length >= 8) redacted = redacted.replaceAll(secret, REDACTED);
  return redacted.replaceAll(AUTHORIZATION, `$1 ${REDACTED}`).replaceAll(BOT_TOKEN, REDACTED);
}
