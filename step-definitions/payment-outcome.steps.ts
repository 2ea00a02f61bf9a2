import { Then } from '@cucumber/cucumber'
import { expect } from 'chai'
import { outputsSentTo } from '../support/observations'
import { paymentsSent, responsesReceived, saysApproved } from '../support/recovery-observations'
import type { CertificationWorld } from '../support/world'

// How a payment that did not simply go through ended, as the cashier, the sale and the journal show it.

const SHOWN: Record<string, string> = { declined: 'Payment declined', cancelled: 'Payment cancelled' }

Then('no printed ticket shows the payment as approved, and every ticket printed is the terminal\'s own, unchanged', function (this: CertificationWorld) {
  const { printer, journalPrinter } = this.rig.ecr
  expect([...printer.printed, ...journalPrinter.printed].filter((r) => saysApproved(r.lines)), 'tickets that say approved').to.deep.equal([])
  expect(printer.printed.map((r) => r.lines), 'customer tickets printed').to.deep.equal(outputsSentTo(this.rig.log, 'Printer').map((o) => o.lines))
  expect(journalPrinter.printed.map((r) => r.lines), 'merchant tickets printed').to.deep.equal(outputsSentTo(this.rig.log, 'JournalPrinter').map((o) => o.lines))
})

Then('the cashier sees the payment as {word}', function (this: CertificationWorld, shown: string) {
  expect(this.rig.ecr.display.current[0], 'what the cashier sees at the end').to.equal(SHOWN[shown])
})

Then('the sale stays unpaid and the journal records the failed attempt', function (this: CertificationWorld) {
  expect(this.sales[0].isOpen, 'sale still open').to.equal(true)
  expect(this.rig.ecr.journal.entries().map((e) => ['declined', 'aborted'].includes(e.result)), 'journal entries recording a failed attempt').to.deep.equal([true])
})

Then('the sale stays open', function (this: CertificationWorld) {
  expect(this.sales[0].isOpen, 'sale still open').to.equal(true)
})

Then(/^the journal holds the payment of (\d+\.\d{2}) EUR once, (approved|declined)$/, function (this: CertificationWorld, euros: string, result: string) {
  const minor = Math.round(Number(euros) * 100)
  const entries = this.rig.ecr.journal.entries().filter((e) => e.amount?.minor === minor)
  expect(entries.map((e) => e.result), `journal entries for ${euros} EUR`).to.deep.equal([result])
})

Then('the first attempt was shown as not completed for lack of the payment host, not as declined', function (this: CertificationWorld) {
  const first = this.earlierPayments[0]
  expect({ status: first.status, reason: first.reason }, 'how the register concluded the first attempt').to.deep.equal({ status: 'timed out', reason: 'host not reachable' })
  const shown = this.shownBeforeTurningPoint().map((lines) => lines.join(' | '))
  expect(shown, 'what the register showed for the first attempt').to.deep.equal(['Payment timed out | host not reachable'])
})

Then('the first attempt printed no approval receipt, was journaled as failed and was not retried', function (this: CertificationWorld) {
  const firstId = paymentsSent(this.rig.log)[0].request.requestId
  expect(this.rig.ecr.printer.printed.filter((r) => r.requestId === firstId && saysApproved(r.lines)), 'approval receipts for the first attempt').to.deep.equal([])
  expect(this.rig.ecr.journal.entries().find((e) => e.requestId === firstId)?.result, 'journal result of the first attempt').to.equal('timed out')
  expect(this.paymentsBeforeTurningPoint(), 'payments sent before the cashier tried again').to.equal(1)
})

Then('the cashier is told within {int} seconds that the terminal cannot take the payment now', function (this: CertificationWorld, seconds: number) {
  const answered = responsesReceived(this.rig.log)[0]
  const told = this.rig.ecr.display.history.find((m) => m.source === 'register' && m.lines[0] === 'Terminal cannot take the payment now')
  expect(told, 'the register telling the cashier').to.not.equal(undefined)
  expect(told!.atMs - answered.atMs, 'milliseconds from the terminal\'s refusal to the cashier\'s screen').to.be.at.most(seconds * 1000)
  expect(this.payment().status, 'outcome the register reported').to.equal('refused by terminal')
})

Then('the register did not retry by itself and has no payment in flight', function (this: CertificationWorld) {
  expect(paymentsSent(this.rig.log), 'payments sent').to.have.lengthOf(1)
  expect(this.rig.ecr.journal.inFlight(), 'payments in flight').to.deep.equal([])
})

Then('the sale stays open with nothing printed', function (this: CertificationWorld) {
  expect(this.sales[0].isOpen, 'sale still open').to.equal(true)
  expect([...this.rig.ecr.printer.printed, ...this.rig.ecr.journalPrinter.printed], 'tickets printed').to.deep.equal([])
})

