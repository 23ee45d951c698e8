import { AttachmentBuilder, InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { reportCsv } from '../../feedback/report-csv.js';
import type { Command } from '../command.js';
import { questionChooser } from '../feedback-components.js';
import { formatReportMessage } from '../format-report.js';
import { fitContent, noPings, privateText } from '../message-options.js';
import { homeModeratorRefusal } from '../require-home-moderator.js';

/** Discord's upload limit is 10 MiB for a server without boosts; the CSV stays well below it. */
const MAX_CSV_BYTES = 8_000_000;
export const REPORT_DEFAULT_DAYS = 30;

/** `/report [days]`: what the corpus lacks, from the question log: unanswered and down-voted questions (moderators, home server). */
export const report = {
  data: new SlashCommandBuilder()
    .setName('report')
    .setDescription('Unanswered and down-voted questions from the question log (moderators)')
    .addIntegerOption((o) => o.setName('days').setDescription(`How many days back (default ${REPORT_DEFAULT_DAYS})`).setMinValue(1).setMaxValue(3650))
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .toJSON(),

  async execute(interaction, context) {
    const refusal = homeModeratorRefusal(interaction, context.config, '/report');
    if (refusal !== null) {
      await interaction.reply(privateText(refusal));
      return;
    }
    const log = context.questionLog;
    if (!log.enabled) {
      const why = log.problem ?? 'QUESTION_LOG is off, so no questions are being collected. Set QUESTION_LOG=on and restart the bot.';
      await interaction.reply(privateText(`The question log is not available. ${why}`));
      return;
    }
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const days = interaction.options.getInteger('days') ?? REPORT_DEFAULT_DAYS;
    const built = await log.report(days);
    const csv = reportCsv(built, MAX_CSV_BYTES);
    const attachment = new AttachmentBuilder(Buffer.from(csv.text, 'utf8'), { name: `accord-report-${days}d.csv` });
    const toLabel = [
      ...built.downVoted.map((d) => ({ answerId: d.answerId, question: d.question, note: `👎 ${d.down}${d.label === null ? '' : ' · labelled'}` })),
      ...built.unanswered.map((u) => ({ answerId: u.answerId, question: u.question, note: `not answered ${u.notAnswered}×${u.label === null ? '' : ' · labelled'}` })),
    ];
    await interaction.editReply({ content: fitContent(formatReportMessage(built, csv.omitted)), files: [attachment], components: questionChooser(toLabel), allowedMentions: noPings() });
  },
} satisfies Command;
