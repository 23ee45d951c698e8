import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { AccordError } from '../errors.js';
import { MAX_QUESTION_CHARS } from '../retrieval/retriever.js';

export const questionLineSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  question: z.string().trim().min(1, 'question is empty').max(MAX_QUESTION_CHARS, `question is over ${MAX_QUESTION_CHARS} characters`),
  kind: z.enum(['single', 'multi', 'none']).optional(),
  evidence: z.array(z.string()).optional(),
});

export type QuestionLine = z.infer<typeof questionLineSchema>;

/**
 * Reads a JSONL question file (`{id, question}` per line; eval files add `kind` and `evidence`). Blank lines are
 * ignored; every bad line is reported at once with its line number, and nothing is run.
 */
export async function readQuestionFile(file: string): Promise<QuestionLine[]> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (e: unknown) {
    throw new AccordError(`Cannot read the question file ${file}.`, { hint: 'Check the path.', cause: e });
  }
  const questions: QuestionLine[] = [];
  const problems: string[] = [];
  raw.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      problems.push(`line ${i + 1}: not valid JSON`);
      return;
    }
    const parsed = questionLineSchema.safeParse(json);
    if (parsed.success) questions.push(parsed.data);
    else problems.push(`line ${i + 1}: ${parsed.error.issues.map((x) => `${x.path.join('.') || 'line'} ${x.message}`).join('; ')}`);
  });
  if (problems.length) {
    throw new AccordError(`${file} has ${problems.length} bad line(s):\n  - ${problems.join('\n  - ')}`, {
      hint: 'Each line must be a JSON object like {"id": "q1", "question": "..."}.',
    });
  }
  if (questions.length === 0) throw new AccordError(`${file} contains no questions.`);
  return questions;
}
