import {
  IN_FLIGHT_RESULTS, type Journal, type JournalEntry, type JournalOutcome, type JournalReceiptQuery, type StoredJournalReceipt,
} from '../../src/ecr/peripherals/journal'

function matchesReceiptQuery(receipt: StoredJournalReceipt, query: JournalReceiptQuery): boolean {
  return (query.shiftNumber === undefined || receipt.shiftNumber === query.shiftNumber)
    && (query.fromMs === undefined || receipt.atMs >= query.fromMs)
    && (query.toMs === undefined || receipt.atMs < query.toMs)
}

/**
 * A journal in memory, for unit tests of src/ only. It is a test double, not part of the integration:
 * a deployed register keeps its journal in SQLite (SqliteRegisterStore), and so does every register a
 * certification run starts, lane 2 included.
 */
export class InMemoryJournal implements Journal {
  private readonly list: JournalEntry[] = []
  private readonly receipts: StoredJournalReceipt[] = []

  begin(entry: Omit<JournalEntry, 'result' | 'terminalRecord'>): void {
    this.list.push({ ...entry, result: 'started', terminalRecord: [] })
  }

  appendTerminalRecord(requestId: string, lines: string[]): void {
    this.find(requestId)?.terminalRecord.push(...lines)
  }

  finish(requestId: string, outcome: JournalOutcome): void {
    const entry = this.find(requestId)
    if (entry) Object.assign(entry, { ...outcome, amount: outcome.amount ?? entry.amount })
  }

  entries(): JournalEntry[] {
    return this.list.map((e) => ({ ...e, terminalRecord: [...e.terminalRecord] }))
  }

  inFlight(): JournalEntry[] {
    return this.entries().filter((e) => IN_FLIGHT_RESULTS.includes(e.result))
  }

  keepJournalReceipt(receipt: StoredJournalReceipt): void {
    const shiftNumber = receipt.shiftNumber ?? this.find(receipt.requestId)?.shiftNumber
    this.receipts.push({ ...receipt, shiftNumber, lines: [...receipt.lines] })
  }

  journalReceipts(query: JournalReceiptQuery): StoredJournalReceipt[] {
    return this.receipts.filter((r) => matchesReceiptQuery(r, query)).map((r) => ({ ...r, lines: [...r.lines] }))
  }

  private find(requestId: string): JournalEntry | undefined {
    return this.list.find((e) => e.requestId === requestId)
  }
}
