import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { AccordError } from '../../src/errors.js';
import { loadCalibrations, UNCALIBRATED_DENSE_WEIGHT, type Calibration } from '../../src/retrieval/calibration.js';
import { Retriever, MAX_QUESTION_CHARS, type RetrieverSettings } from '../../src/retrieval/retriever.js';
import { selectQuotes } from '../../src/retrieval/select-quotes.js';
import type { Quote } from '../../src/retrieval/types.js';
import { HashingEmbedder } from './hashing-embedder.js';
import { snapshotOf } from './snapshot-of.js';

// The selector is wrapped so one test can make it return a quote that is not verbatim; the others use it as is.
vi.mock(import('../../src/retrieval/select-quotes.js'), async (importOriginal) => {
  const original = await importOriginal();
  return { ...original, selectQuotes: vi.fn(original.selectQuotes) };
});
const { selectQuotes: realSelectQuotes } = await vi.importActual<typeof import('../../src/retrieval/select-quotes.js')>(
  '../../src/retrieval/select-quotes.js',
);

const DOCS = {
  'harbour.txt': [
    'The harbour council signed an agreement to restore the old lighthouses on Tuesday.',
    'Under the agreement, the council will hire fourteen new lighthouse keepers before winter.',
    '',
    'Fishermen in the harbour welcomed the plan and said the dark coast had cost them boats.',
  ].join('\n'),
  'orchard.txt': [
    'The valley farmers formed an orchard cooperative to share cider presses.',
    'Each member farm will contribute twelve crates of apples every autumn.',
  ].join('\n'),
};

/** The calibrations Accord ships (lexical only: no model here has its own), and the default answer threshold. */
const CALIBRATION_DIR = fileURLToPath(new URL('../../calibration', import.meta.url));
const calibrations = loadCalibrations(CALIBRATION_DIR, null);
const { minConfidence } = loadConfig({}, '/x').retrieval;
const settings: RetrieverSettings = { topK: 5, maxQuotes: 3, minConfidence, calibrations };
const QUESTION = 'How many lighthouse keepers will the harbour council hire?';

let logger: { warn: ReturnType<typeof vi.fn<(details: object, message: string) => void>> };

beforeEach(() => {
  logger = { warn: vi.fn<(details: object, message: string) => void>() };
  vi.mocked(selectQuotes).mockClear();
});

describe('Retriever', () => {
  it('lists first the source that holds the first quote', async () => {
    // The market report repeats the question's words (BM25 ranks it first) but holds no number.
    const docs = { ...DOCS, 'market.txt': 'Member farms sell crates of apples at the market. Crates of apples from each member farm fill the stalls, and member farms sell apples by the crate.' };
    const question = 'How many crates of apples will each member farm give?';
    const retriever = new Retriever(await snapshotOf(docs, null), null, settings, logger);
    expect((await retriever.retrieve(question)).passages[0]?.passage.docId).toBe('market.txt');
    const answer = await retriever.answer(question);
    expect(answer.answered).toBe(true);
    const first = answer.quotes[0]!;
    const top = answer.passages[0]!.passage;
    expect([top.docId, top.start <= first.start && first.end <= top.end]).toEqual([first.docId, true]);
  });

  it('answers in hybrid mode with verbatim quotes when it has an embedder and vectors', async () => {
    const embedder = new HashingEmbedder();
    const snapshot = await snapshotOf(DOCS, embedder);
    const answer = await new Retriever(snapshot, embedder, settings, logger).answer(QUESTION);
    expect(answer.mode).toBe('hybrid');
    expect(answer.answered).toBe(true);
    expect(answer.quotes[0]?.docId).toBe('harbour.txt');
    expect(answer.quotes[0]?.text).toContain('fourteen new lighthouse keepers');
    expect(answer.passages.some((p) => p.similarity !== undefined)).toBe(true);
    expect([...answer.documents.keys()]).toContain('harbour.txt');
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('answers lexically without an embedder, and says why', async () => {
    const snapshot = await snapshotOf(DOCS);
    const answer = await new Retriever(snapshot, null, settings, logger, 'RETRIEVAL_MODE=lexical').answer(QUESTION);
    expect(answer).toMatchObject({ mode: 'lexical', modeReason: 'RETRIEVAL_MODE=lexical', answered: true });
    expect(answer.passages.every((p) => p.similarity === undefined)).toBe(true);
  });

  it('abstains, quoting nothing, when the corpus does not answer the question', async () => {
    const snapshot = await snapshotOf(DOCS);
    const answer = await new Retriever(snapshot, null, settings, logger).answer('Which football club did FIFA suspend in 2022?');
    expect(answer.answered).toBe(false);
    expect(answer.quotes).toEqual([]);
  });

  it('is less confident about an unrelated question than a related one, and refuses it at the shipped calibration', async () => {
    const retriever = new Retriever(await snapshotOf(DOCS), null, settings, logger);
    const related = await retriever.answer(QUESTION);
    const unrelated = await retriever.answer('How many goals did the football club score in the cup final?');
    expect(related.confidence).toBeGreaterThanOrEqual(minConfidence);
    expect(unrelated.confidence).toBeLessThan(related.confidence);
    expect(unrelated.confidence).toBeLessThan(minConfidence);
    expect(unrelated).toMatchObject({ answered: false, quotes: [] });
    for (const answer of [related, unrelated]) {
      expect(answer.confidence).toBeGreaterThan(0);
      expect(answer.confidence).toBeLessThan(1);
    }
  });

  it('answers only when the confidence reaches minConfidence', async () => {
    const snapshot = await snapshotOf(DOCS);
    const confidence = (await new Retriever(snapshot, null, settings, logger).answer(QUESTION)).confidence;
    const at = await new Retriever(snapshot, null, { ...settings, minConfidence: confidence }, logger).answer(QUESTION);
    expect(at.answered).toBe(true);
    const above = await new Retriever(snapshot, null, { ...settings, minConfidence: Math.min(1, confidence + 1e-9) }, logger).answer(QUESTION);
    expect(above).toMatchObject({ answered: false, quotes: [] });
    expect(above.confidence).toBe(confidence);
    // Passages are still returned for "More sources".
    expect(above.passages.length).toBeGreaterThan(0);
  });

  it('answers with the lexical calibration in lexical mode, the model’s own in hybrid mode, and a conservative fusion weight without one', async () => {
    const embedder = new HashingEmbedder();
    const snapshot = await snapshotOf(DOCS, embedder);
    expect(new Retriever(snapshot, null, settings, logger).calibration).toBe(calibrations.lexical);
    const uncalibrated = new Retriever(snapshot, embedder, settings, logger).calibration;
    expect(uncalibrated).toMatchObject({ modelId: embedder.modelId, denseWeight: UNCALIBRATED_DENSE_WEIGHT, answer: calibrations.lexical.answer });
    const own: Calibration = { ...calibrations.lexical, modelId: embedder.modelId, denseWeight: 0.7 };
    const calibrated = new Retriever(snapshot, embedder, { ...settings, calibrations: { lexical: calibrations.lexical, model: own } }, logger);
    expect(calibrated.calibration).toBe(own);
    // A calibration fitted for another model is not used for this one.
    const other: Calibration = { ...own, modelId: 'someone/else' };
    expect(new Retriever(snapshot, embedder, { ...settings, calibrations: { lexical: calibrations.lexical, model: other } }, logger).calibration.denseWeight).toBe(
      UNCALIBRATED_DENSE_WEIGHT,
    );
  });

  it('returns at most topK passages, the option overriding the setting', async () => {
    const snapshot = await snapshotOf(DOCS);
    const retriever = new Retriever(snapshot, null, settings, logger);
    expect((await retriever.answer('harbour council orchard apples', { topK: 1 })).passages).toHaveLength(1);
    expect((await retriever.answer('harbour council orchard apples')).passages.length).toBeGreaterThan(1);
  });

  it('refuses an empty or overlong question with a clear error', async () => {
    const retriever = new Retriever(await snapshotOf(DOCS), null, settings, logger);
    await expect(retriever.answer('   \n ')).rejects.toThrow(AccordError);
    await expect(retriever.answer('why '.repeat(MAX_QUESTION_CHARS))).rejects.toThrow(`the limit is ${MAX_QUESTION_CHARS}`);
  });

  it('drops a quote that is not the source text at its offsets, and logs a warning', async () => {
    const snapshot = await snapshotOf(DOCS);
    const tamper = (quote: Quote): Quote => ({ ...quote, text: quote.text.replace('fourteen', 'forty') });
    vi.mocked(selectQuotes).mockImplementationOnce((candidates, choice) => realSelectQuotes(candidates, choice).map(tamper));

    const answer = await new Retriever(snapshot, null, settings, logger).answer(QUESTION);
    expect(answer.quotes.some((q) => q.text.includes('forty'))).toBe(false);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.objectContaining({ docId: 'harbour.txt' }),
      'dropped a quote that is not verbatim at its offsets',
    );
    for (const quote of answer.quotes) expect(quote.text).toBe(snapshot.texts.get(quote.docId)?.slice(quote.start, quote.end));
  });

  it('answers "not answered" rather than show a quote whose offsets do not match', async () => {
    const snapshot = await snapshotOf(DOCS);
    vi.mocked(selectQuotes).mockImplementationOnce((candidates, choice) => realSelectQuotes(candidates, choice).map((q) => ({ ...q, start: q.start + 1 })));
    const answer = await new Retriever(snapshot, null, settings, logger).answer(QUESTION);
    expect(answer.quotes).toEqual([]);
    expect(answer.answered).toBe(false);
    expect(logger.warn).toHaveBeenCalled();
  });
});

describe('Retriever: quotes chosen by meaning', () => {
  it('gives candidates their sentence similarity in hybrid mode, embedding each sentence once across questions', async () => {
    const embedder = new HashingEmbedder();
    const snapshot = await snapshotOf(DOCS, embedder);
    const retriever = new Retriever(snapshot, embedder, settings, logger);
    embedder.reset();
    const first = await retriever.retrieve(QUESTION);
    expect(first.candidates.length).toBeGreaterThan(0);
    expect(first.candidates.every((c) => c.features['sentenceSimilarity'] !== undefined)).toBe(true);
    expect(Math.max(...first.candidates.map((c) => c.features['sentenceSimilarityGap']!))).toBe(0);
    // Every candidate's sentences, each once; the question was embedded first.
    const sentencesEmbedded = embedder.embedded.length - 1;
    expect(sentencesEmbedded).toBeGreaterThan(0);
    expect(new Set(embedder.embedded.slice(1)).size).toBe(sentencesEmbedded);
    expect(first.candidates.every((c) => c.features['sentenceSimilarity']! > -1)).toBe(true);
    embedder.reset();
    await retriever.retrieve(QUESTION);
    expect(embedder.embedded).toEqual([QUESTION]);
  });

  it('adds no sentence similarity in lexical mode', async () => {
    const snapshot = await snapshotOf(DOCS, null);
    const retrieval = await new Retriever(snapshot, null, settings, logger).retrieve(QUESTION);
    expect(retrieval.candidates.length).toBeGreaterThan(0);
    for (const c of retrieval.candidates) expect(c.features['sentenceSimilarity']).toBeUndefined();
  });
});

describe('Retriever: sentences embedded ahead of questions', () => {
  const noPause = () => Promise.resolve();

  it('embeds every sentence once, after which a question embeds only itself', async () => {
    const embedder = new HashingEmbedder();
    const snapshot = await snapshotOf(DOCS, embedder);
    const retriever = new Retriever(snapshot, embedder, settings, logger);
    embedder.reset();
    const sentences = new Set(snapshot.passages.flatMap((p) => p.sentences.map((s) => `${p.docId}:${s.start}`))).size;
    expect(await retriever.embedSentencesAhead({ limit: 1000, batch: 2, pause: noPause })).toBe(sentences);
    expect(await retriever.embedSentencesAhead({ limit: 1000, batch: 2, pause: noPause })).toBe(0);
    embedder.reset();
    await retriever.answer(QUESTION);
    expect(embedder.embedded).toEqual([QUESTION]);
  });

  it('stops at its limit and when aborted, and does nothing in lexical mode', async () => {
    const embedder = new HashingEmbedder();
    const snapshot = await snapshotOf(DOCS, embedder);
    expect(await new Retriever(snapshot, embedder, settings, logger).embedSentencesAhead({ limit: 2, batch: 1, pause: noPause })).toBe(2);
    const controller = new AbortController();
    const aborting = () => {
      controller.abort();
      return Promise.resolve();
    };
    expect(await new Retriever(snapshot, embedder, settings, logger).embedSentencesAhead({ limit: 1000, batch: 1, pause: aborting, signal: controller.signal })).toBe(1);
    expect(await new Retriever(await snapshotOf(DOCS, null), null, settings, logger).embedSentencesAhead({ limit: 1000, batch: 1, pause: noPause })).toBe(0);
  });
});

describe('Retriever: sentence vectors carried over a reindex', () => {
  const noPause = () => Promise.resolve();

  it('takes over the vectors of unchanged documents only, so that only the changed one is embedded again', async () => {
    const embedder = new HashingEmbedder();
    const before = new Retriever(await snapshotOf(DOCS, embedder), embedder, settings, logger);
    await before.embedSentencesAhead({ limit: 1000, batch: 4, pause: noPause });
    const changed = { ...DOCS, 'orchard.txt': DOCS['orchard.txt'].replace('twelve crates', 'eleven crates') };
    const afterSnapshot = await snapshotOf(changed, embedder);
    const after = new Retriever(afterSnapshot, embedder, settings, logger);
    const harbourSentences = afterSnapshot.passages.filter((p) => p.docId === 'harbour.txt').flatMap((p) => p.sentences.map((s) => s.start));
    expect(after.adoptSentenceVectors(before)).toBe(new Set(harbourSentences).size);
    embedder.reset();
    await after.embedSentencesAhead({ limit: 1000, batch: 4, pause: noPause });
    expect(embedder.embedded.length).toBeGreaterThan(0);
    expect(embedder.embedded.every((text) => DOCS['orchard.txt'].includes(text) || changed['orchard.txt'].includes(text))).toBe(true);
  });

  it('takes over nothing from another model', async () => {
    const embedder = new HashingEmbedder();
    const other = new HashingEmbedder({ modelId: 'fake/other' });
    const before = new Retriever(await snapshotOf(DOCS, other), other, settings, logger);
    await before.embedSentencesAhead({ limit: 1000, batch: 4, pause: noPause });
    expect(new Retriever(await snapshotOf(DOCS, embedder), embedder, settings, logger).adoptSentenceVectors(before)).toBe(0);
  });
});
