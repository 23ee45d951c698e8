/** Discord's message limits, in characters (https://discord.com/developers/docs/resources/message#create-message). */
export const DiscordLimits = {
  messageContentChars: 2_000,
  embedTitleChars: 256,
  embedDescriptionChars: 4_096,
  embedFooterChars: 2_048,
  /** The sum of every embed's title, description, fields, footer and author in one message. */
  embedsTotalChars: 6_000,
  /** An autocomplete answer holds at most 25 choices, each name and value at most 100 characters. */
  autocompleteChoices: 25,
  choiceChars: 100,
} as const;
