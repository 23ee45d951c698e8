import { InteractionContextType, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../command.js';
import { DiscordLimits } from '../discord-limits.js';
import { formatDocumentTitle, formatSourceAndDate } from '../format-citation.js';
import { noPings } from '../message-options.js';

/** `/sources`: the documents Accord answers from, with title, source and date. */
export const sources = {
  data: new SlashCommandBuilder()
    .setName('sources')
    .setDescription('List the documents Accord answers from')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .toJSON(),

  async execute(interaction, context) {
    const documents = context.answers.sources();
    const lines: string[] = [];
    let length = 0;
    for (const doc of documents) {
      const where = formatSourceAndDate(doc);
      const line = `• ${formatDocumentTitle(doc, doc.docId)}${where === '' ? '' : ` — ${where}`}`;
      // Keep room for the "and n more" line.
      if (length + line.length + 1 > DiscordLimits.embedDescriptionChars - 40) break;
      lines.push(line);
      length += line.length + 1;
    }
    const rest = documents.length - lines.length;
    if (rest > 0) lines.push(`…and ${rest} more.`);
    const description = documents.length === 0 ? 'The index holds no documents yet.' : lines.join('\n');
    const title = `${documents.length} document${documents.length === 1 ? '' : 's'} in the corpus`;
    await interaction.reply({ embeds: [{ title, description }], allowedMentions: noPings() });
  },
} satisfies Command;
