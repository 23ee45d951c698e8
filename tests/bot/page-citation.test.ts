import { describe, expect, it } from 'vitest';
import { formatCitation } from '../../src/bot/format-citation.js';
import { renderExcerpts } from '../../src/bot/render-excerpts.js';
import { formatCitation as formatCliCitation } from '../../src/cli/render-answer.js';
import type { DocumentMeta } from '../../src/retrieval/types.js';

const pdf: DocumentMeta = {
  docId: 'letter-of-intent.pdf',
  path: 'corpus/letter-of-intent.pdf',
  title: 'Letter of Intent',
  source: 'Ministry of Defence',
  date: '2025-03-10',
  contentHash: 'h',
  passageCount: 3,
  format: 'pdf',
  pages: [
    { start: 0, page: 1, firstParagraph: 1 },
    { start: 900, page: 2, firstParagraph: 4 },
    { start: 2000, page: 3, firstParagraph: 9 },
  ],
};

describe('citations of PDF quotes', () => {
  it('name the page and the paragraph counted on it, in Discord and in the terminal', () => {
    expect(formatCitation(1, pdf, pdf.docId, 10, 2100)).toBe('**[1]** Letter of Intent — Ministry of Defence, 2025-03-10, p. 3, ¶ 2');
    expect(formatCliCitation(pdf, pdf.docId, 4, 950)).toBe('Letter of Intent — Ministry of Defence, 2025-03-10, p. 2, ¶ 1');
  });

  it('keep the document-wide paragraph for other formats', () => {
    const txt = { ...pdf, format: 'text' as const, pages: undefined } as unknown as DocumentMeta;
    expect(formatCitation(1, txt, txt.docId, 10, 2100)).toBe('**[1]** Letter of Intent — Ministry of Defence, 2025-03-10, ¶ 10');
  });

  it('reach rendered excerpts through their start offset', () => {
    const rendered = renderExcerpts([{ text: 'The Parties agree.', docId: pdf.docId, paragraph: 5, start: 1000 }], new Map([[pdf.docId, pdf]]), { maxChars: 500 });
    expect(rendered.text).toContain('p. 2, ¶ 2');
  });
});
