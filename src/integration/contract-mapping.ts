import type { PaymentOutcome, PaymentStatus } from '../ecr/payment-outcome'
import type { DisplayedMessage } from '../ecr/peripherals/cashier-display'
import type { JournalEntry, JournalResult } from '../ecr/peripherals/journal'
import { formatDecimal, parseDecimal, type Money } from '../opi/money'
import type {
  AmountMessage, DecimalMoney, DisplayMessageMessage, JournalEntryMessage, OutcomeMessage, OutcomeStatus, PrintoutMessage,
} from './driver-contract'
import type { Printout } from './integration-under-test'

/** The contract spells statuses without spaces; the suite's own words are the reference ECR's. */
const STATUS_OF: Record<Exclude<OutcomeStatus, 'succeeded' | 'failed'>, PaymentStatus> = {
  approved: 'approved', declined: 'declined', aborted: 'aborted', 'timed-out': 'timed out',
  'refused-by-terminal': 'refused by terminal', 'refused-by-register': 'refused by register',
  'terminal-unreachable': 'terminal unreachable', unknown: 'unknown', 'not-paid': 'not paid', blocked: 'blocked',
}

export function contractStatusOf(status: PaymentStatus): OutcomeStatus {
  return status.replaceAll(' ', '-') as OutcomeStatus
}

export function moneyFromContract(amount: DecimalMoney, currency: string): Money {
  return parseDecimal(amount, currency)
}

/** What the cashier typed, sent as typed: a register must see 10.001 to refuse it. */
export function amountMessage(amount: Money): AmountMessage {
  const typed = Number.isInteger(amount.minor) ? formatDecimal(amount) : (amount.minor / 100).toFixed(3)
  return { amount: typed, currency: amount.currency }
}

export function outcomeFromContract(message: OutcomeMessage, requested?: Money): PaymentOutcome {
  if (message.status === 'succeeded' || message.status === 'failed') throw new Error(`a payment cannot conclude "${message.status}"; that status belongs to other actions`)
  const amount = message.amount !== undefined ? moneyFromContract(message.amount, message.currency ?? requested?.currency ?? 'EUR') : requested
  if (!amount) throw new Error(`the outcome "${message.status}" names no amount`)
  return {
    status: STATUS_OF[message.status], amount, requestId: message.requestId, reason: message.reason,
    approvalCode: message.approvalCode, cardCircuit: message.cardCircuit, maskedPan: message.maskedPan,
  }
}

export function displayFromContract(message: DisplayMessageMessage): DisplayedMessage {
  return { atMs: message.atMs, lines: [...message.lines], source: message.source }
}

export function printoutFromContract(message: PrintoutMessage): Printout {
  return { atMs: message.atMs, printer: message.printer, lines: [...message.lines], requestId: message.requestId }
}

export function journalEntryFromContract(message: JournalEntryMessage): JournalEntry {
  return {
    requestId: message.requestId, requestType: message.requestType,
    amount: message.amount !== undefined ? moneyFromContract(message.amount, message.currency ?? 'EUR') : undefined,
    result: message.result.replaceAll('-', ' ') as JournalResult, startedAtMs: message.startedAtMs, finishedAtMs: message.finishedAtMs,
    shiftNumber: message.shiftNumber, terminalId: message.terminalId, approvalCode: message.approvalCode, cardCircuit: message.cardCircuit,
    maskedPan: message.maskedPan, reason: message.reason, terminalRecord: [...message.terminalRecord],
  }
}

