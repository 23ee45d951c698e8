import { AccordError } from '../errors.js';
import type { IndexSnapshot } from '../retrieval/index-snapshot.js';
import type { LexicalIndex } from '../retrieval/lexical-index.js';
import type { DocumentMeta, Passage } from '../retrieval/types.js';
import type { VectorIndex } from '../retrieval/vector-index.js';
import type { StoredDocument, StoredPassage } from './index-store.js';

export const REBUILD_HINT = 'Rebuild the index: npm run index (the corpus is untouched; rebuilding is always safe).';

/** A version's parts as read from its files, and the counts its manifest records for them. */
export interface VersionParts {
  readonly version: string;
  readonly builtAt: string;
  readonly modelId: string | null;
  readonly counts: { readonly documents: number; readonly passages: number };
  readonly documents: readonly StoredDocument[];
  readonly storedPassages: readonly StoredPassage[];
  readonly lexical: LexicalIndex;
  readonly vectors: VectorIndex | null;
}

/** Passages turned into the snapshot's form between two pauses (about a millisecond's work). */
const PASSAGES_PER_STEP = 2_000;

/**
 * Checks that every part counts the same documents and passages, and puts the snapshot together. With `pause`, it
 * is awaited every {@link PASSAGES_PER_STEP} passages (the bot adopting a version without holding its event loop).
 *
 * @throws {AccordError} when the parts disagree.
 */
export async function assembleSnapshot(parts: VersionParts, pause?: () => Promise<void>): Promise<IndexSnapshot> {
  const { version, documents, storedPassages, lexical, vectors, counts } = parts;
  if (documents.length !== counts.documents || storedPassages.length !== counts.passages || lexical.passageCount !== storedPassages.length || (vectors && vectors.size !== storedPassages.length)) {
    throw new AccordError(`Index version ${version} is inconsistent: its files disagree on the number of documents or passages.`, { hint: REBUILD_HINT });
  }
  const texts = new Map(documents.map((d) => [d.docId, d.text] as const));
  const metas: DocumentMeta[] = documents.map(({ text: _text, ...meta }) => meta);
  const passages: Passage[] = [];
  for (let from = 0; from < storedPassages.length; from += PASSAGES_PER_STEP) {
    for (const p of storedPassages.slice(from, from + PASSAGES_PER_STEP)) {
      passages.push({
        chunkId: p.chunkId,
        docId: p.docId,
        start: p.start,
        end: p.end,
        paragraph: p.paragraph,
        text: texts.get(p.docId)?.slice(p.start, p.end) ?? '',
        sentences: p.sentences.map(([start, end, paragraph]) => ({ start, end, paragraph })),
      });
    }
    if (pause) await pause();
  }
  return {
    version,
    builtAt: parts.builtAt,
    modelId: parts.modelId,
    documents: metas,
    documentsById: new Map(metas.map((m) => [m.docId, m] as const)),
    texts,
    passages,
    vectors,
    lexical,
  };
}
