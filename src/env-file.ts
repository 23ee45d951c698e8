import { redactSecrets } from './redact-secrets.js';

/** `NAME=value`, optionally after `export `, as Node's `.env` parser reads it. */
const SETTING_LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;

/** A line shown in a problem: cut short, and never with a token in it. */
function shown(line: string): string {
  const text = redactSecrets(line.trim());
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/**
 * The problems of a `.env` file's text, one line each, for lines Node's loader would misread or Accord would
 * ignore: a line that is not `NAME=value` (Node's parser joins it to the next setting, which then silently
 * disappears: issue 12), a quoted value that never closes, and a name that is not one of `knownNames`
 * (a misspelt setting would otherwise be ignored). Blank lines and `#` comments are fine. Pure.
 */
export function checkEnvFile(text: string, knownNames: readonly string[]): string[] {
  const problems: string[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const number = i + 1;
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const match = SETTING_LINE.exec(line);
    if (match === null) {
      problems.push(`.env line ${number}: "${shown(line)}" is not a setting (expected NAME=value, or # for a comment)`);
      continue;
    }
    const [, name = '', value = ''] = match;
    const quote = value[0];
    if (quote === '"' || quote === "'" || quote === '`') {
      // A quoted value may span lines; it ends at the next line that contains the closing quote.
      let end = i;
      let rest = value.slice(1);
      while (!rest.includes(quote) && end + 1 < lines.length) rest = lines[++end] ?? '';
      if (!rest.includes(quote)) problems.push(`.env line ${number}: the quoted value of ${name} is never closed (add the closing ${quote})`);
      i = end;
    }
    if (!knownNames.includes(name)) {
      const near = knownNames.find((known) => known.toLowerCase() === name.toLowerCase());
      problems.push(`.env line ${number}: ${name} is not an Accord setting${near === undefined ? ' (see .env.example for the list)' : `; did you mean ${near}?`}`);
    }
  }
  return problems;
}
