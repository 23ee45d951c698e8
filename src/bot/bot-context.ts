import type { Logger } from 'pino';
import type { BotConfig } from '../config.js';
import type { QuestionLog } from '../feedback/question-log.js';
import type { AnswerService } from '../retrieval/answer-service.js';
import type { Clock } from './clock.js';
import type { Moderation } from './ports.js';
import type { SlidingWindowRateLimiter } from './rate-limiter.js';
import type { RecentAnswers } from './recent-answers.js';

/** Everything a handler may use, built once per bot by `createBot` and passed in: no module-level state. */
export interface BotContext {
  readonly answers: AnswerService;
  readonly moderation: Moderation;
  readonly config: BotConfig;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Questions per user per minute. */
  readonly rateLimiter: SlidingWindowRateLimiter;
  /** Recent answers, for their "More sources" buttons. */
  readonly recentAnswers: RecentAnswers;
  /** The question log and feedback store; disabled (records nothing) unless QUESTION_LOG=on. */
  readonly questionLog: QuestionLog;
  /** When the bot was created, in ms since the epoch (for `/status`). */
  readonly startedAtMs: number;
}
