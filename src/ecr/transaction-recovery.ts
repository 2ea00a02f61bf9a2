import { sleep, type Clock } from '../clock/clock'
import type { CardServiceResponse } from '../opi/messages'
import { sameMoney } from '../opi/money'
import { outcomeOf, type PaymentOutcome } from './payment-outcome'
import type { JournalEntry } from './peripherals/journal'
import type { PrintedReceipt } from './peripherals/printer'
import { readTicket } from './ticket-reading'

export interface RecoveryPolicy {
  /** Attempts before the register gives up and leaves the result unknown for the cashier. */
  attempts: number
  /** Pause before each attempt: the terminal needs a moment after a reconnect or a restart. */
  pauseMs: number
}

export const DEFAULT_RECOVERY_POLICY: RecoveryPolicy = { attempts: 4, pauseMs: 10_000 }

export interface RecoveryPort {
  clock: Clock
  /** This register's WorkstationID: a repeated answer for another workstation is not about its payment. */
  workstationId: string
  /** Sends RepeatLastMessage or TicketReprint; device output of a reprint is filed under `onBehalfOf`. */
  ask(requestType: 'RepeatLastMessage' | 'TicketReprint', onBehalfOf: string): Promise<CardServiceResponse>
  /** Everything the register's printers printed, for the tickets of the lost payment. */
  printed(): PrintedReceipt[]
}

const TERMINAL_NOT_READY: readonly string[] = ['Busy', 'DeviceUnavailable']
/** Ticket dates have whole seconds; a payment started at 09:00:00.600 may print 09:00:00. */
const TICKET_CLOCK_SLACK_MS = 1_000

/**
 * Finds out what became of a payment whose answer was lost, the way CCV terminals allow it (OPI 9.7):
 * RepeatLastMessage, trusted only when its OriginalHeader names this register's request; if the repeated answer is for this payment and the register holds its receipt,
 * that answer is the outcome. Otherwise (PrintLastTicket, another request, no receipt) TicketReprint,
 * and the outcome is read from the reprinted ticket. A terminal whose last transaction is another one
 * never ran this payment. Never sends the payment again.
 */
export class TransactionRecovery {
  constructor(private readonly port: RecoveryPort, private readonly policy: RecoveryPolicy = DEFAULT_RECOVERY_POLICY) {}

  async recover(entry: JournalEntry): Promise<PaymentOutcome> {
    for (let attempt = 1; attempt <= this.policy.attempts; attempt++) {
      await sleep(this.port.clock, this.policy.pauseMs)
      const outcome = await this.attempt(entry)
      if (outcome) return outcome
    }
    return { status: 'unknown', amount: entry.amount!, requestId: entry.requestId, reason: `no answer from the terminal after ${this.policy.attempts} recovery attempts` }
  }

  /** One round; undefined when the terminal could not be asked (link down, busy), so try again later. */
  private async attempt(entry: JournalEntry): Promise<PaymentOutcome | undefined> {
    const repeated = await this.ask('RepeatLastMessage', entry)
    if (!repeated || TERMINAL_NOT_READY.includes(repeated.overallResult)) return undefined
    const notMatched = this.unmatched(repeated)
    if (notMatched) return { status: 'unknown', amount: entry.amount!, requestId: entry.requestId, reason: notMatched }
    const aboutThisPayment = repeated.originalHeader?.requestId === entry.requestId
    if (aboutThisPayment && repeated.overallResult !== 'PrintLastTicket' && (repeated.overallResult !== 'Success' || this.hasTicket(entry, entry.startedAtMs))) {
      return { ...outcomeOf({ ...repeated, requestId: entry.requestId, requestType: 'CardPayment' }, entry.amount!), reason: 'recovered: the terminal repeated its answer' }
    }
    const reprintStartedAt = this.port.clock.now()
    const reprint = await this.ask('TicketReprint', entry)
    if (!reprint || TERMINAL_NOT_READY.includes(reprint.overallResult)) return undefined
    // A terminal that names another request as its last reprints that one's ticket: never read it as this payment's
    // (an earlier payment of the same amount, printed within the ticket clock's slack, would pass for it).
    const namesAnother = repeated.originalHeader !== undefined && !aboutThisPayment
    const ticket = namesAnother ? undefined : this.ticketOf(entry, reprintStartedAt)
    if (ticket) {
      return {
        status: ticket.approved ? 'approved' : 'declined', amount: entry.amount!, requestId: entry.requestId, approvalCode: ticket.approvalCode,
        reason: `recovered from the reprinted ticket${ticket.approved ? '' : ': declined'}`,
      }
    }
    // The terminal vouches for another transaction as its last: this payment never ran there.
    if (!aboutThisPayment) return { status: 'not paid', amount: entry.amount!, requestId: entry.requestId, reason: 'the terminal never ran this payment' }
    return undefined
  }

  /**
   * Why the repeated answer cannot be tied to this register at all (CCV's own clients compare the
   * OriginalHeader and treat a mismatch as "not my transaction"): with several lanes on one terminal,
   * another lane's answer, or even its ticket, says nothing about this payment.
   */
  private unmatched(repeated: CardServiceResponse): string | undefined {
    const header = repeated.originalHeader
    // A refusal without a transaction in it ("no earlier message to repeat") repeats nothing to match.
    const repeatsNothing = repeated.overallResult !== 'Success' && !repeated.tender
    if (!header && repeatsNothing) return undefined
    if (!header) return 'the terminal\'s repeated answer names no original request (no OriginalHeader): it cannot be matched to this payment'
    if (header.workstationId && header.workstationId !== this.port.workstationId) {
      return `the terminal's last transaction is request ${header.requestId} of workstation ${header.workstationId}, not this payment: check the terminal's journal before taking the payment again`
    }
    return undefined
  }

  private async ask(requestType: 'RepeatLastMessage' | 'TicketReprint', entry: JournalEntry): Promise<CardServiceResponse | undefined> {
    try {
      return await this.port.ask(requestType, entry.requestId)
      // Stryker disable next-line BlockStatement: an emptied catch block also returns undefined
    } catch {
      // Unreachable, link dropped, no answer: all mean "ask again later", never "it failed".
      return undefined
    }
  }

  private hasTicket(entry: JournalEntry, since: number): boolean {
    return this.port.printed().some((r) => r.requestId === entry.requestId && r.atMs >= since)
  }

  /** The reprinted ticket, if it is this payment's: same amount, dated after the payment started. */
  private ticketOf(entry: JournalEntry, since: number) {
    return this.port.printed()
      .filter((r) => r.requestId === entry.requestId && r.atMs >= since)
      .map((r) => readTicket(r.lines))
      .find((t) => t !== undefined && t.amount !== undefined && sameMoney(t.amount, entry.amount!)
        && t.atMs !== undefined && t.atMs >= entry.startedAtMs - TICKET_CLOCK_SLACK_MS)
  }
}
