import { InteractionContextType, SlashCommandBuilder, time, TimestampStyles } from 'discord.js';
import type { Command } from '../command.js';
import { escapeDiscordText } from '../escape-discord-text.js';
import { formatDuration } from '../format-reindex.js';
import { privateText } from '../message-options.js';

/** `/status`: the index being served, the retrieval mode, and how long the bot has been up. */
export const status = {
  data: new SlashCommandBuilder()
    .setName('status')
    .setDescription('Show the index version, its size, the retrieval mode and the bot uptime')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .toJSON(),

  async execute(interaction, context) {
    const index = context.answers.status();
    const builtAt = new Date(index.builtAt);
    const built = Number.isNaN(builtAt.getTime()) ? escapeDiscordText(index.builtAt) : time(builtAt, TimestampStyles.LongDateTime);
    const mode =
      index.mode === 'hybrid'
        ? 'hybrid (semantic + keyword)'
        : `lexical fallback (keyword only)${index.modeReason === undefined ? '' : ` — ${escapeDiscordText(index.modeReason)}`}`;
    const lines = [
      `**Index version:** ${escapeDiscordText(index.version)}, built ${built}`,
      `**Documents:** ${index.documents} · **Passages:** ${index.passages}`,
      `**Retrieval:** ${mode}`,
      `**Embedding model:** ${index.modelId === null ? 'none (lexical-only index)' : escapeDiscordText(index.modelId)}`,
      `**Bot uptime:** ${formatDuration(context.clock.now() - context.startedAtMs)}`,
    ];
    await interaction.reply(privateText(lines.join('\n')));
  },
} satisfies Command;
