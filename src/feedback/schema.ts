/**
 * The question log's tables. `PRAGMA user_version` holds SCHEMA_VERSION; a newer file is refused rather than
 * misread. Offsets are UTF-16 offsets into the document's file text, as everywhere in Accord.
 */
export const SCHEMA_VERSION = 1;

export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS answers (
  id TEXT PRIMARY KEY,
  asked_at INTEGER NOT NULL,
  question TEXT NOT NULL,
  question_key TEXT NOT NULL,
  guild_id TEXT,
  channel_id TEXT,
  user_id TEXT,
  mode TEXT NOT NULL,
  answered INTEGER NOT NULL,
  confidence REAL,
  label_kind TEXT CHECK (label_kind IN ('passage', 'none')),
  label_rank INTEGER,
  labelled_at INTEGER,
  labelled_by TEXT
);
CREATE INDEX IF NOT EXISTS answers_asked_at ON answers (asked_at);
CREATE INDEX IF NOT EXISTS answers_question_key ON answers (question_key);
CREATE TABLE IF NOT EXISTS quotes (
  answer_id TEXT NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
  rank INTEGER NOT NULL,
  doc_id TEXT NOT NULL,
  start_offset INTEGER NOT NULL,
  end_offset INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (answer_id, rank)
);
CREATE TABLE IF NOT EXISTS passages (
  answer_id TEXT NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
  rank INTEGER NOT NULL,
  chunk_id TEXT NOT NULL,
  doc_id TEXT NOT NULL,
  start_offset INTEGER NOT NULL,
  end_offset INTEGER NOT NULL,
  text TEXT NOT NULL,
  sentences TEXT NOT NULL,
  PRIMARY KEY (answer_id, rank)
);
CREATE TABLE IF NOT EXISTS votes (
  answer_id TEXT NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
  voter TEXT NOT NULL,
  vote TEXT NOT NULL CHECK (vote IN ('up', 'down', 'missing')),
  reason TEXT,
  reason_text TEXT,
  voted_at INTEGER NOT NULL,
  PRIMARY KEY (answer_id, voter)
);
`;
