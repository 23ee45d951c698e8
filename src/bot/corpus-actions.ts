import { MessageFlags, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from './bot-context.js';
import { attachmentOrigins } from './attachment-hosts.js';
import { attachmentRefusal, downloadAttachment, formatBytes } from './corpus-upload.js';
import { DiscordLimits } from './discord-limits.js';
import { escapeDiscordText } from './escape-discord-text.js';
import { fitContent, noPings, privateText } from './message-options.js';
import { reindexWithProgress } from './reindex-with-progress.js';
import { isModerator } from './require-moderator.js';
import { shortenToChars } from './shorten-at-word.js';

const DOWNLOAD_TIMEOUT_MS = 15_000;

/** `/corpus add`: checks the attachment, downloads it, adds it to the corpus, then reindexes. */
export async function addToCorpus(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const attachment = interaction.options.getAttachment('file', true);
  const { maxUploadBytes } = context.moderation;
  const refusal = attachmentRefusal(attachment, maxUploadBytes);
  if (refusal !== null) {
    await interaction.reply(privateText(escapeDiscordText(refusal)));
    return;
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const origins = attachmentOrigins(context.config.apiUrl);
  const bytes = await downloadAttachment(attachment, { maxBytes: maxUploadBytes, timeoutMs: DOWNLOAD_TIMEOUT_MS, origins });
  const meta: { title?: string; source?: string; date?: string; url?: string } = {};
  for (const key of ['title', 'source', 'date', 'url'] as const) {
    const value = interaction.options.getString(key)?.trim();
    if (value !== undefined && value !== '') meta[key] = value;
  }
  const { docId } = await context.moderation.addDocument({ fileName: attachment.name, bytes, meta });
  context.logger.info({ userId: interaction.user.id, docId, bytes: bytes.byteLength }, 'document added');
  await reindexWithProgress(interaction, context, `Added ${escapeDiscordText(docId)} (${formatBytes(bytes.byteLength)}).\n`);
}

/** `/corpus remove`: removes a document, then reindexes. */
export async function removeFromCorpus(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const docId = interaction.options.getString('document', true);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await context.moderation.removeDocument(docId);
  context.logger.info({ userId: interaction.user.id, docId }, 'document removed');
  await reindexWithProgress(interaction, context, `Removed ${escapeDiscordText(docId)}.\n`);
}

/** `/corpus list`: the documents in the corpus folder, with their ids and sizes. */
export async function listCorpus(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const documents = await context.moderation.listDocuments();
  const lines: string[] = [`${documents.length} document${documents.length === 1 ? '' : 's'} in the corpus folder:`];
  let length = lines[0]?.length ?? 0;
  for (const [index, doc] of documents.entries()) {
    const line = `• ${escapeDiscordText(doc.docId)}: ${escapeDiscordText(doc.title)} (${formatBytes(doc.bytes)})`;
    if (length + line.length + 1 > DiscordLimits.messageContentChars - 40) {
      lines.push(`…and ${documents.length - index} more.`);
      break;
    }
    lines.push(line);
    length += line.length + 1;
  }
  await interaction.editReply({ content: fitContent(lines.join('\n')), allowedMentions: noPings() });
}

/**
 * How long autocomplete waits for the document list. Discord drops autocomplete answers after 3 s; the rest of
 * the window is left for the response itself.
 */
export const AUTOCOMPLETE_DEADLINE_MS = 2_000;

type DocumentList = Awaited<ReturnType<BotContext['moderation']['listDocuments']>>;

/** The corpus documents, or none when listing them takes longer than `AUTOCOMPLETE_DEADLINE_MS`. */
async function listDocumentsInTime(context: BotContext): Promise<DocumentList> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), AUTOCOMPLETE_DEADLINE_MS);
  });
  try {
    const documents = await Promise.race([context.moderation.listDocuments(), deadline]);
    if (documents !== 'late') return documents;
    context.logger.warn({ deadlineMs: AUTOCOMPLETE_DEADLINE_MS }, 'listing documents for autocomplete took too long; suggesting none');
    return [];
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Suggests documents for `/corpus remove` whose id or title contains what was typed (moderators only); none when
 * the document list is slow to come, so the answer always arrives within Discord's window.
 */
export async function suggestDocuments(interaction: AutocompleteInteraction, context: BotContext): Promise<void> {
  if (!isModerator(interaction, context.config)) {
    await interaction.respond([]);
    return;
  }
  const typed = interaction.options.getFocused().toLowerCase();
  const documents = await listDocumentsInTime(context);
  const choices = documents
    // A choice's value holds at most 100 characters; longer ids must be typed out.
    .filter((doc) => doc.docId.length <= DiscordLimits.choiceChars)
    .filter((doc) => doc.docId.toLowerCase().includes(typed) || doc.title.toLowerCase().includes(typed))
    .slice(0, DiscordLimits.autocompleteChoices)
    .map((doc) => ({ name: shortenToChars(`${doc.title} (${doc.docId})`, DiscordLimits.choiceChars), value: doc.docId }));
  await interaction.respond(choices);
}
