import type { DocumentMeta } from './types.js';

/** Where an excerpt lies on the printed page. */
export interface PageLocation {
  /** 1-based page number. */
  readonly page: number;
  /** 1-based number of the excerpt's paragraph among the paragraphs on that page (one continued from the page before is 1). */
  readonly paragraph: number;
}

/**
 * The page an excerpt starting at `start` (in paragraph `paragraph`, numbered document-wide) is on, and its
 * paragraph's number on that page; null for documents without pages (anything but a PDF). Pure.
 */
export function locatePage(doc: DocumentMeta | undefined, start: number, paragraph: number): PageLocation | null {
  const pages = doc?.pages;
  if (!pages || pages.length === 0) return null;
  let found = pages[0];
  for (const page of pages) {
    if (page.start > start) break;
    found = page;
  }
  if (!found) return null;
  return { page: found.page, paragraph: Math.max(1, paragraph - found.firstParagraph + 1) };
}
