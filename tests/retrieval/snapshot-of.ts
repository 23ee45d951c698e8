import type { Embedder } from '../../src/retrieval/embedder.js';
import type { IndexSnapshot } from '../../src/retrieval/index-snapshot.js';
import { LexicalIndex } from '../../src/retrieval/lexical-index.js';
import type { DocumentMeta, Passage, SentenceSpan } from '../../src/retrieval/types.js';
import { VectorIndex } from '../../src/retrieval/vector-index.js';

/** Sentence spans of `text`: runs ending in . ! or ?, numbered by blank-line-separated paragraph (1-based). */
export function sentencesOf(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  let paragraph = 1;
  let last = 0;
  for (const match of text.matchAll(/[^\s][^.!?]*[.!?]/g)) {
    if (/\n\s*\n/.test(text.slice(last, match.index))) paragraph++;
    spans.push({ start: match.index, end: match.index + match[0].length, paragraph });
    last = match.index + match[0].length;
  }
  return spans;
}

/** One passage per paragraph, offsets into `text`. */
export function passagesOf(docId: string, text: string): Passage[] {
  const byParagraph = new Map<number, SentenceSpan[]>();
  for (const s of sentencesOf(text)) byParagraph.set(s.paragraph, [...(byParagraph.get(s.paragraph) ?? []), s]);
  return [...byParagraph.values()].map((sentences, i) => {
    const start = sentences[0]?.start ?? 0;
    const end = sentences.at(-1)?.end ?? 0;
    return { chunkId: `${docId}#${i}`, docId, start, end, paragraph: sentences[0]?.paragraph ?? 1, text: text.slice(start, end), sentences };
  });
}

/**
 * An in-memory snapshot over `docs` (docId → file text), built the way the index builder does it: lexical index
 * over the passages, and an HNSW index of the embedder's vectors when one is given.
 */
export async function snapshotOf(docs: Readonly<Record<string, string>>, embedder: Embedder | null = null): Promise<IndexSnapshot> {
  const texts = new Map(Object.entries(docs));
  const passages = [...texts].flatMap(([docId, text]) => passagesOf(docId, text));
  const documents: DocumentMeta[] = [...texts].map(([docId, text]) => ({
    docId,
    path: `corpus/${docId}`,
    title: docId.replace(/\.\w+$/, ''),
    contentHash: String(text.length),
    passageCount: passages.filter((p) => p.docId === docId).length,
  }));
  const lexical = LexicalIndex.build(passages.map((p, label) => ({ label, docId: p.docId, title: '', text: p.text })));
  let vectors: VectorIndex | null = null;
  if (embedder) {
    vectors = VectorIndex.create(embedder.dimensions, passages.length, { m: 16, efConstruction: 50, efSearch: 32 });
    const embedded = await embedder.embed(passages.map((p) => p.text));
    embedded.forEach((v, label) => vectors?.add(v, label));
  }
  return {
    version: 'v-test',
    builtAt: new Date(0).toISOString(),
    modelId: embedder?.modelId ?? null,
    documents,
    documentsById: new Map(documents.map((d) => [d.docId, d] as const)),
    texts,
    passages,
    vectors,
    lexical,
  };
}
