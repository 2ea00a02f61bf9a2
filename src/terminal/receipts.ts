import { isoTimestamp } from '../clock/clock'
import { formatDecimal, type Money } from '../opi/money'
import { maskPan, type CardEntry, type CardProfile } from './cards'

export interface ReceiptFacts {
  copy: 'CUSTOMER COPY' | 'MERCHANT COPY'
  terminalId: string
  merchant: string
  atMs: number
  card: CardProfile
  entry: CardEntry
  amount: Money
  stan: string
  approved: boolean
  actionCode: string
  approvalCode?: string
  testHost: boolean
  /** What kind of transaction the ticket is for when it is not a payment. */
  title?: 'REFUND'
}

/** The ticket the terminal prints, line by line, as CCV NL terminals lay it out (in English). */
export function receiptLines(f: ReceiptFacts): string[] {
  return [
    ...(f.testHost ? ['*** TEST TRANSACTION ***'] : []),
    f.merchant,
    ...(f.title ? [f.title] : []),
    `Terminal    ${f.terminalId}`,
    `Date        ${isoTimestamp(f.atMs).replace('T', ' ')}`,
    `Card        ${f.card.name}`,
    `Card number ${maskPan(f.card.pan)}`,
    `Entry       ${f.entry}`,
    `Trace       ${f.stan}`,
    `Amount      ${f.amount.currency} ${formatDecimal(f.amount)}`,
    f.approved ? `APPROVED    ${f.approvalCode ?? ''}`.trimEnd() : `DECLINED    (code ${f.actionCode})`,
    f.copy,
  ]
}

/** A reversal is printed without the card: the original payment's facts, as the host recorded them. */
export interface ReversalFacts {
  copy: 'CUSTOMER COPY' | 'MERCHANT COPY'
  terminalId: string
  merchant: string
  atMs: number
  cardName: string
  maskedPan: string
  amount: Money
  /** The reversal's own trace number, and the one of the payment it takes back. */
  stan: string
  originalStan: string
  testHost: boolean
}

export function reversalReceiptLines(f: ReversalFacts): string[] {
  return [
    ...(f.testHost ? ['*** TEST TRANSACTION ***'] : []),
    f.merchant,
    'REVERSAL',
    `Terminal    ${f.terminalId}`,
    `Date        ${isoTimestamp(f.atMs).replace('T', ' ')}`,
    `Card        ${f.cardName}`,
    `Card number ${f.maskedPan}`,
    `Trace       ${f.stan}`,
    `Reverses    ${f.originalStan}`,
    `Amount      ${f.amount.currency} ${formatDecimal(f.amount)}`,
    'REVERSED',
    f.copy,
  ]
}
