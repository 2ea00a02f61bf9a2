import { Given, Then, When } from '@cucumber/cucumber'
import { expect } from 'chai'
import type { DeviceResponse } from '../src/opi/messages'
import type { PrinterState } from '../src/integration/driver-contract'
import type { Money } from '../src/opi/money'
import { declinedReprint, journalPrinting, owedTicket, printerTruth, reprint, sideEffectsOfTheReprint } from '../support/checkout-facts'
import { deviceRequests } from '../support/observations'
import { paymentsSent } from '../support/recovery-observations'
import type { CertificationWorld } from '../support/world'

const PRINTER_STATES: Record<string, PrinterState> = { 'out of paper': 'PaperEmpty', 'switched off': 'Unavailable', 'low on paper': 'PaperLow' }

Given(/^the receipt printer is (out of paper|switched off|low on paper)$/, async function (this: CertificationWorld, state: string) {
  await this.setReceiptPrinter(PRINTER_STATES[state])
})

Given('the receipt printer works again', async function (this: CertificationWorld) {
  await this.setReceiptPrinter('Available')
})

Given('the journal printer will jam on its next ticket', async function (this: CertificationWorld) {
  await this.jamJournalPrinterOnNextTicket()
})

When('the cashier reprints the last ticket', async function (this: CertificationWorld) {
  await this.reprintLastTicket()
})

Then('the reprint is the customer receipt of {amount} again, marked as a copy', function (this: CertificationWorld, amount: Money) {
  expect(reprint(this, amount), 'tickets printed after the cashier asked for a reprint').to.deep.equal({ reprints: [{ markedCopy: true, showsAmount: true, sameAsOriginal: true }] })
})

Then('the reprint still says declined and the sale stays unpaid', function (this: CertificationWorld) {
  expect(declinedReprint(this), 'the reprint, the sale and the display').to.deep.equal({ saysDeclined: true, saysApproved: false, saleOpen: true, approvalShownAfterwards: false })
})

Then('no new payment is started and no money moves', async function (this: CertificationWorld) {
  expect(sideEffectsOfTheReprint(this), 'requests and journal entries after the reprint').to.deep.equal({ asked: ['TicketReprint'], journalEntries: this.earlierPayments.length })
  await this.expectHostApprovals(this.earlierPayments.filter((p) => p.status === 'approved').map((p) => ({ amount: p.amount })))
})

Then(/^the register told the terminal its printer was (out of paper|switched off) and told the cashier the receipt will follow$/, function (this: CertificationWorld, state: string) {
  expect(printerTruth(this), 'what the register said about its printer, and printed').to.deep.equal({ announced: PRINTER_STATES[state], receiptsPrintedMeanwhile: 0, cashierToldReceiptFollows: 1 })
})

Then('the register told the terminal its printer was low on paper and printed the receipt at once', function (this: CertificationWorld) {
  expect(printerTruth(this), 'what the register said about its printer, and printed').to.deep.equal({ announced: 'PaperLow', receiptsPrintedMeanwhile: 1, cashierToldReceiptFollows: 0 })
})

Then('the owed ticket of {amount} is printed as a copy before the next payment starts', function (this: CertificationWorld, amount: Money) {
  expect(owedTicket(this, amount), 'copies of the owed ticket and the next payment').to.deep.equal({ copies: [{ showsAmount: true, sameAsMerchantCopy: true, beforeNextPayment: true }], nextPayment: 'approved' })
})

Then('every merchant copy the terminal sent is printed on the journal printer, complete and in order', function (this: CertificationWorld) {
  const { printedAsSent, answers } = journalPrinting(this)
  expect({ printedAsSent, answers }, 'merchant copies printed and what the register answered').to.deep.equal({ printedAsSent: true, answers: ['Success', 'Success'] })
})

Then('the merchant copies are printed apart from the customer receipts and marked as merchant copies', function (this: CertificationWorld) {
  const { journalPrinterMarkedMerchantCopy, customerPrinterMerchantCopies } = journalPrinting(this)
  expect({ journalPrinterMarkedMerchantCopy, customerPrinterMerchantCopies }, 'where the merchant copies went').to.deep.equal({ journalPrinterMarkedMerchantCopy: [true, true], customerPrinterMerchantCopies: 0 })
})

Then('the merchant copy of the declined payment is printed too', function (this: CertificationWorld) {
  expect(journalPrinting(this).saysDeclined, 'merchant copies that say declined').to.deep.equal([false, true])
})

Then('the register told the terminal the merchant copy failed to print', function (this: CertificationWorld) {
  expect(journalPrinting(this).answers, 'what the register answered for the merchant copy').to.deep.equal(['Failure'])
})

Then('nothing was printed on the journal printer', function (this: CertificationWorld) {
  expect(this.seen.merchantCopies, 'tickets on the journal printer').to.deep.equal([])
})

Given('the receipt printer will jam half way through its next ticket', async function (this: CertificationWorld) {
  await this.integration.setPrinter('receipt', { jamOnNextTicket: true })
})

Then('the register told the terminal that the customer ticket of the first payment did not print', function (this: CertificationWorld) {
  const { log } = this.rig
  const first = paymentsSent(log)[0].request.requestId
  const tickets = deviceRequests(log).filter((r) => r.requestId.startsWith(`${first}.`) && r.outputs.some((o) => o.target === 'Printer' && o.textLines.length > 0)).map((r) => r.requestId)
  const answer = (id: string) => log.messages().find((m): m is DeviceResponse => m.kind === 'DeviceResponse' && m.requestId === id)
  expect({ tickets: tickets.length, answers: tickets.map((id) => answer(id)?.outputs.find((o) => o.target === 'Printer')?.outResult ?? 'no answer') }, 'the customer ticket of the first payment and the register\'s answer, as the terminal saw them')
    .to.deep.equal({ tickets: 1, answers: ['Failure'] })
})
