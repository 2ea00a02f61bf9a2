import type Database from 'better-sqlite3'
import { redactCardNumbers } from '../../report/redact'
import { openDurableDatabase } from './durable-database'
import type { RegisterCounters } from '../register-counters'
import type { AccessAttempt, AccessLog } from './journal-access'
import { JournalChain, type IntegrityReport } from './journal-chain'
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
CREATE TABLE IF NOT EXISTS journal_access (
  id INTEGER PRIMARY KEY AUTOINCREMENT, user TEXT NOT NULL, at_ms INTEGER NOT NULL, granted INTEGER NOT NULL, reason TEXT
);
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

/** Seals the bench's journals; a real installation passes its own key, kept outside the database. */
const BENCH_CHAIN_KEY = 'ccv-certification-bench-journal-key'

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
export class SqliteRegisterStore implements Journal, RegisterCounters, AccessLog {
  private readonly db: Database.Database
  private readonly chain: JournalChain

  /** `chainKey` seals the journal; an installation keeps its own outside the database (the default is for the bench only). */
  constructor(readonly path: string, options: { chainKey?: string } = {}) {
    this.db = openDurableDatabase(path, SCHEMA)
    this.chain = new JournalChain(this.db, options.chainKey ?? BENCH_CHAIN_KEY, `${path}.chain-head`)
    this.write(() => this.chain.sealIfNew())
  }

  /** Recomputes the chain and compares every journal table with it: the first broken link, if any. */
  verifyIntegrity(): IntegrityReport {
    return this.chain.verify()
  }

  logAccess(attempt: AccessAttempt): void {
    this.write(() => {
      const id = this.db.prepare('INSERT INTO journal_access (user, at_ms, granted, reason) VALUES (?, ?, ?, ?) RETURNING id').pluck()
        .get(attempt.user, attempt.atMs, attempt.granted ? 1 : 0, attempt.reason ?? null) as number
      this.chain.witness('journal_access', [id])
    })
  }

  accessLog(): AccessAttempt[] {
    const rows = this.db.prepare('SELECT user, at_ms, granted, reason FROM journal_access ORDER BY id').all() as { user: string; at_ms: number; granted: number; reason: string | null }[]
    return rows.map((r) => ({ user: r.user, atMs: r.at_ms, granted: r.granted === 1, reason: orUndefined(r.reason) }))
  }

  /** One write and its link in the chain, committed together. */
  private write<T>(work: () => T): T {
    const result = this.db.transaction(work)()
    this.chain.committed()
    return result
  }

  close(): void {
    if (this.db.open) this.db.close()
  }

  get isOpen(): boolean {
    return this.db.open
  }

  // ---- counters

  nextRequestId(): string {
    return String(this.bump('request'))
  }

  currentShift(): number {
    return this.db.prepare("SELECT value FROM counter WHERE name = 'shift'").pluck().get() as number
  }

  closeShift(): number {
    return this.bump('shift')
  }

  startShift(shiftNumber: number): number {
    return this.write(() => {
      this.db.prepare("UPDATE counter SET value = ? WHERE name = 'shift'").run(shiftNumber)
      this.chain.witness('counter', ['shift'])
      return shiftNumber
    })
  }

  /** The last RequestID given out; 0 before the first. */
  lastRequestId(): number {
    return this.db.prepare("SELECT value FROM counter WHERE name = 'request'").pluck().get() as number
  }

  /**
   * A register installed at a terminal that served one before: its RequestIDs go on after `last`, so it
   * never repeats an id whose answer the terminal may still hold for RepeatLastMessage.
   */
  continueRequestIdsAfter(last: number): void {
    this.write(() => {
      this.db.prepare("UPDATE counter SET value = MAX(value, ?) WHERE name = 'request'").run(last)
      this.chain.witness('counter', ['request'])
    })
  }

  private bump(name: 'request' | 'shift'): number {
    return this.write(() => {
      const value = this.db.prepare('UPDATE counter SET value = value + 1 WHERE name = ? RETURNING value').pluck().get(name) as number
      this.chain.witness('counter', [name])
      return value
    })
  }

  // ---- journal

  begin(entry: Omit<JournalEntry, 'result' | 'terminalRecord'>): void {
    this.write(() => {
      this.db.prepare(`INSERT INTO journal_entry (request_id, request_type, amount_minor, currency, result, started_at_ms, shift_number)
        VALUES (?, ?, ?, ?, 'started', ?, ?)`).run(entry.requestId, entry.requestType, entry.amount?.minor ?? null, entry.amount?.currency ?? null, entry.startedAtMs, entry.shiftNumber ?? null)
      this.chain.witness('journal_entry', [entry.requestId])
    })
  }

  appendTerminalRecord(requestId: string, lines: string[]): void {
    const insert = this.db.prepare('INSERT INTO terminal_record (request_id, seq, line) VALUES (?, ?, ?)')
    this.write(() => {
      const start = this.db.prepare('SELECT COUNT(*) FROM terminal_record WHERE request_id = ?').pluck().get(requestId) as number
      lines.forEach((line, i) => {
        // Whatever the terminal sent, the journal keeps no full card number.
        insert.run(requestId, start + i, redactCardNumbers(line))
        this.chain.witness('terminal_record', [requestId, start + i])
      })
    })
  }

  finish(requestId: string, outcome: JournalOutcome): void {
    const mask = (text: string | undefined) => (text === undefined ? null : redactCardNumbers(text))
    this.write(() => {
      this.db.prepare(`UPDATE journal_entry SET result = ?, finished_at_ms = ?, approval_code = ?, card_circuit = ?, masked_pan = ?, reason = ?,
        terminal_id = COALESCE(?, terminal_id), amount_minor = COALESCE(?, amount_minor), currency = COALESCE(?, currency) WHERE request_id = ?`).run(
        outcome.result, outcome.finishedAtMs ?? null, outcome.approvalCode ?? null, outcome.cardCircuit ?? null, mask(outcome.maskedPan),
        mask(outcome.reason), outcome.terminalId ?? null, outcome.amount?.minor ?? null, outcome.amount?.currency ?? null, requestId)
      this.chain.witness('journal_entry', [requestId])
    })
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
    this.write(() => {
      const id = this.db.prepare(`INSERT INTO journal_receipt (request_id, at_ms, shift_number, lines)
        VALUES (?, ?, COALESCE(?, (SELECT shift_number FROM journal_entry WHERE request_id = ?)), ?) RETURNING id`).pluck()
        .get(receipt.requestId, receipt.atMs, receipt.shiftNumber ?? null, receipt.requestId, JSON.stringify(receipt.lines.map(redactCardNumbers))) as number
      this.chain.witness('journal_receipt', [id])
    })
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
