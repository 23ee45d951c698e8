import type { Message } from 'discord.js';
import type { BotContext } from './bot-context.js';
import { answerQuestion, QUESTION_MAX_CHARS, QUESTION_MIN_CHARS } from './ask-question.js';
import { fitContent, noPings } from './message-options.js';
import { rateLimitRefusal } from './rate-limit-refusal.js';
import { reportMessageError } from './report-error.js';

/** What a mention without a question gets. */
export const MENTION_HELP =
  'Ask me about the cooperation agreements: mention me with a question, e.g. "@Accord which agreements cover data sharing?", ' +
  'or use /ask. I answer only with verbatim quotes from the agreements, with citations. /sources lists the documents.';

/** Discord shows "typing…" for 10 s; it is renewed this often while an answer is being prepared. */
const TYPING_RENEW_MS = 8_000;

/** The message text without mentions of the bot (as a user, `<@id>` or `<@!id>`, or as its managed role). */
export function stripBotMention(content: string, botUserId: string, botRoleIds: readonly string[] = []): string {
  const role = botRoleIds.length === 0 ? '' : `|<@&(?:${botRoleIds.join('|')})>`;
  return content.replaceAll(new RegExp(`<@!?${botUserId}>${role}`, 'g'), ' ').replaceAll(/\s+/g, ' ').trim();
}

/** The help text for a mention without a question, a refusal for an overlong one, or null. */
function questionRefusal(question: string): string | null {
  if (question.length < QUESTION_MIN_CHARS) return MENTION_HELP;
  if (question.length > QUESTION_MAX_CHARS) {
    return `Questions can be at most ${QUESTION_MAX_CHARS} characters; yours has ${question.length}. Please shorten it.`;
  }
  return null;
}

function botRoleIdsIn(message: Message, botUserId: string): string[] {
  return [...message.mentions.roles.filter((role) => role.tags?.botId === botUserId).keys()];
}

/** Starts "typing…" in the message's channel and renews it until the returned function is called. */
function keepTyping(message: Message, context: BotContext): () => void {
  const channel = message.channel;
  if (!channel.isSendable()) return () => undefined;
  const send = () => void channel.sendTyping().catch((error: unknown) => context.logger.debug({ err: error }, 'typing failed'));
  send();
  const timer = setInterval(send, TYPING_RENEW_MS);
  return () => clearInterval(timer);
}

/**
 * Answers a message that mentions the bot (in a channel or thread), or any message in a DM, with a reply to it.
 * Messages from bots, and messages that do not address the bot, are ignored.
 */
export async function handleMessage(message: Message, context: BotContext, botUserId: string): Promise<void> {
  if (message.author.bot || message.system) return;
  const botRoleIds = message.inGuild() ? botRoleIdsIn(message, botUserId) : [];
  const addressed = !message.inGuild() || message.mentions.users.has(botUserId) || botRoleIds.length > 0;
  if (!addressed) return;
  const question = stripBotMention(message.content, botUserId, botRoleIds);
  try {
    const refusal = questionRefusal(question) ?? rateLimitRefusal(message.author.id, context);
    if (refusal !== null) {
      await message.reply({ content: fitContent(refusal), allowedMentions: noPings() });
      return;
    }
    const stopTyping = keepTyping(message, context);
    try {
      const where = { guildId: message.guildId, channelId: message.channelId, userId: message.author.id };
      await message.reply(await answerQuestion(question, context, where));
    } finally {
      stopTyping();
    }
  } catch (error: unknown) {
    await reportMessageError(message, error, context.logger);
  }
}
