import type { Interaction } from 'discord.js';
import type { BotContext } from './bot-context.js';
import type { Command } from './command.js';
import { FEEDBACK_PREFIX } from './feedback-ids.js';
import { handleFeedback } from './feedback-actions.js';
import { privateText } from './message-options.js';
import { MORE_SOURCES_PREFIX, showMoreSources } from './more-sources.js';
import { reportInteractionError } from './report-error.js';

/**
 * Routes an interaction to its command, autocomplete or button handler. Every failure ends in the central
 * error handler, so one failed question never affects the next.
 */
export async function handleInteraction(interaction: Interaction, context: BotContext, commands: ReadonlyMap<string, Command>): Promise<void> {
  try {
    if (interaction.isChatInputCommand()) {
      const command = commands.get(interaction.commandName);
      if (command === undefined) await interaction.reply(privateText(`I do not know /${interaction.commandName}: run npm run register again.`));
      else await command.execute(interaction, context);
    } else if (interaction.isAutocomplete()) {
      await commands.get(interaction.commandName)?.autocomplete?.(interaction, context);
    } else if (interaction.isButton() && interaction.customId.startsWith(MORE_SOURCES_PREFIX)) {
      await showMoreSources(interaction, context);
    } else if ((interaction.isButton() || interaction.isStringSelectMenu() || interaction.isModalSubmit()) && interaction.customId.startsWith(FEEDBACK_PREFIX)) {
      await handleFeedback(interaction, context);
    }
  } catch (error: unknown) {
    if (interaction.isRepliable()) await reportInteractionError(interaction, error, context.logger);
    else context.logger.error({ err: error, interactionId: interaction.id }, 'autocomplete failed');
  }
}
