import type { Money } from '../../opi/money'

export type JournalResult = 'started' | 'approved' | 'declined' | 'aborted' | 'timed out' | 'refused' | 'unknown'

/** One transaction as the register keeps it: what it asked for and what came of it. */
export interface JournalEntry {
  requestId: string
  requestType: string
  amount?: Money
  result: JournalResult
  startedAtMs: number
  finishedAtMs?: number
  approvalCode?: string
  cardCircuit?: string
  /** Masked by the terminal; never the full card number. */
  maskedPan?: string
  reason?: string
  /** The terminal's E-Journal record for this transaction, line by line. */
  terminalRecord: string[]
}

/**
 * The register's journal. Entries are written before a request is sent ("started") and completed
 * with the outcome, so a crash between the two leaves evidence of a transaction in flight.
 */
export interface Journal {
  begin(entry: Omit<JournalEntry, 'result' | 'terminalRecord'>): void
  appendTerminalRecord(requestId: string, lines: string[]): void
  finish(requestId: string, outcome: Pick<JournalEntry, 'result' | 'finishedAtMs' | 'approvalCode' | 'cardCircuit' | 'maskedPan' | 'reason'>): void
  entries(): JournalEntry[]
}

export class InMemoryJournal implements Journal {
  private readonly list: JournalEntry[] = []

  begin(entry: Omit<JournalEntry, 'result' | 'terminalRecord'>): void {
    this.list.push({ ...entry, result: 'started', terminalRecord: [] })
  }

  appendTerminalRecord(requestId: string, lines: string[]): void {
    this.find(requestId)?.terminalRecord.push(...lines)
  }

  finish(requestId: string, outcome: Pick<JournalEntry, 'result' | 'finishedAtMs' | 'approvalCode' | 'cardCircuit' | 'maskedPan' | 'reason'>): void {
    const entry = this.find(requestId)
    if (entry) Object.assign(entry, outcome)
  }

  entries(): JournalEntry[] {
    return this.list.map((e) => ({ ...e, terminalRecord: [...e.terminalRecord] }))
  }

  private find(requestId: string): JournalEntry | undefined {
    return this.list.find((e) => e.requestId === requestId)
  }
}
