import type Database from 'better-sqlite3'
import { openDurableDatabase } from './durable-database'
import type { RegisterCounters } from '../register-counters'
import {
  IN_FLIGHT_RESULTS, type Journal, type JournalEntry, type JournalOutcome, type JournalReceiptQuery, type StoredJournalReceipt,
} from './journal'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS journal_entry (
  request_id TEXT PRIMARY KEY, request_type TEXT NOT NULL, amount_minor INTEGER, currency TEXT,
  result TEXT NOT NULL, started_at_ms INTEGER NOT NULL, finished_at_ms INTEGER, shift_number INTEGER,
  terminal_id TEXT, approval_code TEXT, card_circuit TEXT, masked_pan TEXT, reason TEXT
);
CREATE TABLE IF NOT EXISTS terminal_record (
  request_id TEXT NOT NULL, seq INTEGER NOT NULL, line TEXT NOT NULL, PRIMARY KEY (request_id, seq)
);
CREATE TABLE IF NOT EXISTS journal_receipt (
  id INTEGER PRIMARY KEY AUTOINCREMENT, request_id TEXT NOT NULL, at_ms INTEGER NOT NULL, shift_number INTEGER, lines TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS counter (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO counter (name, value) VALUES ('request', 0), ('shift', 1);
-- What the terminal sent is evidence: the register may add to it, never change or remove it.
CREATE TRIGGER IF NOT EXISTS terminal_record_immutable BEFORE UPDATE ON terminal_record
  BEGIN SELECT RAISE(ABORT, 'terminal records cannot be changed'); END;
CREATE TRIGGER IF NOT EXISTS terminal_record_kept BEFORE DELETE ON terminal_record
  BEGIN SELECT RAISE(ABORT, 'terminal records cannot be deleted'); END;
CREATE TRIGGER IF NOT EXISTS journal_receipt_immutable BEFORE UPDATE ON journal_receipt
  BEGIN SELECT RAISE(ABORT, 'journal receipts cannot be changed'); END;
CREATE TRIGGER IF NOT EXISTS journal_receipt_kept BEFORE DELETE ON journal_receipt
  BEGIN SELECT RAISE(ABORT, 'journal receipts cannot be deleted'); END;
`

interface EntryRow {
  request_id: string; request_type: string; amount_minor: number | null; currency: string | null; result: JournalEntry['result']
  started_at_ms: number; finished_at_ms: number | null; shift_number: number | null; terminal_id: string | null
  approval_code: string | null; card_circuit: string | null; masked_pan: string | null; reason: string | null
}

const orUndefined = <T>(value: T | null): T | undefined => (value === null ? undefined : value)

/**
 * The register's durable store on SQLite: journal, terminal records, journal receipts and counters in
 * one file. Every write is a committed transaction before the call returns, so an answer "Success"
 * to the terminal means the record survives a crash (WAL, synchronous=FULL).
 */
export class SqliteRegisterStore implements Journal, RegisterCounters {
  private readonly db: Database.Database

  constructor(readonly path: string) {
    this.db = openDurableDatabase(path, SCHEMA)
  }

  close(): void {
    if (this.db.open) this.db.close()
  }

  // ---- counters

  nextRequestId(): string {
    return String(this.db.prepare("UPDATE counter SET value = value + 1 WHERE name = 'request' RETURNING value").pluck().get())
  }

  currentShift(): number {
    return this.db.prepare("SELECT value FROM counter WHERE name = 'shift'").pluck().get() as number
  }

  closeShift(): number {
    return this.db.prepare("UPDATE counter SET value = value + 1 WHERE name = 'shift' RETURNING value").pluck().get() as number
  }

  // ---- journal

  begin(entry: Omit<JournalEntry, 'result' | 'terminalRecord'>): void {
    this.db.prepare(`INSERT INTO journal_entry (request_id, request_type, amount_minor, currency, result, started_at_ms, shift_number)
      VALUES (?, ?, ?, ?, 'started', ?, ?)`).run(entry.requestId, entry.requestType, entry.amount?.minor ?? null, entry.amount?.currency ?? null, entry.startedAtMs, entry.shiftNumber ?? null)
  }

  appendTerminalRecord(requestId: string, lines: string[]): void {
    const insert = this.db.prepare('INSERT INTO terminal_record (request_id, seq, line) VALUES (?, ?, ?)')
    this.db.transaction(() => {
      const start = this.db.prepare('SELECT COUNT(*) FROM terminal_record WHERE request_id = ?').pluck().get(requestId) as number
      lines.forEach((line, i) => insert.run(requestId, start + i, line))
    })()
  }

  finish(requestId: string, outcome: JournalOutcome): void {
    this.db.prepare(`UPDATE journal_entry SET result = ?, finished_at_ms = ?, approval_code = ?, card_circuit = ?, masked_pan = ?, reason = ?,
      terminal_id = COALESCE(?, terminal_id) WHERE request_id = ?`).run(
      outcome.result, outcome.finishedAtMs ?? null, outcome.approvalCode ?? null, outcome.cardCircuit ?? null, outcome.maskedPan ?? null,
      outcome.reason ?? null, outcome.terminalId ?? null, requestId)
  }

  entries(): JournalEntry[] {
    const rows = this.db.prepare('SELECT * FROM journal_entry ORDER BY started_at_ms, rowid').all() as EntryRow[]
    const lines = this.db.prepare('SELECT line FROM terminal_record WHERE request_id = ? ORDER BY seq').pluck()
    return rows.map((r) => ({
      requestId: r.request_id, requestType: r.request_type, result: r.result, startedAtMs: r.started_at_ms,
      amount: r.amount_minor === null ? undefined : { minor: r.amount_minor, currency: r.currency ?? 'EUR' },
      finishedAtMs: orUndefined(r.finished_at_ms), shiftNumber: orUndefined(r.shift_number), terminalId: orUndefined(r.terminal_id),
      approvalCode: orUndefined(r.approval_code), cardCircuit: orUndefined(r.card_circuit), maskedPan: orUndefined(r.masked_pan),
      reason: orUndefined(r.reason), terminalRecord: lines.all(r.request_id) as string[],
    }))
  }

  inFlight(): JournalEntry[] {
    return this.entries().filter((e) => IN_FLIGHT_RESULTS.includes(e.result))
  }

  keepJournalReceipt(receipt: StoredJournalReceipt): void {
    // The shift is the one the payment was taken in, whenever its receipt arrives (a reprint may come later).
    this.db.prepare(`INSERT INTO journal_receipt (request_id, at_ms, shift_number, lines)
      VALUES (?, ?, COALESCE(?, (SELECT shift_number FROM journal_entry WHERE request_id = ?)), ?)`)
      .run(receipt.requestId, receipt.atMs, receipt.shiftNumber ?? null, receipt.requestId, JSON.stringify(receipt.lines))
  }

  journalReceipts(query: JournalReceiptQuery): StoredJournalReceipt[] {
    const rows = this.db.prepare(`SELECT request_id, at_ms, shift_number, lines FROM journal_receipt
      WHERE (@shift IS NULL OR shift_number = @shift) AND (@from IS NULL OR at_ms >= @from) AND (@to IS NULL OR at_ms < @to) ORDER BY id`)
      .all({ shift: query.shiftNumber ?? null, from: query.fromMs ?? null, to: query.toMs ?? null }) as { request_id: string; at_ms: number; shift_number: number | null; lines: string }[]
    return rows.map((r) => ({ requestId: r.request_id, atMs: r.at_ms, shiftNumber: orUndefined(r.shift_number), lines: JSON.parse(r.lines) as string[] }))
  }

  /** For tests of the immutability rule: what an attempt to rewrite history runs into. */
  rawExecute(sql: string): void {
    this.db.exec(sql)
  }
}
