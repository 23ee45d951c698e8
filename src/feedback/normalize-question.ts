/**
 * The key questions are grouped by in reports and exports: Unicode-normalised (NFKC), lower case, whitespace
 * collapsed, trailing punctuation dropped. "How many drones?" and "how many  drones" share a key.
 */
export function questionKey(question: string): string {
  return question.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim().replace(/[\s?!.…]+$/u, '');
}
