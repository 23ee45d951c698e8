import type { DestinationStream } from 'pino';

const LABELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warning', 50: 'error', 60: 'fatal' };

/** Fields pino adds to every line, which a person at a terminal does not need. */
const HIDDEN = new Set(['level', 'time', 'pid', 'hostname', 'msg']);

function describeValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && 'message' in value) return String((value as { message: unknown }).message);
  return JSON.stringify(value);
}

/**
 * One pino JSON log line as a line for a person: `warning: answering in lexical mode (reason: no model in models/)`.
 * A line that is not pino JSON is passed through as it is.
 */
export function formatLogLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const label = LABELS[Number(entry['level'])] ?? 'log';
  const details = Object.entries(entry)
    .filter(([key]) => !HIDDEN.has(key))
    .map(([key, value]) => `${key}: ${describeValue(value)}`);
  const message = typeof entry['msg'] === 'string' ? entry['msg'] : '';
  return `${label}: ${message}${details.length === 0 ? '' : ` (${details.join('; ')})`}`;
}

/**
 * A pino destination that writes human-readable lines (see {@link formatLogLine}) to `write`: what the CLI logs
 * with unless `LOG_FORMAT=json`. JSON lines are for the bot's log collectors.
 */
export function humanLogStream(write: (text: string) => void = (text) => process.stderr.write(text)): DestinationStream {
  return {
    write(chunk: string) {
      for (const line of chunk.split('\n')) if (line !== '') write(`${formatLogLine(line)}\n`);
    },
  };
}
