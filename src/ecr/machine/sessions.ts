import type { Money } from '../../opi/money'

export type SessionState =
  | 'selecting' | 'authorising' | 'delivering' | 'completing' | 'completed'
  | 'cancelled' | 'timed out' | 'refused' | 'declined' | 'not delivered' | 'result unknown'

/** The reservation (or payment) a session rests on, as the terminal reported it. */
export interface SessionAuthorisation {
  requestId: string
  requestType: 'CardPreAuthorisation' | 'CardPayment'
  stan?: string
  approvalCode?: string
  maskedPan?: string
  cardCircuit?: string
  /** The terminal's stand-in for the card number: how the machine knows the card again. */
  cardToken?: string
}

/**
 * One cardholder's session at the machine, from selection to completion: what was chosen, asked for,
 * approved, delivered and completed. The machine's journal of sessions, and the basis of the
 * "completed = delivered <= approved" check.
 */
export interface SessionRecord {
  id: number
  language: string
  state: SessionState
  startedAtMs: number
  endedAtMs?: number
  device?: string
  product?: { code: string; name: string; quantity: number; unitPrice: Money }
  requested?: Money
  approved?: Money
  delivered?: Money
  completed?: Money
  authorisation?: SessionAuthorisation
  completionRequestIds: string[]
  /** Why delivery ended, or why the session ended without one. */
  endReason?: string
  /** The operator stopped the session while the terminal was still reading the card. */
  abortRequested?: boolean
  /** The completion waited for another request at the terminal. */
  completionPostponed?: boolean
  /** Settled by the recovery on start-up or after the terminal came back, not in the session's own run. */
  recovered?: 'after restart' | 'after reconnect'
  /** Paid with a Mifare subscription or fleet card: booked to this account, no card payment. */
  subscription?: { uid: string; account: string }
}

export class SessionLedger {
  private readonly list: SessionRecord[] = []
  private nextId = 1

  open(language: string, atMs: number): SessionRecord {
    const session: SessionRecord = { id: this.nextId++, language, state: 'selecting', startedAtMs: atMs, completionRequestIds: [] }
    this.list.push(session)
    return session
  }

  /** A restarted machine numbers on after every session it ever stored, so no number is used twice. */
  numberFrom(id: number): void {
    this.nextId = Math.max(this.nextId, id)
  }

  /** A session a previous run left open, rebuilt from the store to be settled now. */
  restore(session: SessionRecord): SessionRecord {
    this.list.push(session)
    this.numberFrom(session.id + 1)
    return session
  }

  byId(id: number): SessionRecord | undefined {
    return this.list.find((s) => s.id === id)
  }

  all(): readonly SessionRecord[] {
    return this.list
  }

  /** The session a device is busy with: authorised, delivering or waiting for its completion. */
  onDevice(deviceId: string): SessionRecord | undefined {
    return this.list.find((s) => s.device === deviceId && (s.state === 'authorising' || s.state === 'delivering' || s.state === 'completing'))
  }

  byRequest(requestId: string | undefined): SessionRecord | undefined {
    return this.list.find((s) => s.authorisation?.requestId === requestId)
  }
}

/** What the terminal tells about a card: never its number, only a token and a masked form. */
export type CardIdentity = Partial<Pick<SessionAuthorisation, 'cardToken' | 'cardCircuit' | 'maskedPan'>>

/**
 * Whether a card presented to stop a session is the card that started it. The terminal's card token
 * decides when both sides have one; scheme plus masked number is only a fallback for terminals that send
 * no token, and two cards of one scheme can share their last four digits.
 */
export function sameCard(session: CardIdentity, presented: CardIdentity): boolean {
  if (session.cardToken && presented.cardToken) return session.cardToken === presented.cardToken
  return session.cardCircuit === presented.cardCircuit && session.maskedPan === presented.maskedPan
}
