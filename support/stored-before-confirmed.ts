import Database from 'better-sqlite3'
import type { Clock } from '../src/clock/clock'
import type { Party } from '../src/opi/conversation-log'
import type { OpiMessage } from '../src/opi/messages'
import type { TrafficEvent } from '../src/opi/opi-connection'
import { redactCardNumbers } from '../src/report/redact'
import { linesInRowOrder } from './observations'

/** One E-Journal record the terminal sent, and what the register's database file held when its answer reached the terminal. */
export interface JournalConfirmation {
  requestId: string
  atMs: number
  answer: string
  /** Every E-Journal line the register had confirmed so far, this record's included, as the journal keeps it (card numbers masked). */
  confirmedSoFar: string[]
  /** Every terminal-record line in the register's database file at that moment, read by a reader of its own. */
  inTheFile: string[]
}

/**
 * The order of "stored, then confirmed", observed from outside the register: the moment the register's
 * answer to an E-Journal request reaches the terminal (or passes the witness on the bench's wire), the database file is opened read-only by a reader
 * of its own and its terminal records are read. A register that confirms first and writes afterwards
 * (or never) is caught even when its journal is complete in the end. Only `workstationId`'s requests are
 * watched: another lane's register keeps no file here.
 */
export class StoredBeforeConfirmedWitness {
  readonly confirmations: JournalConfirmation[] = []
  private readonly confirmedLines: string[] = []

  constructor(private readonly clock: Clock, private readonly databaseFile: () => string, private readonly workstationId: string) {}

  private readonly sent = new Map<string, string[]>()

  /** The adapter for the simulated terminal's witness: the terminal's side of each connection. */
  tap(): (event: TrafficEvent) => void {
    return (event) => {
      if ('message' in event) this.seen(event.direction === 'sent' ? 'terminal' : 'ECR', event.message)
    }
  }

  /** A message as the terminal or a witness on the wire saw it pass; E-Journal requests are remembered until answered. */
  seen(from: Party, m: OpiMessage): void {
    if (from === 'terminal' && m.kind === 'DeviceRequest' && m.workstationId === this.workstationId) {
      const lines = m.outputs.filter((o) => o.target === 'E-Journal').flatMap((o) => linesInRowOrder(o.textLines))
      if (lines.length > 0) this.sent.set(m.requestId, lines)
    } else if (from === 'ECR' && m.kind === 'DeviceResponse' && this.sent.has(m.requestId)) {
      if (m.overallResult === 'Success') this.confirmedLines.push(...this.sent.get(m.requestId)!.map(redactCardNumbers))
      this.sent.delete(m.requestId)
      this.confirmations.push({ requestId: m.requestId, atMs: this.clock.now(), answer: m.overallResult, confirmedSoFar: [...this.confirmedLines], inTheFile: this.readFile() })
    }
  }

  private readFile(): string[] {
    let db: Database.Database | undefined
    try {
      db = new Database(this.databaseFile(), { readonly: true, fileMustExist: true })
      return db.prepare('SELECT line FROM terminal_record ORDER BY rowid').pluck().all() as string[]
    } catch (error) {
      return [`(the database file could not be read: ${(error as Error).message})`]
    } finally {
      db?.close()
    }
  }
}
