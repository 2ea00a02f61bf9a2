import type { Money } from '../../opi/money'

export type JournalResult = 'started' | 'approved' | 'declined' | 'aborted' | 'timed out' | 'refused' | 'unknown' | 'not paid'

/** Results that mean the register does not yet know what became of the payment. */
export const IN_FLIGHT_RESULTS: readonly JournalResult[] = ['started', 'unknown']

/** One transaction as the register keeps it: what it asked for and what came of it. */
export interface JournalEntry {
  requestId: string
  requestType: string
  amount?: Money
  result: JournalResult
  startedAtMs: number
  finishedAtMs?: number
  /** The cashier's shift (POSdata ShiftNumber) the payment was taken in. */
  shiftNumber?: number
  /** The terminal that answered, from its response. */
  terminalId?: string
  approvalCode?: string
  cardCircuit?: string
  /** Masked by the terminal; never the full card number. */
  maskedPan?: string
  reason?: string
  /** The terminal's E-Journal record for this transaction, line by line. */
  terminalRecord: string[]
}

/** `amount`, when given, is what the terminal approved, which may be less than was asked (partial approval). */
export type JournalOutcome = Pick<JournalEntry, 'result' | 'finishedAtMs' | 'approvalCode' | 'cardCircuit' | 'maskedPan' | 'reason' | 'terminalId'> & { amount?: Money }

/** A merchant copy the terminal sent to the journal printer, kept so it can be read back later. */
export interface StoredJournalReceipt {
  requestId: string
  atMs: number
  shiftNumber?: number
  lines: string[]
}

/** Which stored journal receipts to read back: a shift, a time window, or both. */
export interface JournalReceiptQuery {
  shiftNumber?: number
  fromMs?: number
  toMs?: number
}

/**
 * The register's journal. Entries are written before a request is sent ("started") and completed
 * with the outcome, so a crash between the two leaves evidence of a transaction in flight.
 */
export interface Journal {
  begin(entry: Omit<JournalEntry, 'result' | 'terminalRecord'>): void
  appendTerminalRecord(requestId: string, lines: string[]): void
  finish(requestId: string, outcome: JournalOutcome): void
  entries(): JournalEntry[]
  /** Payments whose outcome the register does not know yet, oldest first. */
  inFlight(): JournalEntry[]
  keepJournalReceipt(receipt: StoredJournalReceipt): void
  journalReceipts(query: JournalReceiptQuery): StoredJournalReceipt[]
}
