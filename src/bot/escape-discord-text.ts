import { escapeMarkdown } from 'discord.js';

/**
 * Escapes text from the corpus or from a user so that Discord shows it literally: every markdown construct
 * (headings, lists, masked links included), line-leading `>` and `-#`, and `<@…>`, `<#…>`, `<t:…>`-style tags,
 * which would otherwise render as mentions or timestamps. Every added character is a backslash before the
 * character it protects, so removing one backslash before each escaped character gives the text back exactly:
 * escaping is presentation, the quote stays verbatim.
 */
export function escapeDiscordText(text: string): string {
  const escaped = escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true, maskedLink: true });
  return escaped.replaceAll(/^([ \t]*)(>|-#)/gm, '$1\\$2').replaceAll(/<(?=[@#:/]|a:|t:)/g, '\\<');
}
