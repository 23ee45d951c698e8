import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from './bot-context.js';
import { formatBytes } from './corpus-upload.js';
import { escapeDiscordText } from './escape-discord-text.js';
import type { LinkRefresh } from './ports.js';
import { privateText } from './message-options.js';
import { reindexWithProgress } from './reindex-with-progress.js';

/** `/corpus add url:<https://…>` without a file: fetches the page or file, adds it, then reindexes. */
export async function addFromLink(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const url = interaction.options.getString('url')?.trim();
  if (url === undefined || url === '') {
    await interaction.reply(privateText('Give a file to upload (file:) or a link to fetch (url:https://…).'));
    return;
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const meta: { title?: string; source?: string; date?: string } = {};
  for (const key of ['title', 'source', 'date'] as const) {
    const value = interaction.options.getString(key)?.trim();
    if (value !== undefined && value !== '') meta[key] = value;
  }
  const { docId, bytes } = await context.moderation.addLink(url, meta);
  context.logger.info({ userId: interaction.user.id, docId, url, bytes }, 'document added from a link');
  await reindexWithProgress(interaction, context, `Added ${escapeDiscordText(docId)} from <${url}> (${formatBytes(bytes)}).\n`);
}

/** One paragraph saying what fetching the links again found. */
export function formatRefresh(refresh: LinkRefresh): string {
  const total = refresh.unchanged.length + refresh.updated.length + refresh.failed.length;
  if (total === 0) return 'No document in the corpus was added from a link, so there is nothing to refresh.';
  const lines = [
    `Fetched ${total} link${total === 1 ? '' : 's'} again: ${refresh.updated.length} changed, ${refresh.unchanged.length} unchanged, ${refresh.failed.length} failed.`,
    ...refresh.updated.map((docId) => `• changed: ${escapeDiscordText(docId)}`),
    ...refresh.failed.map((f) => `• kept the old copy of ${escapeDiscordText(f.docId)}: ${escapeDiscordText(f.reason)}`),
  ];
  return lines.join('\n');
}

/** `/corpus refresh`: fetches every linked document again; reindexes when one changed. */
export async function refreshLinks(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const refresh = await context.moderation.refreshLinks();
  context.logger.info({ userId: interaction.user.id, updated: refresh.updated, failed: refresh.failed.length }, 'links refreshed');
  const text = formatRefresh(refresh);
  if (refresh.updated.length === 0) {
    await interaction.editReply({ content: `${text}\nNothing changed, so the index was left as it is.` });
    return;
  }
  await reindexWithProgress(interaction, context, `${text}\n`);
}
