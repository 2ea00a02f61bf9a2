import Database from 'better-sqlite3'
import type { Clock } from '../../clock/clock'
import type { ReconciliationTotal, ServiceResponse } from '../../opi/messages'
import { money, type Money } from '../../opi/money'
import type { Journal } from '../peripherals/journal'

/** Who or what closed the period. */
export type ClosingTrigger = 'service staff' | 'new shift' | 'scheduled'

/** One card circuit's count and amount in a period. */
export interface CircuitTotal {
  cardCircuit: string
  count: number
  amount: Money
}

/** A closed period: the terminal's totals, the machine's journal of the same shift, and whether they agree. */
export interface ClosingReport {
  shiftNumber: number
  closedAtMs: number
  trigger: ClosingTrigger
  terminalTotals: CircuitTotal[]
  journalTotals: CircuitTotal[]
  matchesJournal: boolean
}

export type ClosingOutcome = { closed: true; report: ClosingReport } | { closed: false; reason: string }

/** Shift numbers CCV terminals take (POSdata ShiftNumber): 1 to 999, then round again. */
export const MAX_SHIFT = 999

export function nextShift(current: number): number {
  return current >= MAX_SHIFT ? 1 : current + 1
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS closing_report (
  id INTEGER PRIMARY KEY AUTOINCREMENT, shift_number INTEGER NOT NULL, closed_at_ms INTEGER NOT NULL, report TEXT NOT NULL
);
`

/** Closing reports in the machine's database file (their own table), so a period's totals can be read back later. */
export class SqliteClosingReports {
  private readonly db: Database.Database

  constructor(path: string) {
    this.db = new Database(path)
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = FULL')
    this.db.exec(SCHEMA)
  }

  save(report: ClosingReport): void {
    this.db.prepare('INSERT INTO closing_report (shift_number, closed_at_ms, report) VALUES (?, ?, ?)').run(report.shiftNumber, report.closedAtMs, JSON.stringify(report))
  }

  all(): ClosingReport[] {
    return (this.db.prepare('SELECT report FROM closing_report ORDER BY id').pluck().all() as string[]).map((r) => JSON.parse(r) as ClosingReport)
  }

  ofShift(shiftNumber: number): ClosingReport[] {
    return this.all().filter((r) => r.shiftNumber === shiftNumber)
  }

  close(): void {
    if (this.db.open) this.db.close()
  }
}

/** The machine's own totals of a shift, from its journal: approved payments and completions that took money. */
export function journalTotals(journal: Journal, shiftNumber: number): CircuitTotal[] {
  const byCircuit = new Map<string, CircuitTotal>()
  for (const e of journal.entries()) {
    if (e.shiftNumber !== shiftNumber || e.result !== 'approved' || !e.amount || e.amount.minor === 0) continue
    if (e.requestType !== 'CardPayment' && e.requestType !== 'CardFinancialAdvice') continue
    const circuit = e.cardCircuit ?? '?'
    const total = byCircuit.get(circuit) ?? { cardCircuit: circuit, count: 0, amount: money(0, e.amount.currency) }
    byCircuit.set(circuit, { cardCircuit: circuit, count: total.count + 1, amount: money(total.amount.minor + e.amount.minor, total.amount.currency) })
  }
  return sorted([...byCircuit.values()])
}

function terminalTotals(totals: readonly ReconciliationTotal[]): CircuitTotal[] {
  return sorted(totals.map((t) => ({ cardCircuit: t.cardCircuit ?? '?', count: t.numberPayments ?? 0, amount: t.amount })))
}

const sorted = (totals: CircuitTotal[]) => totals.sort((a, b) => a.cardCircuit.localeCompare(b.cardCircuit))

/**
 * Closing the terminal's period (ReconciliationWithClosure) for the machine's current shift: the
 * totals are stored beside the journal's own totals of that shift. Only an answered Success closes the
 * period; anything else leaves it open, to be tried again.
 */
export class PeriodClosing {
  constructor(
    private readonly send: (shiftNumber: number) => Promise<ServiceResponse>,
    private readonly journal: Journal, private readonly reports: SqliteClosingReports, private readonly clock: Clock,
  ) {}

  async close(shiftNumber: number, trigger: ClosingTrigger): Promise<ClosingOutcome> {
    let answer: ServiceResponse
    try {
      answer = await this.send(shiftNumber)
    } catch (error) {
      return { closed: false, reason: (error as Error).message }
    }
    if (answer.overallResult !== 'Success') return { closed: false, reason: answer.privateData?.errorText ?? answer.overallResult }
    const fromTerminal = terminalTotals(answer.reconciliation?.totals ?? [])
    const fromJournal = journalTotals(this.journal, shiftNumber)
    const report: ClosingReport = {
      shiftNumber, closedAtMs: this.clock.now(), trigger, terminalTotals: fromTerminal, journalTotals: fromJournal,
      matchesJournal: JSON.stringify(fromTerminal) === JSON.stringify(fromJournal),
    }
    this.reports.save(report)
    return { closed: true, report }
  }
}
