import type { Message, RepliableInteraction } from 'discord.js';
import type { Logger } from 'pino';
import { AccordError } from '../errors.js';
import { fitContent, noPings, privateText } from './message-options.js';

/** What a user reads when something that is not an AccordError fails: the details go to the log only. */
export const GENERIC_FAILURE = 'Something went wrong while handling that. It has been logged; please try again in a moment.';

/** The text a user may see for `error`: an AccordError's own description, otherwise the generic text. */
export function userFacingText(error: unknown): string {
  return error instanceof AccordError ? error.describe() : GENERIC_FAILURE;
}

function logFailure(logger: Logger, error: unknown, context: Record<string, unknown>): void {
  if (error instanceof AccordError) logger.warn({ err: error, ...context }, 'request refused');
  else logger.error({ err: error, ...context }, 'request failed');
}

/**
 * The one error handler for interactions (the discord.js guide's pattern): logs the cause, then tells the user,
 * privately. Before any answer: `reply`. After a `deferReply`: the pending reply is edited when it is private,
 * or deleted and replaced by a private follow-up when it is public, so the error never shows in the channel.
 * After a reply: `followUp`. Never throws: a failure to report is logged.
 */
export async function reportInteractionError(interaction: RepliableInteraction, error: unknown, logger: Logger): Promise<void> {
  const command = interaction.isCommand() ? interaction.commandName : interaction.isMessageComponent() ? interaction.customId : undefined;
  logFailure(logger, error, { interactionId: interaction.id, command, userId: interaction.user.id, guildId: interaction.guildId });
  const text = userFacingText(error);
  try {
    if (interaction.deferred && !interaction.replied && interaction.ephemeral === true) {
      await interaction.editReply({ content: fitContent(text), embeds: [], components: [], allowedMentions: noPings() });
    } else if (interaction.deferred && !interaction.replied) {
      await interaction.deleteReply();
      await interaction.followUp(privateText(text));
    } else if (interaction.replied) {
      await interaction.followUp(privateText(text));
    } else {
      await interaction.reply(privateText(text));
    }
  } catch (reportError: unknown) {
    logger.warn({ err: reportError, interactionId: interaction.id }, 'could not tell the user about a failure');
  }
}

/** The error handler for questions asked by mention: logs the cause and replies to the message. Never throws. */
export async function reportMessageError(message: Message, error: unknown, logger: Logger): Promise<void> {
  logFailure(logger, error, { messageId: message.id, channelId: message.channelId, userId: message.author.id });
  try {
    await message.reply({ content: fitContent(userFacingText(error)), allowedMentions: noPings() });
  } catch (reportError: unknown) {
    logger.warn({ err: reportError, messageId: message.id }, 'could not tell the user about a failure');
  }
}
