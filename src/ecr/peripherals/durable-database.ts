import Database from 'better-sqlite3'

/**
 * A SQLite file for records that must survive a crash: WAL, and synchronous=FULL so a committed write
 * is on disk before the call returns. `schema` creates what is missing; it runs on every open.
 */
export function openDurableDatabase(path: string, schema: string): Database.Database {
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.exec(schema)
  return db
}
