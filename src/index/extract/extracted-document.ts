import type { FrontMatter } from '../front-matter.js';

/**
 * What text extraction hands to indexing: the document's text, whose slices every quote is, and what the file
 * itself says about the document.
 */

/** Where a page's text begins in the extracted text. */
export interface PageStart {
  /** Offset (UTF-16 code units) into the extracted text. */
  readonly start: number;
  /** 1-based page number. */
  readonly page: number;
}

/** Metadata a file states about itself (HTML `<meta>` tags, a PDF's document information), as front matter would. */
export type ExtractedMeta = FrontMatter;

export interface ExtractedDocument {
  /** Paragraphs separated by blank lines; `.txt` and `.md` files are their own text. */
  readonly text: string;
  readonly meta: ExtractedMeta;
  /** PDFs only: page starts in increasing offset order; the page of offset `o` is that of the last start ≤ `o`. */
  readonly pages?: readonly PageStart[];
}

/** The formats Accord reads, by what the file's bytes are. */
export type DocumentFormat = 'text' | 'markdown' | 'pdf' | 'html' | 'docx';
