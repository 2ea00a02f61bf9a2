import type { Clock, TimerHandle } from '../../clock/clock'
import type { CardServiceRequest, CardServiceResponse } from '../../opi/messages'
import { money, type Money } from '../../opi/money'
import type { MeteredDeliveryPoint } from './delivery-points'
import type { SessionStore, StoredSession, StoredSessionState } from './session-store'
import type { SessionRecord } from './sessions'
import type { RequestObserver } from './terminal-queue'

/**
 * Writes the machine's sessions to its durable store at the moments a power failure could hit: before
 * each request leaves (with the request named as awaiting its answer), when its answer is in, and every
 * `meterIntervalMs` while a device delivers, so a restart completes for at most one interval less than
 * was metered, never for more.
 */
export class SessionPersistence {
  private readonly awaiting = new Map<number, string>()
  private readonly owed = new Map<number, { amount: Money; requestId?: string }>()

  constructor(private readonly store: SessionStore, private readonly clock: Clock, private readonly meterIntervalMs: number) {}

  /** Wraps the journal's observer: the session is on disk, naming the request, before the request is sent. */
  observe(session: SessionRecord, inner: RequestObserver): RequestObserver {
    return {
      sent: (request: CardServiceRequest) => {
        inner.sent(request)
        this.awaiting.set(session.id, request.requestId)
        const completion = this.owed.get(session.id)
        if (completion && request.requestType === 'CardFinancialAdvice') completion.requestId = request.requestId
        this.save(session)
      },
      answered: (request: CardServiceRequest, response: CardServiceResponse) => {
        inner.answered(request, response)
        this.awaiting.delete(session.id)
        this.save(session)
      },
    }
  }

  /** The lost answer was learnt another way (RepeatLastMessage) or the request never left: nothing is awaited now. */
  answeredElsewhere(session: SessionRecord): void {
    this.awaiting.delete(session.id)
    this.save(session)
  }

  /** Delivery has ended: what the machine now owes the terminal. */
  owes(session: SessionRecord, amount: Money): void {
    this.owed.set(session.id, { amount })
    this.save(session)
  }

  /** Reads the device's meter into the store while it delivers; call the result when delivery ends. */
  watchMeter(session: SessionRecord, point: MeteredDeliveryPoint): () => void {
    let timer: TimerHandle | undefined
    const tick = () => {
      if (this.halted) return
      if (point.reading) this.save(session, point.reading())
      timer = this.clock.setTimer(this.meterIntervalMs, tick)
    }
    timer = this.clock.setTimer(this.meterIntervalMs, tick)
    return () => timer?.cancel()
  }

  /** After a simulated power loss: the dead machine writes nothing more. */
  halt(): void {
    this.halted = true
  }

  private halted = false

  /** Writes the session as it stands now. */
  save(session: SessionRecord, metered?: Money): void {
    if (this.halted) return
    const previous = this.lastMetered.get(session.id)
    const reading = session.delivered ?? metered ?? previous ?? money(0, session.requested?.currency)
    this.lastMetered.set(session.id, reading)
    const owed = this.owed.get(session.id)
    const auth = session.authorisation
    const stored: StoredSession = {
      id: session.id, language: session.language, device: session.device, state: storedState(session),
      authRequestId: auth?.requestId, authRequestType: auth?.requestType, stan: auth?.stan, approvalCode: auth?.approvalCode,
      requested: session.requested, approved: session.approved, metered: reading,
      completionOwed: owed?.amount, completionRequestId: owed?.requestId, awaitingRequestId: this.awaiting.get(session.id),
      startedAtMs: session.startedAtMs, updatedAtMs: this.clock.now(),
    }
    this.store.save(stored)
    // A settled session needs nothing more from memory: a machine that runs for months must not keep it.
    if (stored.state === 'settled') {
      this.owed.delete(session.id)
      this.lastMetered.delete(session.id)
      this.awaiting.delete(session.id)
    }
  }

  private readonly lastMetered = new Map<number, Money>()
}

function storedState(session: SessionRecord): StoredSessionState {
  // Which open state a session is stored in is for the reader of the database: recovery reads only
  // whether a stored session is settled, and settles every open state alike.
  switch (session.state) {
    // Stryker disable next-line ConditionalExpression: equivalent, falling through gives another open state, settled alike
    case 'authorising':
      // Stryker disable next-line StringLiteral: equivalent, any state but 'settled' is open and settled alike
      return 'authorising'
    // Stryker disable next-line ConditionalExpression: equivalent, falling through gives another open state, settled alike
    case 'delivering':
      // Stryker disable next-line StringLiteral: equivalent, any state but 'settled' is open and settled alike
      return 'delivering'
    // Stryker disable next-line ConditionalExpression: equivalent, falling through gives another open state, settled alike
    case 'completing':
      // Stryker disable next-line StringLiteral: equivalent, any state but 'settled' is open and settled alike
      return 'completing'
    // Stryker disable next-line ConditionalExpression: equivalent, falling through gives another open state, settled alike
    case 'selecting':
      return 'authorising'
    // An unknown completion result is still owed: the next start asks the terminal about it.
    case 'result unknown':
      // Stryker disable next-line StringLiteral: equivalent, any state but 'settled' is open and settled alike
      return session.approved ? 'completing' : 'authorising'
    default: return 'settled'
  }
}
