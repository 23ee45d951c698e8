import path from 'node:path';
import type { DocumentFormat } from './extracted-document.js';

/** File extensions Accord reads, and the format each names. */
export const FORMAT_BY_EXTENSION: Readonly<Record<string, DocumentFormat>> = {
  '.txt': 'text',
  '.md': 'markdown',
  '.pdf': 'pdf',
  '.html': 'html',
  '.htm': 'html',
  '.docx': 'docx',
};

const FORMAT_NAMES: Record<DocumentFormat | 'zip' | 'binary', string> = {
  text: 'plain text',
  markdown: 'Markdown',
  pdf: 'a PDF',
  html: 'an HTML page',
  docx: 'a Word document (DOCX)',
  zip: 'a ZIP archive',
  binary: 'binary data',
};

/** The format a name's extension claims, or null when Accord does not read that extension. */
export function formatOfName(name: string): DocumentFormat | null {
  return FORMAT_BY_EXTENSION[path.extname(name).toLowerCase()] ?? null;
}

function startsWith(bytes: Uint8Array, signature: string, within = 0): boolean {
  const head = Buffer.from(bytes.subarray(0, within + signature.length)).toString('latin1');
  return within === 0 ? head.startsWith(signature) : head.includes(signature);
}

/** What the bytes are, judged from their first bytes: magic numbers for PDF and ZIP, markup for HTML. Pure. */
export function sniffFormat(bytes: Uint8Array): 'pdf' | 'zip' | 'html' | 'binary' | 'text' {
  if (startsWith(bytes, '%PDF-', 1024)) return 'pdf';
  if (startsWith(bytes, 'PK\u0003\u0004')) return 'zip';
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase();
  if (/^<(?:!doctype html|html[\s>]|head[\s>]|body[\s>]|!--)/.test(head) || (head.startsWith('<?xml') && head.includes('<html'))) return 'html';
  if (bytes.subarray(0, 8192).includes(0)) return 'binary';
  return 'text';
}

/**
 * Why a file whose name claims `claimed` is something else, or null when its bytes match: a `.pdf` that is an
 * HTML error page, a `.docx` that is a PDF, a `.txt` that is a PDF. Markdown and plain text may hold anything textual.
 */
export function checkClaimedFormat(claimed: DocumentFormat, bytes: Uint8Array): string | null {
  const actual = sniffFormat(bytes);
  const matches =
    (claimed === 'pdf' && actual === 'pdf') ||
    (claimed === 'docx' && actual === 'zip') ||
    (claimed === 'html' && (actual === 'html' || actual === 'text')) ||
    ((claimed === 'text' || claimed === 'markdown') && (actual === 'text' || actual === 'html'));
  if (matches) return null;
  const actualName = actual === 'text' ? FORMAT_NAMES.text : FORMAT_NAMES[actual];
  return `the file is named as ${FORMAT_NAMES[claimed]} but its content is ${actualName}: rename it with the right extension or add the right file`;
}
