import type { Money } from '../src/opi/money'
import { formatDecimal } from '../src/opi/money'
import { cardServiceResponses, outputsSentTo } from './observations'
import { deviceAnswersFor, isCopy, paymentsSent, saysApproved, saysDeclined, ticketContent } from './recovery-observations'
import type { CertificationWorld } from './world'

/**
 * Composite observations for the recovery, printer, journal and cashier-question cases: each gathers
 * what a case's expected result is about from independent sources (wire log, display, printers,
 * database, host ledger) into one plain object, so a Then step compares it with what CCV expects in a
 * single assertion whose diff shows what the register did.
 */

const firstPaymentId = (w: CertificationWorld) => paymentsSent(w.rig.log)[0]?.request.requestId
const registerMessages = (w: CertificationWorld) => w.seen.display.filter((m) => m.source === 'register')
const hasAmount = (lines: readonly string[], amount: Money) => lines.some((l) => new RegExp(`^Amount\\s+${amount.currency} ${formatDecimal(amount).replace('.', '\\.')}$`).test(l))

// ---- recovery

export function recoveryRequests(w: CertificationWorld) {
  return { askedSinceTheTurningPoint: w.requestsSinceTurningPoint(), paymentsSent: paymentsSent(w.rig.log).length }
}

export function recoveredPayment(w: CertificationWorld) {
  const requestId = firstPaymentId(w)
  const entries = w.seen.journal.filter((e) => e.requestType === 'CardPayment')
  return {
    receiptCopies: w.seen.receipts.filter((r) => r.requestId === requestId && isCopy(r.lines)).map((r) => (saysApproved(r.lines) ? 'approved' : 'not approved')),
    journal: entries.map((e) => ({ requestId: e.requestId, amount: e.amount, result: e.result })),
    terminalRecordAsSent: entries.length === 1 && entries[0].terminalRecord.length > 0
      && JSON.stringify(entries[0].terminalRecord) === JSON.stringify(outputsSentTo(w.rig.log, 'E-Journal').flatMap((o) => o.lines)),
  }
}

export function giveUp(w: CertificationWorld) {
  const sent = paymentsSent(w.rig.log)[0]
  const gaveUp = registerMessages(w).find((m) => m.lines[0] === 'Payment result unknown')
  if (!gaveUp) return { msFromSendingToGivingUp: 'never gave up' }
  // On a wall clock the witness stamps the request and the register its display a moment apart: a
  // difference within the rig's timing precision is "exactly"; anything further is shown as measured.
  const ms = gaveUp.atMs - sent.atMs
  return { msFromSendingToGivingUp: Math.abs(ms - w.rig.responseTimeoutMs) <= w.rig.timingPrecisionMs ? w.rig.responseTimeoutMs : ms }
}

/**
 * When, after the payment was sent, the terminal next saw a channel-0 link closed: the register hanging
 * up. Strictly after: the link of a Login answered just before closes in the instant the payment is sent.
 */
export function hangUp(w: CertificationWorld) {
  const sent = paymentsSent(w.rig.log)[0]
  const closed = w.rig.log.entries.find((e) => e.channel === 0 && e.atMs > sent.atMs && e.summary === 'link closed')
  if (!closed) return { msFromSendingToHangingUp: 'the link stayed open' }
  const ms = closed.atMs - sent.atMs
  return { msFromSendingToHangingUp: Math.abs(ms - w.rig.responseTimeoutMs) <= w.rig.timingPrecisionMs ? w.rig.responseTimeoutMs : ms }
}

export function failureMessages(w: CertificationWorld, before?: string[][]) {
  return (before ?? registerMessages(w).map((m) => m.lines)).filter((lines) => /declined|failed|cancelled/i.test(lines[0]))
}

export function firstSaleSettlement(w: CertificationWorld) {
  const requestId = firstPaymentId(w)
  return {
    saleOpen: w.firstSaleOpen(),
    receipts: w.seen.receipts.filter((r) => r.requestId === requestId).map((r) => (saysApproved(r.lines) ? 'approved' : 'not approved')),
    journal: w.seen.journal.filter((e) => e.requestId === requestId).map((e) => e.result),
  }
}

export function holdOfTheNextPayment(w: CertificationWorld) {
  const [first, next] = paymentsSent(w.rig.log)
  const settledAt = w.seen.journal.find((e) => e.requestId === first.request.requestId)?.finishedAtMs ?? Infinity
  return { firstKnownAs: w.earlierPayments[0].status, nextSentAfterFirstSettled: next !== undefined && next.atMs >= settledAt, next: w.payment().status }
}

// ---- printing and reprints

export function reprint(w: CertificationWorld, amount: Money) {
  const reprints = w.printedSinceTurningPoint()
  const original = w.printedBeforeTurningPoint().find((r) => r.requestId === reprints[0]?.requestId)
  return {
    reprints: reprints.map((r) => ({ markedCopy: isCopy(r.lines), showsAmount: hasAmount(r.lines, amount), sameAsOriginal: JSON.stringify(ticketContent(r.lines)) === JSON.stringify(ticketContent(original?.lines ?? [])) })),
  }
}

export function declinedReprint(w: CertificationWorld) {
  const lines = w.printedSinceTurningPoint()[0]?.lines ?? []
  return { saysDeclined: saysDeclined(lines), saysApproved: saysApproved(lines), saleOpen: w.firstSaleOpen(), approvalShownAfterwards: w.shownSinceTurningPoint().some((l) => l[0] === 'Payment approved') }
}

export function sideEffectsOfTheReprint(w: CertificationWorld) {
  return { asked: w.requestsSinceTurningPoint(), journalEntries: w.seen.journal.length }
}

export function printerTruth(w: CertificationWorld) {
  const first = paymentsSent(w.rig.log)[0].request
  return {
    announced: first.posData.printerStatus,
    receiptsPrintedMeanwhile: w.seen.receipts.filter((r) => r.requestId === first.requestId && !isCopy(r.lines)).length,
    cashierToldReceiptFollows: registerMessages(w).filter((m) => /receipt not printed/i.test(m.lines[0])).length,
  }
}

export function owedTicket(w: CertificationWorld, amount: Money) {
  const owedId = firstPaymentId(w)
  const copies = w.seen.receipts.filter((r) => r.requestId === owedId && isCopy(r.lines))
  const merchantCopy = outputsSentTo(w.rig.log, 'JournalPrinter')[0]?.lines ?? []
  const accepted = paymentsSent(w.rig.log).at(-1)!
  return {
    copies: copies.map((c) => ({ showsAmount: hasAmount(c.lines, amount), sameAsMerchantCopy: JSON.stringify(ticketContent(c.lines)) === JSON.stringify(ticketContent(merchantCopy)), beforeNextPayment: c.atMs <= accepted.atMs })),
    nextPayment: w.payment().status,
  }
}

export function journalPrinting(w: CertificationWorld) {
  const { receipts, merchantCopies } = w.seen
  return {
    printedAsSent: JSON.stringify(merchantCopies.map((r) => r.lines)) === JSON.stringify(outputsSentTo(w.rig.log, 'JournalPrinter').map((o) => o.lines)),
    answers: deviceAnswersFor(w.rig.log, 'JournalPrinter'),
    journalPrinterMarkedMerchantCopy: merchantCopies.map((r) => r.lines.includes('MERCHANT COPY')),
    customerPrinterMerchantCopies: receipts.filter((r) => r.lines.includes('MERCHANT COPY')).length,
    saysDeclined: merchantCopies.map((r) => saysDeclined(r.lines)),
  }
}

// ---- cashier questions

export function identificationQuestion(w: CertificationWorld) {
  const asked = w.rig.cashier.asked
  const history = w.seen.display
  const shown = history.findIndex((m) => m.lines[0] === 'Check identification')
  const replacedAt = history[shown + 1]?.atMs ?? Infinity
  return {
    questions: asked.map((q) => q.question[0]),
    onTheRegisterDisplay: shown >= 0,
    // How long it stays up is the cashier's doing; the register's part is not to replace it before the answer.
    stayedUntilAnswered: asked[0]?.answeredAtMs !== undefined && replacedAt >= asked[0].answeredAtMs,
  }
}

export function signatureSlip(w: CertificationWorld) {
  const slip = w.seen.receipts.find((r) => r.lines.includes('MERCHANT COPY') && r.lines.some((l) => /signature/i.test(l)))
  const question = w.rig.cashier.asked.find((q) => q.question[0] === 'Check signature')
  return { slipPrinted: slip !== undefined, questionAsked: question !== undefined, slipBeforeQuestion: slip !== undefined && question !== undefined && slip.atMs <= question.askedAtMs }
}

export function questionOrder(w: CertificationWorld) {
  const asked = w.rig.cashier.asked
  return { questions: asked.map((q) => q.question[0]), eachAfterThePreviousAnswer: asked.every((q, i) => i === 0 || q.askedAtMs >= (asked[i - 1].answeredAtMs ?? Infinity)) }
}

export function answersOnTheWire(w: CertificationWorld) {
  return w.rig.log.messages().flatMap((m) => (m.kind === 'DeviceResponse' && m.input ? [m.input.value?.boolean] : []))
}

export function paymentEnd(w: CertificationWorld) {
  return {
    status: w.payment().status,
    shown: w.seen.current[0],
    customerReceipts: w.seen.receipts.filter((r) => r.lines.includes('CUSTOMER COPY')).length,
    journal: w.seen.journal.map((e) => e.result),
    terminalToldCashier: w.seen.fromTerminal().map((m) => m.lines.join(' ')),
  }
}

// ---- failed and refused payments

export function failedPaymentPrints(w: CertificationWorld) {
  const { receipts, merchantCopies } = w.seen
  return {
    approvedTickets: [...receipts, ...merchantCopies].filter((r) => saysApproved(r.lines)).length,
    customerTicketsAsSent: JSON.stringify(receipts.map((r) => r.lines)) === JSON.stringify(outputsSentTo(w.rig.log, 'Printer').map((o) => o.lines)),
    merchantTicketsAsSent: JSON.stringify(merchantCopies.map((r) => r.lines)) === JSON.stringify(outputsSentTo(w.rig.log, 'JournalPrinter').map((o) => o.lines)),
  }
}

export function firstAttemptWithoutHost(w: CertificationWorld) {
  const firstId = firstPaymentId(w)
  const first = w.earlierPayments[0]
  return {
    status: first.status, reason: first.reason,
    shown: w.shownBeforeTurningPoint().map((lines) => lines.join(' | ')),
    approvalReceipts: w.seen.receipts.filter((r) => r.requestId === firstId && saysApproved(r.lines)).length,
    journal: w.seen.journal.find((e) => e.requestId === firstId)?.result,
    paymentsBeforeTryingAgain: w.paymentsBeforeTurningPoint(),
  }
}

const UNAVAILABLE_MESSAGES = ['Terminal cannot take the payment now', 'Terminal not reachable']

/** A refusal or a refused connection, and how soon the cashier learnt of it. */
export function refusalShown(w: CertificationWorld) {
  // A refused connection leaves no answer on the wire: the attempt began when the payment was journaled.
  const refusedAt = cardServiceResponses(w.rig.log)[0]?.atMs ?? w.seen.journal[0]?.startedAtMs
  const told = registerMessages(w).find((m) => UNAVAILABLE_MESSAGES.includes(m.lines[0]))
  return {
    reportedAsUnavailable: ['refused by terminal', 'terminal unreachable'].includes(w.payment().status),
    msFromRefusalToScreen: told && refusedAt !== undefined ? told.atMs - refusedAt : 'never told',
  }
}
