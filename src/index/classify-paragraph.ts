import { endsSentence, isHeading, isListItem, isProse, isTagLine, words } from './prose-shape.js';

/**
 * What a candidate paragraph is. Only `prose` is kept as a paragraph; `heading` is recorded as a heading;
 * `end-marker` ends the article (everything after it is dropped); every other kind is dropped boilerplate.
 */
export type ParagraphKind =
  | 'prose'
  | 'heading'
  | 'end-marker'
  | 'navigation'
  | 'editorial-note'
  | 'caption'
  | 'metadata'
  | 'bullet'
  | 'tag-line'
  | 'fragment';

/** Short UI lines only: a sentence that merely mentions one of these words stays prose. */
const SHORT_LINE_MAX_WORDS = 15;
const MARKER_MAX_WORDS = 8;

/** A bullet marker (one character) then whitespace. */
export const BULLET_MARKER = /^[•◦▪▫‣⁃●○■□►▸*·–—-]\s+/;

const END_MARKER =
  /^(?:about the (?:author|writer|reporter)s?|related(?: articles?| stories| posts| content| coverage| reading| news| topics)?|more (?:from|on|stories|news)\b.*|(?:\d+ )?comments?(?: \(\d+\))?|(?:leave|post|add) a (?:comment|reply)|recommended(?: for you| stories)?|most (?:read|popular|viewed)|you (?:may|might) also like|read next|also read|see also|trending(?: now| stories)?|tags|topics|\*+ ?end of (?:the|this) project gutenberg.*)\s*:?$/i;

/** UI text that is boilerplate on any short line. */
const NAVIGATION_ANYWHERE = [
  /\b(?:top|bottom) of (?:the )?page\b/i,
  /\bskip to (?:main )?(?:content|navigation)\b/i,
  /^(?:back|return|scroll|go) to (?:the )?top\b/i,
  /\bclick here\b/i,
  /\bread more\b/i,
  /\ball rights reserved\b/i,
  /^(?:advertisement|sponsored(?: content)?|menu|search|home|print|email|share|next|previous|close)$/i,
  /\bcookies?\b.*\b(?:accept|consent|settings|policy)\b/i,
];
/** UI words that a real sentence may use, so they only mark lines that are not prose. */
const NAVIGATION_IF_NOT_PROSE = [
  /\bsubscri(?:be|ption)\b/i,
  /\bsign (?:up|in)\b|\blog ?(?:in|out)\b/i,
  /\bnewsletter\b/i,
  /\bshare (?:this|on|via)\b|\bfollow us\b/i,
  /\bcomment on\b|\bdelivered to your\b|\bad-free\b/i,
];

const EDITORIAL_NOTES = [
  /^(?:update[ds]?|correction|clarification|editor['’]?s note|note to readers)\b.{0,60}?:/i,
  /\bthis (?:article|story|post|piece|page) (?:was|has been|is) (?:\w+ )?(?:created|generated|produced|written|updated|corrected|amended|edited|translated)\b/i,
  /^to (?:read|learn|find out|see) (?:more )?(?:about )?how\b/i,
];

const AGENCIES = 'AFP|AP|Reuters|EPA|Getty(?: Images)?|Bloomberg|Anadolu|TASS|PAP|Sputnik|Xinhua|Ukrinform|dpa|ANSA|Pool|Handout';
const CAPTIONS = [
  /^\(?(?:photos?|photograph|pictures?|images?|illustration|video|credits?|caption|file photo)(?: by)?\s*[:|]/i,
  /©/,
  /\b(?:getty images|shutterstock|alamy|istock)\b/i,
  /** `NAME/AFP` at the end of the line or before `;` `,` `)`, so "a Reuters/Ipsos poll" is left alone. */
  new RegExp(`/ ?(?:${AGENCIES})\\b\\s*(?:[;,)]|$)`),
  new RegExp(`\\b(?:${AGENCIES}) ?/ ?\\p{Lu}[\\p{L}.'’-]*(?: \\p{Lu}[\\p{L}.'’-]*){0,3}\\)?$`, 'u'),
  /\b(?:photo|image)s? (?:by|courtesy of|credit)\b/i,
  /\b[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+)+ ?\/ ?[A-Z][A-Za-z]+\b/,
];

/** Labels of data fields: "Source: BNS" is metadata, "Profile: Gordon Brown" is a headline. */
const METADATA_LABEL =
  /^(?:(?:original |additional )?(?:reporting|writing|reported|written|edited|produced|compiled|translated)(?: by)?|sources?|by|authors?|byline|writers?|editors?|reporters?|correspondents?|published|posted|updated|last updated|modified|date|dateline|filed|location|tags?|topics?|categor(?:y|ies)|section|keywords?|read(?:ing)? time|words|contact|e-?mail|phone|tel|copyright|licen[cs]e|via)$/i;

/** `Label: value` data fields (`Source: BNS`) and bylines (`By Jane Doe`): short, and not sentences. */
function isMetadata(text: string, wordCount: number): boolean {
  if (wordCount > MARKER_MAX_WORDS) return false;
  const label = /^([\p{L} '’&-]+?)\s*:\s*\S/u.exec(text)?.[1];
  if (label !== undefined && METADATA_LABEL.test(label) && !endsSentence(text)) return true;
  return /^[Bb]y \p{Lu}[\p{L}.'’-]*(?: (?:and )?\p{Lu}[\p{L}.'’-]*){0,4}$/u.test(text);
}

/**
 * The kind of one candidate paragraph, judged on its own text (repetition is judged by the caller).
 * @param lead true before the document's first prose paragraph, where a sentence-case line is a headline.
 */
export function classifyParagraph(text: string, lead = false): ParagraphKind {
  const wordCount = words(text).length;
  const short = wordCount <= SHORT_LINE_MAX_WORDS;
  if (wordCount <= MARKER_MAX_WORDS && END_MARKER.test(text)) return 'end-marker';
  if (short && NAVIGATION_ANYWHERE.some((rule) => rule.test(text))) return 'navigation';
  if (EDITORIAL_NOTES.some((rule) => rule.test(text))) return 'editorial-note';
  if (CAPTIONS.some((rule) => rule.test(text))) return 'caption';
  if (isMetadata(text, wordCount)) return 'metadata';
  const bullet = BULLET_MARKER.exec(text);
  const content = bullet === null ? text : text.slice(bullet[0].length);
  const prose = isProse(content);
  if (short && !prose && NAVIGATION_IF_NOT_PROSE.some((rule) => rule.test(content))) return 'navigation';
  if (bullet !== null) return prose || isListItem(content) ? 'prose' : 'bullet';
  if (prose) return 'prose';
  if (isTagLine(text)) return 'tag-line';
  return isHeading(text, lead) ? 'heading' : 'fragment';
}
