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
}

/** The ticket the terminal prints, line by line, as CCV NL terminals lay it out (in English). */
export function receiptLines(f: ReceiptFacts): string[] {
  return [
    ...(f.testHost ? ['*** TEST TRANSACTION ***'] : []),
    f.merchant,
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
