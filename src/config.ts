import { existsSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { z } from 'zod';
import { AccordError } from './errors.js';
import { checkEnvFile } from './env-file.js';
import { containsSecret } from './redact-secrets.js';

/**
 * Configuration, validated once at start-up. This is the only module that reads `process.env`.
 * Empty strings count as missing. On bad settings every problem is listed at once.
 */

const emptyAsUndefined = (value: unknown): unknown => (value === '' ? undefined : value);

const flag = (fallback: boolean) =>
  z.preprocess(
    emptyAsUndefined,
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1' || v === 'yes'),
  );

const int = (fallback: number, min: number, max: number) =>
  z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ message: 'must be a whole number' })
      .int('must be a whole number')
      .min(min, `must be at least ${min}`)
      .max(max, `must be at most ${max}`)
      .default(fallback),
  );

const ratio = (fallback: number) =>
  z.preprocess(emptyAsUndefined, z.coerce.number({ message: 'must be a number from 0 to 1' }).min(0, 'must be from 0 to 1').max(1, 'must be from 0 to 1').default(fallback));

const THREADS_MESSAGE = 'must be auto or a whole number from 1 to 64';
const threadCount = z.coerce.number({ message: THREADS_MESSAGE }).int(THREADS_MESSAGE).min(1, THREADS_MESSAGE).max(64, THREADS_MESSAGE);

const STALL_MESSAGE = 'must be a whole number of seconds from 1 to 86400: how long the bot\'s reindex process may go without progress before it is stopped';
const stallSeconds = z.preprocess(
  emptyAsUndefined,
  z.coerce.number({ message: STALL_MESSAGE }).int(STALL_MESSAGE).min(1, STALL_MESSAGE).max(86_400, STALL_MESSAGE).default(300),
);

const text = (fallback: string) => z.preprocess(emptyAsUndefined, z.string().trim().min(1).default(fallback));

/** `127.0.0.1, 10.0.0.0/8, ::1`: IP addresses or CIDR ranges, comma-separated (or nothing). */
function isAddressList(value: string): boolean {
  return value.split(',').map((a) => a.trim()).filter((a) => a !== '').every((entry) => {
    const [address = '', bits, ...rest] = entry.split('/');
    const family = isIP(address);
    if (family === 0 || rest.length > 0) return false;
    return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
  });
}

const coreSchema = z.object({
  CORPUS_DIR: text('corpus'),
  INDEX_DIR: text('index'),
  EMBEDDING_MODEL: text('Xenova/all-MiniLM-L6-v2'),
  MODELS_DIR: text('models'),
  ALLOW_REMOTE_MODELS: flag(true),
  EMBEDDING_QUANTIZED: flag(true),
  EMBEDDING_BATCH_SIZE: int(8, 1, 512),
  EMBEDDING_THREADS: z.preprocess(emptyAsUndefined, z.union([z.literal('auto'), threadCount], { message: THREADS_MESSAGE }).default('auto')),
  RETRIEVAL_MODE: z.preprocess(emptyAsUndefined, z.enum(['auto', 'lexical']).default('auto')),
  TOP_K: int(5, 1, 50),
  MAX_QUOTES: int(3, 1, 5),
  ANSWER_MIN_CONFIDENCE: ratio(0.5),
  CALIBRATION_DIR: z.preprocess(emptyAsUndefined, z.string().trim().min(1).optional()),
  EVAL_CACHE_DIR: text(path.join(os.homedir(), '.cache', 'accord', 'eval')),
  MAX_FILE_BYTES: int(2_000_000, 1, 1_000_000_000),
  HNSW_M: int(16, 4, 96),
  HNSW_EF_CONSTRUCTION: int(200, 10, 2000),
  HNSW_EF_SEARCH: int(128, 10, 2000),
  REINDEX_STALL_SECONDS: stallSeconds,
  FETCH_TIMEOUT_MS: int(20_000, 1_000, 600_000),
  FETCH_MAX_REDIRECTS: int(5, 0, 20),
  FETCH_ALLOW_ADDRESSES: z.preprocess(
    emptyAsUndefined,
    z.string().default('').refine(isAddressList, 'must be IP addresses or CIDR ranges separated by commas, e.g. 127.0.0.1,10.0.0.0/8'),
  ),
  NO_COLOR: z.string().optional(),
  LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  ),
  // Question log and feedback (issue 11).
  QUESTION_LOG: z.preprocess(emptyAsUndefined, z.enum(['on', 'off'], { message: 'must be on or off' }).default('off')),
  DATA_DIR: text('data'),
  QUESTION_LOG_RETENTION_DAYS: int(90, 1, 36_500),
  QUESTION_LOG_USER_IDS: flag(false),
  LOG_FORMAT: z.preprocess(emptyAsUndefined, z.enum(['human', 'json'], { message: 'must be human or json' }).optional()),
});

export interface Config {
  /** The folder relative paths are resolved against, and that citation paths are relative to. */
  readonly projectRoot: string;
  readonly corpusDir: string;
  readonly indexDir: string;
  readonly embedding: {
    readonly modelId: string;
    readonly modelsDir: string;
    readonly allowRemote: boolean;
    readonly quantized: boolean;
    readonly batchSize: number;
    /**
     * onnxruntime intra-op threads. `auto`: one thread for answering questions (steadier and cheaper for one short
     * text; see `embedderOptions`), onnxruntime's default (one per physical core) for building the index.
     */
    readonly threads: number | 'auto';
    /** `lexical` skips loading the model altogether. */
    readonly mode: 'auto' | 'lexical';
  };
  readonly retrieval: {
    readonly topK: number;
    readonly maxQuotes: number;
    /** Lowest calibrated probability (0–1) that the corpus answers a question, for Accord to answer it. */
    readonly minConfidence: number;
  };
  /**
   * Where calibrations live: `lexical.json` (shipped) and one file per embedding model (`npm run calibrate`). Default:
   * the `calibration` folder of the Accord installation.
   */
  readonly calibrationDir: string;
  /** Where `npm run eval` keeps the indexes it builds for benchmark corpora (outside the project by default). */
  readonly evalCacheDir: string;
  readonly hnsw: { readonly m: number; readonly efConstruction: number; readonly efSearch: number };
  readonly maxFileBytes: number;
  /** The bot's reindex process (README, "How reindexing keeps the bot safe"). */
  readonly reindex: {
    /**
     * A reindex process that reports no progress for this long is stopped and the reindex fails, so that a hung
     * one (a file read that never returns, a stuck extraction) does not hold every later reindex. Default 5 minutes.
     */
    readonly stallTimeoutMs: number;
  };
  /** Fetching documents from links (`corpus add <url>`, `/corpus add url:`). */
  readonly fetch: {
    readonly timeoutMs: number;
    readonly maxRedirects: number;
    /** Private, loopback or link-local addresses or ranges (`127.0.0.1`, `10.0.0.0/8`) links may reach anyway. */
    readonly allowAddresses: readonly string[];
  };
  /** Unset: each entry point picks its default (the bot logs `info`, the CLI `warn`). */
  readonly logLevel: string | undefined;
  /** Unset: each entry point picks its default (the bot writes JSON lines, the CLI human-readable lines). */
  readonly logFormat: 'human' | 'json' | undefined;
  /** False when NO_COLOR is set (https://no-color.org): the CLI then prints no ANSI styling. */
  readonly colors: boolean;
  /** The question log and answer feedback (off by default: nothing is written anywhere then). */
  readonly questionLog: {
    readonly enabled: boolean;
    /** The folder that holds the database; created only when the log is on. */
    readonly dataDir: string;
    /** `dataDir/questions.sqlite`. */
    readonly file: string;
    /** Rows older than this many days are deleted (labelled questions are kept: they are the evaluation set). */
    readonly retentionDays: number;
    /** Store Discord user ids of askers and voters; otherwise votes are keyed by a salted hash. */
    readonly storeUserIds: boolean;
  };
}

/**
 * The folder Accord is installed in (the nearest package.json above this module, from `src/` or compiled `dist/`):
 * where the shipped calibrations are found, whatever the working directory.
 */
function installRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/** Formats zod issues as one line each: `SETTING: problem (got "value")`. */
export function formatIssues(
  error: z.ZodError,
  env: Record<string, string | undefined>,
  secretKeys: readonly string[] = [],
): string[] {
  return error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '(settings)');
    const got = env[key];
    if (got === undefined || got === '' || secretKeys.includes(key)) return `${key}: ${issue.message}`;
    // A token pasted into the wrong setting must not be printed back (issue 12).
    const token = env['DISCORD_TOKEN'];
    if (containsSecret(got, token === undefined ? [] : [token])) return `${key}: ${issue.message} (the value looks like a bot token; it is not shown)`;
    return `${key}: ${issue.message} (got "${got}")`;
  });
}

/** Thrown for invalid settings: lists every problem at once. */
export function configError(problems: string[]): AccordError {
  return new AccordError(`Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  - ${problems.join('\n  - ')}`, {
    hint: 'Fix these settings in your environment or .env file (see .env.example), then run the command again.',
  });
}

/**
 * Reads `.env` from the project root into `process.env` when the file exists (real environment variables win).
 * Node's own loader is used: one less dependency.
 */
export function loadDotEnv(projectRoot: string = process.cwd()): void {
  const file = path.join(projectRoot, '.env');
  if (!existsSync(file)) return;
  // Node's loader reports nothing: a stray line swallows the next setting. Check every line first (issue 12).
  const problems = checkEnvFile(readFileSync(file, 'utf8'), SETTING_NAMES);
  if (problems.length > 0) throw configError(problems);
  const before = { ...process.env };
  process.loadEnvFile(file);
  Object.assign(process.env, before);
}

/** Validates the core (non-Discord) settings. Throws an AccordError listing every problem. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  projectRoot: string = process.cwd(),
): Config {
  const parsed = coreSchema.safeParse(env);
  if (!parsed.success) throw configError(formatIssues(parsed.error, env));
  const s = parsed.data;
  const resolve = (p: string) => path.resolve(projectRoot, p);
  return {
    projectRoot,
    corpusDir: resolve(s.CORPUS_DIR),
    indexDir: resolve(s.INDEX_DIR),
    embedding: {
      modelId: s.EMBEDDING_MODEL,
      modelsDir: resolve(s.MODELS_DIR),
      allowRemote: s.ALLOW_REMOTE_MODELS,
      quantized: s.EMBEDDING_QUANTIZED,
      batchSize: s.EMBEDDING_BATCH_SIZE,
      threads: s.EMBEDDING_THREADS,
      mode: s.RETRIEVAL_MODE,
    },
    retrieval: {
      topK: s.TOP_K,
      maxQuotes: s.MAX_QUOTES,
      minConfidence: s.ANSWER_MIN_CONFIDENCE,
    },
    calibrationDir: s.CALIBRATION_DIR === undefined ? path.join(installRoot(), 'calibration') : resolve(s.CALIBRATION_DIR),
    evalCacheDir: resolve(s.EVAL_CACHE_DIR),
    hnsw: { m: s.HNSW_M, efConstruction: s.HNSW_EF_CONSTRUCTION, efSearch: s.HNSW_EF_SEARCH },
    maxFileBytes: s.MAX_FILE_BYTES,
    reindex: { stallTimeoutMs: s.REINDEX_STALL_SECONDS * 1000 },
    fetch: {
      timeoutMs: s.FETCH_TIMEOUT_MS,
      maxRedirects: s.FETCH_MAX_REDIRECTS,
      allowAddresses: s.FETCH_ALLOW_ADDRESSES.split(',').map((a) => a.trim()).filter((a) => a !== ''),
    },
    logLevel: s.LOG_LEVEL,
    logFormat: s.LOG_FORMAT,
    colors: s.NO_COLOR === undefined || s.NO_COLOR === '',
    questionLog: {
      enabled: s.QUESTION_LOG === 'on',
      dataDir: resolve(s.DATA_DIR),
      file: path.join(resolve(s.DATA_DIR), 'questions.sqlite'),
      retentionDays: s.QUESTION_LOG_RETENTION_DAYS,
      storeUserIds: s.QUESTION_LOG_USER_IDS,
    },
  };
}

const snowflake = z.string().regex(/^\d{17,20}$/, 'must be a Discord id (17–20 digits)');

const botSchema = z.object({
  DISCORD_TOKEN: z.preprocess(
    emptyAsUndefined,
    z
      .string({ message: 'is missing: copy the bot token from the Developer Portal (Bot → Reset Token)' })
      .trim()
      .regex(/^[\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}$/, 'is malformed: a bot token has three dot-separated parts'),
  ),
  DISCORD_APPLICATION_ID: z.preprocess(
    emptyAsUndefined,
    z.string({ message: 'is missing: copy the Application ID from the Developer Portal (General Information)' }).pipe(snowflake),
  ),
  DISCORD_GUILD_ID: z.preprocess(emptyAsUndefined, snowflake.optional()),
  MODERATOR_ROLE_IDS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .default('')
      .transform((v) => v.split(',').map((id) => id.trim()).filter((id) => id !== ''))
      .pipe(z.array(snowflake)),
  ),
  DISCORD_API_URL: z.preprocess(emptyAsUndefined, z.url({ message: 'must be a URL' }).default('https://discord.com/api')),
  RATE_LIMIT_PER_MINUTE: int(5, 1, 1000),
  HEALTH_PORT: z.preprocess(emptyAsUndefined, z.coerce.number({ message: 'must be a port number' }).int('must be a port number').min(1, 'must be from 1 to 65535').max(65535, 'must be from 1 to 65535').optional()),
  HEALTH_HOST: text('127.0.0.1'),
});

/** Every setting Accord reads, for the documentation check in the tests. */
export const SETTING_NAMES: readonly string[] = [...Object.keys(coreSchema.shape), ...Object.keys(botSchema.shape)];

export interface BotConfig {
  readonly token: string;
  readonly applicationId: string;
  /** Register commands to this guild only (instant); unset registers them globally. */
  readonly guildId: string | undefined;
  readonly moderatorRoleIds: readonly string[];
  /** REST base URL without the version, e.g. `https://discord.com/api`. Tests point it at a local fake. */
  readonly apiUrl: string;
  readonly rateLimitPerMinute: number;
  /** Port of the `/healthz` and `/metrics` endpoint; undefined (the default) serves none. */
  readonly healthPort: number | undefined;
  /** Address the health endpoint listens on: loopback unless set. */
  readonly healthHost: string;
}

/** Validates the Discord settings. Throws an AccordError listing every problem. */
export function loadBotConfig(env: Record<string, string | undefined> = process.env): BotConfig {
  const parsed = botSchema.safeParse(env);
  if (!parsed.success) throw configError(formatIssues(parsed.error, env, ['DISCORD_TOKEN']));
  const s = parsed.data;
  if (s.MODERATOR_ROLE_IDS.length > 0 && s.DISCORD_GUILD_ID === undefined) {
    throw configError([
      'MODERATOR_ROLE_IDS: needs DISCORD_GUILD_ID: moderation works only in the home server, so set DISCORD_GUILD_ID to the id of the server these roles belong to',
    ]);
  }
  return {
    token: s.DISCORD_TOKEN,
    applicationId: s.DISCORD_APPLICATION_ID,
    guildId: s.DISCORD_GUILD_ID,
    moderatorRoleIds: s.MODERATOR_ROLE_IDS,
    apiUrl: s.DISCORD_API_URL.replace(/\/+$/, ''),
    rateLimitPerMinute: s.RATE_LIMIT_PER_MINUTE,
    healthPort: s.HEALTH_PORT,
    healthHost: s.HEALTH_HOST,
  };
}
