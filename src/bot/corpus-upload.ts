import path from 'node:path';
import { AccordError } from '../errors.js';
import { checkAttachmentUrl, MAX_ATTACHMENT_REDIRECTS, type attachmentOrigins } from './attachment-hosts.js';

/** The attachment fields the upload checks need (a subset of discord.js's Attachment). */
export interface AttachmentInfo {
  readonly name: string;
  readonly size: number;
  readonly contentType: string | null;
  readonly url: string;
}

const EXTENSIONS = new Set(['.txt', '.md', '.pdf', '.html', '.htm', '.docx']);
const CONTENT_TYPES = new Set([
  'text/plain', 'text/markdown', 'text/x-markdown', 'application/pdf', 'text/html', 'application/xhtml+xml',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/octet-stream',
]);

/** `1.5 MB`, `820 kB`, `12 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/**
 * Why an attachment cannot be added, judged from what Discord says about it, before anything is downloaded:
 * its extension, its content type (when Discord gives one) and its size. Null when it may be downloaded.
 */
export function attachmentRefusal(attachment: AttachmentInfo, maxBytes: number): string | null {
  const extension = path.extname(attachment.name).toLowerCase();
  if (!EXTENSIONS.has(extension)) {
    return `${attachment.name} is not a .txt, .md, .pdf, .html or .docx file. Upload the agreement in one of those formats.`;
  }
  const mediaType = attachment.contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== undefined && mediaType !== '' && !CONTENT_TYPES.has(mediaType)) {
    return `${attachment.name} has content type ${mediaType}, not that of a text, Markdown, PDF, HTML or Word file. Upload the document in one of those formats.`;
  }
  if (attachment.size > maxBytes) {
    return `${attachment.name} is ${formatBytes(attachment.size)}; the limit is ${formatBytes(maxBytes)}. Split or shorten the file, then upload it again.`;
  }
  return null;
}

/**
 * Downloads an attachment with a timeout, stopping as soon as it exceeds `maxBytes` (the announced size is not
 * trusted). Throws an AccordError saying what went wrong.
 */
export async function downloadAttachment(
  attachment: AttachmentInfo,
  options: { readonly maxBytes: number; readonly timeoutMs: number; readonly origins: ReturnType<typeof attachmentOrigins> },
): Promise<Uint8Array> {
  const failed = (what: string, cause?: unknown) =>
    new AccordError(`Could not download ${attachment.name} from Discord: ${what}.`, { hint: 'Try the upload again in a moment.', cause });
  const signal = AbortSignal.timeout(options.timeoutMs);
  let url = checkAttachmentUrl(attachment.url, options.origins, attachment.name);
  let response: Response;
  for (let redirects = 0; ; redirects++) {
    try {
      // Redirects are followed by hand, so that each target is checked against the allowed hosts (issue 12).
      response = await fetch(url, { signal, redirect: 'manual' });
    } catch (error: unknown) {
      throw failed(error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${options.timeoutMs / 1000} s` : 'the connection failed', error);
    }
    const location = response.headers.get('location');
    if (response.status < 300 || response.status > 399 || location === null) break;
    await response.body?.cancel();
    if (redirects === MAX_ATTACHMENT_REDIRECTS) throw failed(`more than ${MAX_ATTACHMENT_REDIRECTS} redirects`);
    url = checkAttachmentUrl(new URL(location, url).href, options.origins, attachment.name);
  }
  if (!response.ok || response.body === null) throw failed(`Discord answered HTTP ${response.status}`);
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of response.body) {
      total += chunk.byteLength;
      if (total > options.maxBytes) {
        // Leaving the loop by throwing cancels the stream, so the rest is never downloaded.
        throw new AccordError(`${attachment.name} is larger than the ${formatBytes(options.maxBytes)} limit.`, { hint: 'Split or shorten the file, then upload it again.' });
      }
      chunks.push(chunk);
    }
  } catch (error: unknown) {
    if (error instanceof AccordError) throw error;
    throw failed(error instanceof Error && error.name === 'TimeoutError' ? `the transfer took longer than ${options.timeoutMs / 1000} s` : 'the transfer broke off', error);
  }
  return Buffer.concat(chunks);
}
