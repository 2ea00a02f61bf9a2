import type { Money } from '../../opi/money'

/** Where a session stands in the store: what a fresh start must still do for it. */
export type StoredSessionState = 'authorising' | 'delivering' | 'completing' | 'settled'

/**
 * One session as the machine keeps it on disk: enough to settle it after a power failure without
 * anything that was in memory. Never a card number: the reservation is named by STAN and approval code.
 */
export interface StoredSession {
  id: number
  language: string
  device?: string
  state: StoredSessionState
  authRequestId?: string
  authRequestType?: 'CardPreAuthorisation' | 'CardPayment'
  stan?: string
  approvalCode?: string
  requested?: Money
  approved?: Money
  /** The device's meter as last read: the most a recovery may complete for. */
  metered: Money
  /** The completion the machine owes, once delivery has ended. */
  completionOwed?: Money
  completionRequestId?: string
  /** A request on the wire whose answer has not been stored yet: the one a restart must ask about. */
  awaitingRequestId?: string
  startedAtMs: number
  updatedAtMs: number
}

/** The machine's durable session store: written before every request and during delivery. */
export interface SessionStore {
  save(session: StoredSession): void
  /** Sessions not yet settled, oldest first. */
  open(): StoredSession[]
  /** The highest session number ever used, so a restarted machine never reuses one. */
  lastSessionId(): number
  close(): void
}
