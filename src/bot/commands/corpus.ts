import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../command.js';
import { addToCorpus, listCorpus, removeFromCorpus, suggestDocuments } from '../corpus-actions.js';
import { addFromLink, refreshLinks } from '../corpus-links.js';
import { requireModerator } from '../require-moderator.js';

/** `/corpus add|remove|list|refresh`: manage the documents Accord answers from (moderators). */
export const corpus = {
  data: new SlashCommandBuilder()
    .setName('corpus')
    .setDescription('Manage the documents Accord answers from (moderators)')
    .addSubcommand((sub) =>
      sub
        .setName('add')
        .setDescription('Add a document (.txt, .md, .pdf, .html, .docx) or a link to one, then reindex')
        .addAttachmentOption((o) => o.setName('file').setDescription('The document: .txt, .md, .pdf, .html or .docx (or give url: instead)'))
        .addStringOption((o) => o.setName('title').setDescription('Title shown in citations').setMaxLength(200))
        .addStringOption((o) => o.setName('source').setDescription('Who published it, e.g. a ministry').setMaxLength(200))
        .addStringOption((o) => o.setName('date').setDescription('Date of the agreement, e.g. 2024-05-31').setMaxLength(40))
        .addStringOption((o) => o.setName('url').setDescription('Without a file: the https:// link to fetch. With one: where the original can be read').setMaxLength(500)),
    )
    .addSubcommand((sub) => sub.setName('refresh').setDescription('Fetch the documents added from links again; reindex what changed'))
    .addSubcommand((sub) =>
      sub
        .setName('remove')
        .setDescription('Remove a document from the corpus, then reindex')
        .addStringOption((o) =>
          o.setName('document').setDescription('The document id').setRequired(true).setAutocomplete(true),
        ),
    )
    .addSubcommand((sub) => sub.setName('list').setDescription('List the documents in the corpus folder'))
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .toJSON(),

  async execute(interaction, context) {
    if (!(await requireModerator(interaction, context.config))) return;
    const subcommand = interaction.options.getSubcommand();
    if (subcommand === 'add') await (interaction.options.getAttachment('file') ? addToCorpus : addFromLink)(interaction, context);
    else if (subcommand === 'refresh') await refreshLinks(interaction, context);
    else if (subcommand === 'remove') await removeFromCorpus(interaction, context);
    else await listCorpus(interaction, context);
  },

  async autocomplete(interaction, context) {
    await suggestDocuments(interaction, context);
  },
} satisfies Command;
