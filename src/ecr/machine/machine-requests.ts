import { isoTimestamp, type Clock } from '../../clock/clock'
import type { CardServiceRequest, CardServiceRequestType, CardServiceResponse, OriginalTransaction, ServiceRequest, ServiceRequestType } from '../../opi/messages'
import { money, type Money } from '../../opi/money'
import { journalResultOf, outcomeOf } from '../payment-outcome'
import type { Journal } from '../peripherals/journal'
import type { ReceiptPrinter } from '../peripherals/printer'
import type { RegisterCounters } from '../register-counters'
import type { SessionRecord } from './sessions'
import type { RequestObserver } from './terminal-queue'

export interface MachineIdentity {
  workstationId: string
  applicationSender?: string
}

/**
 * What the machine writes to the terminal, and the journal of it: numbered requests that carry the
 * cardholder's language and the state of the machine's printer, each journaled before it leaves and
 * with its answer, and tied to the session it belongs to.
 */
export class MachineRequests {
  constructor(
    private readonly identity: MachineIdentity, private readonly clock: Clock, private readonly printer: ReceiptPrinter,
    private readonly journal: Journal, private readonly counters: RegisterCounters,
  ) {}

  card(requestType: CardServiceRequestType, amount: Money, language: string, originalTransaction?: OriginalTransaction): CardServiceRequest {
    return {
      ...this.header(requestType),
      posData: {
        posTimeStamp: isoTimestamp(this.clock.now()), languageCode: language, shiftNumber: this.counters.currentShift(),
        printerStatus: this.printer.state, journalPrinterStatus: 'Unavailable', eJournalStatus: 'Available',
      },
      totalAmount: amount,
      originalTransaction,
    }
  }

  /** Reads a card without a payment: no amount, nothing for the host. */
  identify(requestType: 'CardValidation', language: string): CardServiceRequest {
    return { ...this.header(requestType), posData: { posTimeStamp: isoTimestamp(this.clock.now()), languageCode: language } }
  }

  /** An abort carries no amount and no language: it only names the machine. */
  abort(): CardServiceRequest {
    return { ...this.header('AbortRequest'), posData: { posTimeStamp: isoTimestamp(this.clock.now()) } }
  }

  /** A service request: the machine's printer state goes with it, so a closing report is printed only where it can be. */
  service(requestType: ServiceRequestType, shiftNumber?: number): ServiceRequest {
    return {
      kind: 'ServiceRequest', requestType, requestId: this.counters.nextRequestId(), workstationId: this.identity.workstationId,
      applicationSender: this.identity.applicationSender,
      posData: { posTimeStamp: isoTimestamp(this.clock.now()), printerStatus: this.printer.state, shiftNumber },
    }
  }

  /** RepeatLastMessage or TicketReprint after a lost answer: no amount; the printer's state, as a reprint prints. */
  recovery(requestType: 'RepeatLastMessage' | 'TicketReprint'): CardServiceRequest {
    return { ...this.header(requestType), posData: { posTimeStamp: isoTimestamp(this.clock.now()), printerStatus: this.printer.state } }
  }

  /** Journals the request and ties it to its session; a card check for "stop with card" belongs to none. */
  journaled(session: SessionRecord | undefined, role: 'authorisation' | 'completion'): RequestObserver {
    return {
      sent: (request) => {
        if (session && role === 'authorisation') session.authorisation = { requestId: request.requestId, requestType: request.requestType as 'CardPreAuthorisation' | 'CardPayment' }
        else if (session) session.completionRequestIds.push(request.requestId)
        this.journal.begin({ requestId: request.requestId, requestType: request.requestType, amount: request.totalAmount, startedAtMs: this.clock.now(), shiftNumber: request.posData.shiftNumber })
      },
      answered: (request, response) => {
        const outcome = outcomeOf(response, request.totalAmount!)
        this.journal.finish(request.requestId, {
          result: journalResultOf(outcome.status), finishedAtMs: this.clock.now(), approvalCode: outcome.approvalCode,
          cardCircuit: outcome.cardCircuit, maskedPan: outcome.maskedPan, reason: outcome.reason,
        })
      },
    }
  }

  /** A request whose answer was lost may have moved money: journaled as unknown, never as failed. */
  unknown(requestId: string | undefined, reason: string): void {
    if (requestId) this.journal.finish(requestId, { result: 'unknown', finishedAtMs: this.clock.now(), reason })
  }

  /** A lost answer learnt from RepeatLastMessage after a restart or reconnect: the journal gets its outcome. */
  recovered(requestId: string, repeated: CardServiceResponse, amount: Money | undefined): void {
    const requestType = this.journal.entries().find((e) => e.requestId === requestId)?.requestType
    if (!requestType) return
    const outcome = outcomeOf({ ...repeated, requestId, requestType: requestType as CardServiceRequestType }, amount ?? money(0))
    this.journal.finish(requestId, {
      result: journalResultOf(outcome.status), finishedAtMs: this.clock.now(), approvalCode: outcome.approvalCode,
      cardCircuit: outcome.cardCircuit, maskedPan: outcome.maskedPan, reason: 'recovered: the terminal repeated its answer',
    })
  }

  /** The terminal vouches for another request as its last: the lost one never ran there. */
  neverRan(requestId: string): void {
    if (!this.journal.entries().some((e) => e.requestId === requestId)) return
    this.journal.finish(requestId, { result: 'not paid', finishedAtMs: this.clock.now(), reason: 'the terminal never ran it (its last answer names another request)' })
  }

  private header(requestType: CardServiceRequestType): Omit<CardServiceRequest, 'posData'> {
    return {
      kind: 'CardServiceRequest', requestType, requestId: this.counters.nextRequestId(),
      workstationId: this.identity.workstationId, applicationSender: this.identity.applicationSender,
    }
  }
}
