import { describeActionCode } from '../opi/action-codes'
import type { CardServiceResponse } from '../opi/messages'
import type { Money } from '../opi/money'
import type { JournalResult } from './peripherals/journal'

/**
 * What the register concludes about one card payment. `unknown` is its own state: a payment whose
 * answer was lost may have taken money, so it is never reported as failed.
 */
export type PaymentStatus =
  | 'approved' | 'declined' | 'aborted' | 'timed out'
  | 'refused by terminal' | 'refused by register' | 'terminal unreachable' | 'unknown'
  /** Recovery showed the terminal never ran the payment: nothing was taken. */
  | 'not paid'
  /** Not started: an earlier payment's result is still unknown. */
  | 'blocked'

export interface PaymentOutcome {
  status: PaymentStatus
  amount: Money
  requestId?: string
  reason?: string
  approvalCode?: string
  cardCircuit?: string
  maskedPan?: string
  response?: CardServiceResponse
}

export function outcomeOf(response: CardServiceResponse, requested: Money): PaymentOutcome {
  const auth = response.tender?.authorisation
  const base = {
    amount: response.tender?.totalAmount ?? requested, requestId: response.requestId, response,
    approvalCode: auth?.approvalCode, cardCircuit: auth?.cardCircuit, maskedPan: auth?.cardPan,
  }
  switch (response.overallResult) {
    case 'Success':
      return { ...base, status: 'approved' }
    case 'Failure':
    case 'UnknownCard':
    case 'CommunicationError':
      return { ...base, status: 'declined', reason: response.privateData?.errorText ?? (auth?.actionCode ? describeActionCode(auth.actionCode) : undefined) }
    case 'Aborted':
      return { ...base, status: 'aborted', reason: response.privateData?.errorText }
    case 'TimedOut':
      return { ...base, status: 'timed out', reason: response.privateData?.errorText }
    default:
      return { ...base, status: 'refused by terminal', reason: response.overallResult }
  }
}

export function journalResultOf(status: PaymentStatus): JournalResult {
  switch (status) {
    case 'approved': return 'approved'
    case 'declined': return 'declined'
    case 'aborted': return 'aborted'
    case 'timed out': return 'timed out'
    case 'unknown': return 'unknown'
    case 'not paid': return 'not paid'
    default: return 'refused'
  }
}

/** What the register shows the cashier once the payment has ended. */
export function cashierMessage(outcome: PaymentOutcome): string[] {
  const amount = `${(outcome.amount.minor / 100).toFixed(2)} ${outcome.amount.currency}`
  switch (outcome.status) {
    case 'approved': return ['Payment approved', amount]
    case 'declined': return ['Payment declined', outcome.reason ?? 'no reason given']
    case 'aborted': return ['Payment cancelled', outcome.reason ? `${amount}, ${outcome.reason}` : amount]
    case 'timed out': return ['Payment timed out', outcome.reason ? `${amount}, ${outcome.reason}` : amount]
    case 'unknown': return ['Payment result unknown', 'Do not hand over goods; recover the result first']
    case 'terminal unreachable': return ['Terminal not reachable', 'No payment was made']
    case 'refused by terminal': return ['Terminal cannot take the payment now', outcome.reason ?? '']
    case 'refused by register': return ['Amount not accepted', outcome.reason ?? '']
    case 'not paid': return ['Not paid', 'The terminal never ran this payment; nothing was taken']
    case 'blocked': return ['Payment not started', outcome.reason ?? 'the last payment must be checked first']
  }
}
