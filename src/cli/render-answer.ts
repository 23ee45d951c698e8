import { locatePage } from '../retrieval/locate-page.js';
import type { Answer, DocumentMeta } from '../retrieval/types.js';

/** Terminal colours only when writing to a terminal (and NO_COLOR is unset). */
export interface Style {
  readonly bold: (s: string) => string;
  readonly dim: (s: string) => string;
}

export const plainStyle: Style = { bold: (s) => s, dim: (s) => s };
export const ansiStyle: Style = { bold: (s) => `\x1b[1m${s}\x1b[22m`, dim: (s) => `\x1b[2m${s}\x1b[22m` };

/** `Title — Source, date, ¶ n` (PDFs: `…, p. 3, ¶ 2`, given the excerpt's `start`): the citation line the bot shows too. */
export function formatCitation(doc: DocumentMeta | undefined, docId: string, paragraph: number, start?: number): string {
  const parts = [doc?.source, doc?.date].filter((p): p is string => p !== undefined);
  const onPage = start === undefined ? null : locatePage(doc, start, paragraph);
  const place = onPage === null ? `¶ ${paragraph}` : `p. ${onPage.page}, ¶ ${onPage.paragraph}`;
  return `${doc?.title ?? docId}${parts.length ? ` — ${parts.join(', ')}` : ''}, ${place}`;
}

/** The file whose text the offsets index: the document itself for text and Markdown, its extracted text otherwise. */
function whereToCheck(doc: DocumentMeta | undefined, docId: string): string {
  const original = doc?.path ?? docId;
  if (doc?.textPath === undefined || doc.format === undefined || doc.format === 'text' || doc.format === 'markdown') return original;
  return `${original} → extracted text ${doc.textPath}`;
}

/** An answer as the terminal shows it: numbered block quotes with citations, or a plain "not answered". */
export function renderAnswer(answer: Answer, style: Style = plainStyle): string {
  const lines: string[] = [];
  if (answer.answered) {
    answer.quotes.forEach((q, i) => {
      const doc = answer.documents.get(q.docId);
      lines.push(...q.text.split('\n').map((l) => `> ${l}`));
      lines.push(style.dim(`[${i + 1}] ${formatCitation(doc, q.docId, q.paragraph, q.start)}${doc?.url ? ` <${doc.url}>` : ''}`));
      lines.push(style.dim(`    ${whereToCheck(doc, q.docId)}:${q.start}-${q.end}`), '');
    });
  } else {
    lines.push(style.bold('The corpus does not answer this question.'));
    const closest = [...new Set(answer.passages.slice(0, 3).map((p) => p.passage.docId))];
    if (closest.length) {
      lines.push('', style.dim('Closest material (not an answer):'));
      for (const docId of closest) lines.push(style.dim(`  - ${answer.documents.get(docId)?.title ?? docId}`));
    }
    lines.push('');
  }
  const mode = answer.mode === 'hybrid' ? 'hybrid retrieval (vectors + BM25)' : `lexical fallback${answer.modeReason ? `: ${answer.modeReason}` : ''}`;
  lines.push(style.dim(`confidence that the corpus answers this: ${Math.round(100 * answer.confidence)} %`));
  lines.push(style.dim(`mode: ${mode}`));
  return lines.join('\n');
}
