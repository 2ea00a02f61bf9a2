import type { Clock } from '../../clock/clock'
import { refusalReason, type Credentials, type EmployeeDirectory } from '../employees'
import type { Journal, JournalEntry } from './journal'

/** One attempt to read the journal: who, when, and whether it was allowed. */
export interface AccessAttempt {
  user: string
  atMs: number
  granted: boolean
  reason?: string
}

/** Where attempts are kept; the SQLite store chains them with the journal itself. */
export interface AccessLog {
  logAccess(attempt: AccessAttempt): void
  accessLog(): AccessAttempt[]
}

export class InMemoryAccessLog implements AccessLog {
  private readonly attempts: AccessAttempt[] = []

  logAccess(attempt: AccessAttempt): void {
    this.attempts.push({ ...attempt })
  }

  accessLog(): AccessAttempt[] {
    return this.attempts.map((a) => ({ ...a }))
  }
}

export class JournalAccessRefused extends Error {
  constructor(readonly user: string, readonly reason: string) {
    super(`the journal is not open to ${user}: ${reason}`)
    this.name = 'JournalAccessRefused'
  }
}

/**
 * The only way to read the journal: an authenticated employee with the journal role. Every attempt,
 * granted or refused, is logged with user and time. There is no way to change or delete an entry.
 */
export class JournalAccess {
  constructor(private readonly journal: Journal, private readonly log: AccessLog, private readonly employees: EmployeeDirectory, private readonly clock: Clock) {}

  open(credentials: Credentials): JournalEntry[] {
    const reason = refusalReason(this.employees.authenticate(credentials), 'journal')
    this.log.logAccess({ user: credentials.user, atMs: this.clock.now(), granted: reason === undefined, reason })
    if (reason) throw new JournalAccessRefused(credentials.user, reason)
    return this.journal.entries()
  }
}
