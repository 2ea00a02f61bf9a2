import { Given, Then, When } from '@cucumber/cucumber'
import { expect } from 'chai'
import type { DeviceState } from '../src/opi/messages'
import type { Money } from '../src/opi/money'
import { formatDecimal } from '../src/opi/money'
import { outputsSentTo } from '../support/observations'
import { deviceAnswersFor, isCopy, paymentsSent, saysApproved, saysDeclined, ticketContent } from '../support/recovery-observations'
import type { CertificationWorld } from '../support/world'

const amountLine = (amount: Money) => new RegExp(`^Amount\\s+${amount.currency} ${formatDecimal(amount).replace('.', '\\.')}$`)

const PRINTER_STATES: Record<string, DeviceState> = { 'out of paper': 'PaperEmpty', 'switched off': 'Unavailable', 'low on paper': 'PaperLow' }

Given(/^the receipt printer is (out of paper|switched off|low on paper)$/, function (this: CertificationWorld, state: string) {
  this.setReceiptPrinter(PRINTER_STATES[state])
})

Given('the receipt printer works again', function (this: CertificationWorld) {
  this.setReceiptPrinter('Available')
})

Given('the journal printer will jam on its next ticket', function (this: CertificationWorld) {
  this.rig.ecr.journalPrinter.jamOnNextTicket()
})

When('the cashier reprints the last ticket', async function (this: CertificationWorld) {
  await this.reprintLastTicket()
})

Then('the reprint is the customer receipt of {amount} again, marked as a copy', function (this: CertificationWorld, amount: Money) {
  const reprints = this.printedSinceTurningPoint()
  expect(reprints.map((r) => isCopy(r.lines)), 'tickets printed after the cashier asked for a reprint, marked as copy').to.deep.equal([true])
  const original = this.printedBeforeTurningPoint().filter((r) => r.requestId === reprints[0].requestId)
  expect(reprints[0].lines.some((l) => amountLine(amount).test(l)), `the reprint shows ${formatDecimal(amount)}: ${reprints[0].lines.join(' | ')}`).to.equal(true)
  expect(ticketContent(reprints[0].lines), 'the reprint against the original receipt').to.deep.equal(ticketContent(original[0]?.lines ?? []))
})

Then('the reprint still says declined and the sale stays unpaid', function (this: CertificationWorld) {
  const reprint = this.printedSinceTurningPoint()[0]
  expect({ declined: saysDeclined(reprint.lines), approved: saysApproved(reprint.lines) }, 'what the reprint says').to.deep.equal({ declined: true, approved: false })
  expect(this.sales[0].isOpen, 'sale still open').to.equal(true)
  expect(this.shownSinceTurningPoint().filter((lines) => lines[0] === 'Payment approved'), 'approval shown after the reprint').to.deep.equal([])
})

Then('no new payment is started and no money moves', function (this: CertificationWorld) {
  expect(this.requestsSinceTurningPoint(), 'what the register asked for the reprint').to.deep.equal(['TicketReprint'])
  expect(this.rig.ecr.journal.entries().length, 'journal entries after the reprint').to.equal(this.earlierPayments.length)
  expect(this.rig.terminal.host.ledger.length, 'authorisations on the test host').to.equal(this.earlierPayments.length)
})

Then(/^the register told the terminal its printer was (out of paper|switched off) and told the cashier the receipt will follow$/, function (this: CertificationWorld, state: string) {
  const first = paymentsSent(this.rig.log)[0].request
  expect(first.posData.printerStatus, 'printer state the register announced with the first payment').to.equal(PRINTER_STATES[state])
  expect(this.rig.ecr.printer.printed.filter((r) => r.requestId === first.requestId && !isCopy(r.lines)), 'receipts printed while out of paper').to.deep.equal([])
  const told = this.rig.ecr.display.history.filter((m) => m.source === 'register' && /receipt not printed/i.test(m.lines[0]))
  expect(told.map((m) => m.lines), 'what the cashier was told about the receipt').to.have.lengthOf(1)
})

Then('the owed ticket of {amount} is printed as a copy before the next payment starts', function (this: CertificationWorld, amount: Money) {
  const owedId = paymentsSent(this.rig.log)[0].request.requestId
  const copies = this.rig.ecr.printer.printed.filter((r) => r.requestId === owedId && isCopy(r.lines))
  expect(copies.length, `copies printed for payment ${owedId}`).to.equal(1)
  expect(copies[0].lines.some((l) => amountLine(amount).test(l)), `the owed ticket shows ${formatDecimal(amount)}`).to.equal(true)
  const merchantCopy = outputsSentTo(this.rig.log, 'JournalPrinter')[0].lines
  expect(ticketContent(copies[0].lines), 'the owed ticket against the merchant copy of the same payment').to.deep.equal(ticketContent(merchantCopy))
  const accepted = paymentsSent(this.rig.log).at(-1)!
  expect(copies[0].atMs, 'when the owed ticket printed, against when the payment that went ahead was sent').to.be.at.most(accepted.atMs)
  expect(this.payment().status, 'outcome of the next payment').to.equal('approved')
})

Then('every merchant copy the terminal sent is printed on the journal printer, complete and in order', function (this: CertificationWorld) {
  const sent = outputsSentTo(this.rig.log, 'JournalPrinter').map((o) => o.lines)
  expect(this.rig.ecr.journalPrinter.printed.map((r) => r.lines), 'merchant copies printed').to.deep.equal(sent).and.have.lengthOf(2)
  expect(deviceAnswersFor(this.rig.log, 'JournalPrinter'), 'what the register answered for each merchant copy').to.deep.equal(['Success', 'Success'])
})

Then('the merchant copies are printed apart from the customer receipts and marked as merchant copies', function (this: CertificationWorld) {
  const { printer, journalPrinter } = this.rig.ecr
  expect(journalPrinter.printed.map((r) => r.lines.includes('MERCHANT COPY')), 'journal printer tickets marked merchant copy').to.deep.equal([true, true])
  expect(printer.printed.map((r) => r.lines.includes('MERCHANT COPY')), 'merchant copies on the customer printer').to.deep.equal([false, false])
})

Then('the merchant copy of the declined payment is printed too', function (this: CertificationWorld) {
  expect(this.rig.ecr.journalPrinter.printed.map((r) => saysDeclined(r.lines)), 'merchant copies that say declined').to.deep.equal([false, true])
})

Then('the register told the terminal the merchant copy failed to print', function (this: CertificationWorld) {
  expect(deviceAnswersFor(this.rig.log, 'JournalPrinter'), 'what the register answered for the merchant copy').to.deep.equal(['Failure'])
})

Then('nothing was printed on the journal printer', function (this: CertificationWorld) {
  expect(this.rig.ecr.journalPrinter.printed, 'tickets on the journal printer').to.deep.equal([])
})
