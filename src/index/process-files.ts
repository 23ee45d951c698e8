import path from 'node:path';
import { describeError } from '../errors.js';
import { AccordError } from '../errors.js';
import { isExtracted, type CorpusFile, type ListedFile, type SkippedFile } from './read-corpus.js';
import { processDocument, type ChunkingSettings } from './process-document.js';
import { sha256, type StoredDocument, type StoredPassage } from './index-store.js';

/** A previous version's document with its passages, offered for reuse when its file has not changed. */
export interface ReusableDocument {
  readonly document: StoredDocument;
  readonly passages: readonly { readonly passage: StoredPassage; readonly label: number }[];
}

export interface ProcessedCorpus {
  readonly documents: StoredDocument[];
  readonly passages: StoredPassage[];
  /** The text embedded for each passage. */
  readonly embedTexts: string[];
  /** For each passage, its label in the previous version when its document was reused, else −1. */
  readonly previousLabels: number[];
  readonly skipped: SkippedFile[];
  readonly unindexed: { docId: string; contentHash: string; reason: string }[];
  /** Documents run through {@link processDocument} (the rest were reused as they were). */
  readonly processed: number;
}

export interface ProcessSettings {
  readonly projectRoot: string;
  readonly chunking: ChunkingSettings;
  /** Model id and quantization (empty for none): part of each passage's embed key. */
  readonly modelKey: string;
}

/** Passage text as embedded: the title gives each passage its document's context. */
export function embeddingText(title: string, passageText: string): string {
  return `${title}\n${passageText}`;
}

/**
 * Turns the corpus files into stored documents and passages, in corpus order. A file whose docId and content
 * hash match a reusable document is not processed again; nor is a file the previous version could not index for
 * the same bytes (its reason is repeated). A file listed without its text gets it from `extract` when it has to be
 * processed; one `extract` refuses is skipped with the reason. `pause` is awaited between files.
 */
export async function processFiles(
  files: readonly (CorpusFile | ListedFile)[],
  settings: ProcessSettings,
  reuse: { readonly documents: ReadonlyMap<string, ReusableDocument>; readonly unindexed: ReadonlyMap<string, { contentHash: string; reason: string }> } | null,
  pause: () => Promise<void>,
  onFile: (done: number) => void,
  extract: (file: ListedFile) => Promise<CorpusFile> = () => Promise.reject(new Error('no text to extract with')),
): Promise<ProcessedCorpus> {
  const out: ProcessedCorpus = { documents: [], passages: [], embedTexts: [], previousLabels: [], skipped: [], unindexed: [], processed: 0 };
  let processed = 0;
  for (const [i, file] of files.entries()) {
    await pause();
    const known = reuse?.documents.get(file.docId);
    const knownUnindexed = reuse?.unindexed.get(file.docId);
    if (known && known.document.contentHash === file.contentHash) {
      out.documents.push({ ...known.document, path: relativePath(settings.projectRoot, file.absolutePath) });
      for (const { passage, label } of known.passages) {
        out.passages.push(passage);
        out.embedTexts.push(embeddingText(known.document.title, known.document.text.slice(passage.start, passage.end)));
        out.previousLabels.push(label);
      }
    } else if (knownUnindexed && knownUnindexed.contentHash === file.contentHash) {
      out.skipped.push({ path: file.docId, reason: knownUnindexed.reason });
      out.unindexed.push({ docId: file.docId, contentHash: file.contentHash, reason: knownUnindexed.reason });
    } else {
      let text: CorpusFile;
      try {
        text = isExtracted(file) ? file : await extract(file);
      } catch (e: unknown) {
        if (!(e instanceof AccordError)) throw e;
        out.skipped.push({ path: file.docId, reason: describeError(e).replace(/\n→ /g, ' → ') });
        onFile(i + 1);
        continue;
      }
      processed++;
      processOne(text, settings, out);
    }
    onFile(i + 1);
  }
  return { ...out, processed };
}

function relativePath(projectRoot: string, absolutePath: string): string {
  return path.relative(projectRoot, absolutePath).split(path.sep).join('/');
}

function processOne(file: CorpusFile, settings: ProcessSettings, out: ProcessedCorpus): void {
  let result;
  try {
    result = processDocument(file.docId, file.text, settings.chunking, file);
  } catch (e: unknown) {
    const reason = describeError(e).replace(/\n→ /g, ' ');
    out.skipped.push({ path: file.docId, reason });
    out.unindexed.push({ docId: file.docId, contentHash: file.contentHash, reason });
    return;
  }
  if (result.passages.length === 0) {
    const reason = 'no prose found after removing boilerplate (nothing to quote)';
    out.skipped.push({ path: file.docId, reason });
    out.unindexed.push({ docId: file.docId, contentHash: file.contentHash, reason });
    return;
  }
  const { passages, ...meta } = result;
  out.documents.push({
    docId: file.docId,
    path: relativePath(settings.projectRoot, file.absolutePath),
    contentHash: file.contentHash,
    passageCount: passages.length,
    text: file.text,
    format: file.format,
    ...(file.textFile === undefined ? {} : { textPath: relativePath(settings.projectRoot, file.textFile) }),
    ...meta,
  });
  for (const p of passages) {
    const embedText = embeddingText(meta.title, p.text);
    out.embedTexts.push(embedText);
    out.previousLabels.push(-1);
    out.passages.push({
      chunkId: p.chunkId,
      docId: p.docId,
      start: p.start,
      end: p.end,
      paragraph: p.paragraph,
      sentences: p.sentences.map((s) => [s.start, s.end, s.paragraph] as const),
      embedKey: sha256(`${settings.modelKey}\n${embedText}`).slice(0, 32),
    });
  }
}
