import { collectDefaultMetrics, Counter, Histogram, Registry, Summary } from 'prom-client';
import { AccordError } from '../errors.js';
import type { AnswerService } from '../retrieval/answer-service.js';
import type { Moderation, ReindexOutcome } from './ports.js';

/** How a question ended: quoted an answer, said the corpus does not answer it, was refused as invalid, or failed. */
export type QuestionOutcome = 'answered' | 'refused' | 'invalid' | 'failed';

/** What the last reindex of this process did, for the health check. */
export interface LastReindex {
  readonly finishedAt: string;
  readonly outcome: 'done' | 'busy' | 'failed';
  readonly version?: string;
  readonly durationMs: number;
  /** Set when the reindex changed nothing and says why (e.g. an empty corpus folder, or a build that failed its check). */
  readonly notice?: string;
}

/**
 * The bot's own metrics in Prometheus format (prom-client, on a registry of its own): questions by outcome,
 * answer latency percentiles, reindex durations by outcome, and Node's process metrics.
 */
export class BotMetrics {
  readonly registry = new Registry();
  readonly questions = new Counter({ name: 'accord_questions_total', help: 'Questions handled, by outcome', labelNames: ['outcome'], registers: [this.registry] });
  /** Percentiles over the last 10 minutes: what an operator compares with the README's performance figures. */
  readonly answerSeconds = new Summary({
    name: 'accord_answer_duration_seconds',
    help: 'Time to answer a question (retrieval and quote selection), over the last 10 minutes',
    percentiles: [0.5, 0.9, 0.99],
    maxAgeSeconds: 600,
    ageBuckets: 5,
    registers: [this.registry],
  });
  readonly reindexSeconds = new Histogram({
    name: 'accord_reindex_duration_seconds',
    help: 'Duration of reindexes started from Discord, by outcome',
    labelNames: ['outcome'],
    buckets: [1, 5, 15, 60, 300, 900, 3600],
    registers: [this.registry],
  });
  lastReindex: LastReindex | null = null;

  constructor(private readonly nowMs: () => number = () => Date.now()) {
    collectDefaultMetrics({ register: this.registry });
  }

  /** `answers`, counting and timing every question. */
  watchAnswers(answers: AnswerService): AnswerService {
    return {
      answer: async (question, options) => {
        const stop = this.answerSeconds.startTimer();
        let outcome: QuestionOutcome = 'failed';
        try {
          const answer = await answers.answer(question, options);
          outcome = answer.answered ? 'answered' : 'refused';
          return answer;
        } catch (error: unknown) {
          outcome = error instanceof AccordError ? 'invalid' : 'failed';
          throw error;
        } finally {
          stop();
          this.questions.inc({ outcome });
        }
      },
      sources: () => answers.sources(),
      status: () => answers.status(),
    };
  }

  /** `moderation`, timing every reindex and remembering how the last one ended. */
  watchModeration(moderation: Moderation): Moderation {
    return {
      ...moderation,
      maxUploadBytes: moderation.maxUploadBytes,
      reindex: async (onProgress) => {
        const startedMs = this.nowMs();
        let result: ReindexOutcome | undefined;
        try {
          result = await moderation.reindex(onProgress);
          return result;
        } finally {
          const durationMs = this.nowMs() - startedMs;
          const outcome = result === undefined ? 'failed' : result.status;
          this.reindexSeconds.observe({ outcome }, durationMs / 1000);
          const summary = result?.status === 'done' ? result.summary : undefined;
          this.lastReindex = {
            finishedAt: new Date(this.nowMs()).toISOString(),
            outcome,
            durationMs,
            ...(summary === undefined ? {} : { version: summary.version }),
            ...(summary?.notice === undefined ? {} : { notice: summary.notice }),
          };
        }
      },
    };
  }
}
