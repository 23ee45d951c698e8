/** A metadata value as one trimmed line, or undefined when it is not a non-empty string. At most 300 characters. */
export function oneLine(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const line = value.replace(/\s+/g, ' ').trim().slice(0, 300);
  return line === '' ? undefined : line;
}
