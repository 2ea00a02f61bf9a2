import type Database from 'better-sqlite3'
import { openDurableDatabase } from '../peripherals/durable-database'
import type { Money } from '../../opi/money'
import type { SessionStore, StoredSession } from './session-store'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS machine_session (
  id INTEGER PRIMARY KEY, language TEXT NOT NULL, device TEXT, state TEXT NOT NULL,
  auth_request_id TEXT, auth_request_type TEXT, stan TEXT, approval_code TEXT, currency TEXT NOT NULL,
  requested_minor INTEGER, approved_minor INTEGER, metered_minor INTEGER NOT NULL,
  completion_minor INTEGER, completion_request_id TEXT, awaiting_request_id TEXT,
  started_at_ms INTEGER NOT NULL, updated_at_ms INTEGER NOT NULL
);
`

interface SessionRow {
  id: number; language: string; device: string | null; state: StoredSession['state']
  auth_request_id: string | null; auth_request_type: StoredSession['authRequestType'] | null; stan: string | null; approval_code: string | null
  currency: string; requested_minor: number | null; approved_minor: number | null; metered_minor: number
  completion_minor: number | null; completion_request_id: string | null; awaiting_request_id: string | null
  started_at_ms: number; updated_at_ms: number
}

const orUndefined = <T>(value: T | null): T | undefined => (value === null ? undefined : value)

/**
 * The machine controller's sessions in SQLite (the journal and RequestIDs go in the same file through
 * SqliteRegisterStore). Each save is a committed
 * transaction before the call returns (WAL, synchronous=FULL, as the register's store), so what was
 * saved before a request left survives a SIGKILL a microsecond later.
 */
export class SqliteSessionStore implements SessionStore {
  private readonly db: Database.Database

  constructor(readonly path: string) {
    this.db = openDurableDatabase(path, SCHEMA)
  }

  close(): void {
    if (this.db.open) this.db.close()
  }

  save(s: StoredSession): void {
    const minor = (m: Money | undefined) => m?.minor ?? null
    this.db.prepare(`INSERT OR REPLACE INTO machine_session (id, language, device, state, auth_request_id, auth_request_type, stan, approval_code,
      currency, requested_minor, approved_minor, metered_minor, completion_minor, completion_request_id, awaiting_request_id, started_at_ms, updated_at_ms)
      VALUES (@id, @language, @device, @state, @authRequestId, @authRequestType, @stan, @approvalCode, @currency, @requested, @approved, @metered,
      @completion, @completionRequestId, @awaitingRequestId, @startedAtMs, @updatedAtMs)`).run({
      id: s.id, language: s.language, device: s.device ?? null, state: s.state, authRequestId: s.authRequestId ?? null,
      authRequestType: s.authRequestType ?? null, stan: s.stan ?? null, approvalCode: s.approvalCode ?? null, currency: s.metered.currency,
      requested: minor(s.requested), approved: minor(s.approved), metered: s.metered.minor, completion: minor(s.completionOwed),
      completionRequestId: s.completionRequestId ?? null, awaitingRequestId: s.awaitingRequestId ?? null, startedAtMs: s.startedAtMs, updatedAtMs: s.updatedAtMs,
    })
  }

  open(): StoredSession[] {
    return (this.db.prepare("SELECT * FROM machine_session WHERE state <> 'settled' ORDER BY id").all() as SessionRow[]).map(fromRow)
  }

  all(): StoredSession[] {
    return (this.db.prepare('SELECT * FROM machine_session ORDER BY id').all() as SessionRow[]).map(fromRow)
  }

  lastSessionId(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(id), 0) FROM machine_session').pluck().get() as number)
  }
}

function fromRow(r: SessionRow): StoredSession {
  const money = (minor: number | null): Money | undefined => (minor === null ? undefined : { minor, currency: r.currency })
  return {
    id: r.id, language: r.language, device: orUndefined(r.device), state: r.state, authRequestId: orUndefined(r.auth_request_id),
    authRequestType: orUndefined(r.auth_request_type), stan: orUndefined(r.stan), approvalCode: orUndefined(r.approval_code),
    requested: money(r.requested_minor), approved: money(r.approved_minor), metered: { minor: r.metered_minor, currency: r.currency },
    completionOwed: money(r.completion_minor), completionRequestId: orUndefined(r.completion_request_id),
    awaitingRequestId: orUndefined(r.awaiting_request_id), startedAtMs: r.started_at_ms, updatedAtMs: r.updated_at_ms,
  }
}
