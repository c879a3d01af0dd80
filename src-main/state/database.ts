/**
 * Opens the host's SQLite file: WAL (readers never block the writer, and a killed
 * process loses at most the transaction it was in), foreign keys on, a busy timeout so
 * a second process (the CLI beside the app) waits instead of failing, and every numbered
 * migration not yet applied, each in its own transaction.
 */
import Database from 'better-sqlite3';
import { FugueError } from '../../src-shared/errors.ts';

/** One schema step. Numbers start at 1 and never change once released. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** A better-sqlite3 connection. */
export type SqliteDatabase = Database.Database;

/** Opens (creating if needed) `file` and brings its schema up to date. */
export function openDatabase(file: string, migrations: readonly Migration[]): SqliteDatabase {
  let db: SqliteDatabase;
  try {
    db = new Database(file);
  } catch (error) {
    throw new FugueError({ code: 'io', message: `cannot open the catalog "${file}": ${messageOf(error)}; check that the data folder is writable` });
  }
  try {
    db.pragma('journal_mode = WAL');
    // NORMAL is durable against a killed process in WAL mode; FULL only adds power-loss safety at a cost per commit.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Applies every migration newer than the recorded ones, in order. */
export function migrate(db: SqliteDatabase, migrations: readonly Migration[]): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const newest = Math.max(0, ...applied);
  const known = Math.max(0, ...migrations.map((migration) => migration.version));
  if (newest > known) {
    throw new FugueError({
      code: 'unsupported',
      message: `the catalog was written by a newer Fugue (schema ${newest}, this version knows up to ${known}); update Fugue or use another data folder`,
    });
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const done: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, Date.now());
    })();
    done.push(migration.version);
  }
  return done;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
