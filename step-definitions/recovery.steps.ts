import { Then, When } from '@cucumber/cucumber'
import { expect } from 'chai'
import type { Money } from '../src/opi/money'
import { outputsSentTo } from '../support/observations'
import { isCopy, paymentsSent, requestsSent, saysApproved } from '../support/recovery-observations'
import type { CertificationWorld } from '../support/world'

When('the cashier checks the last transaction once the link is back', async function (this: CertificationWorld) {
  await this.untilLinkIsBack()
  await this.checkLastTransaction()
})

When('the cashier checks the last transaction', async function (this: CertificationWorld) {
  await this.checkLastTransaction()
})

When('the register loses power while the payment of {amount} is being authorised and is switched on a minute later', async function (this: CertificationWorld, amount: Money) {
  await this.payAndLosePower(amount, 60_000)
})

When('the register is restarted', async function (this: CertificationWorld) {
  await this.restartRegister()
})

When('the cashier takes a card payment of {amount} and at once starts the next sale of {amount}', async function (this: CertificationWorld, first: Money, next: Money) {
  await this.payThenStartNext(first, next)
})

Then('while the link was down the cashier saw the result as unknown, not as failed', function (this: CertificationWorld) {
  const shown = this.shownBeforeTurningPoint().map((lines) => lines[0])
  expect(shown, 'what the register showed before the cashier checked').to.include('Payment result unknown')
  expect(shown.filter((l) => /declined|failed|cancelled/i.test(l)), 'failure messages shown for a payment whose result was unknown').to.deep.equal([])
})

Then('the register asked the terminal to repeat its last answer and to reprint the ticket, and never sent the payment again', function (this: CertificationWorld) {
  const after = this.requestsSinceTurningPoint()
  expect(after, 'what the register asked after the cashier chose "check last transaction"').to.deep.equal(['RepeatLastMessage', 'TicketReprint'])
  expect(paymentsSent(this.rig.log), 'card payments sent').to.have.lengthOf(1)
})

Then('the register asked the terminal to repeat its last answer and never sent the payment again', function (this: CertificationWorld) {
  const after = this.requestsSinceTurningPoint()
  expect(after[0], 'the first thing the register asked after the cashier chose "check last transaction"').to.equal('RepeatLastMessage')
  expect(after, 'requests after the check').to.not.include('CardPayment')
  expect(paymentsSent(this.rig.log), 'card payments sent').to.have.lengthOf(1)
})

Then('the receipt is printed as a copy and the journal holds the payment of {amount} once, approved', function (this: CertificationWorld, amount: Money) {
  const { requestId } = paymentsSent(this.rig.log)[0].request
  const copies = this.rig.ecr.printer.printed.filter((r) => r.requestId === requestId && isCopy(r.lines))
  expect(copies.map((r) => saysApproved(r.lines)), `customer receipts printed as copies for payment ${requestId}`).to.deep.equal([true])
  const entries = this.rig.ecr.journal.entries().filter((e) => e.requestType === 'CardPayment')
  expect(entries.map((e) => ({ requestId: e.requestId, amount: e.amount, result: e.result })), 'payments in the journal').to.deep.equal([{ requestId, amount, result: 'approved' }])
  expect(entries[0].terminalRecord, 'the terminal record, as the terminal sent it').to.deep.equal(outputsSentTo(this.rig.log, 'E-Journal').flatMap((o) => o.lines)).and.have.length.above(0)
})

Then('the register stops waiting exactly when its response timeout expires', function (this: CertificationWorld) {
  const sent = paymentsSent(this.rig.log)[0]
  const gaveUp = this.rig.ecr.display.history.find((m) => m.source === 'register' && m.lines[0] === 'Payment result unknown')
  expect(gaveUp, 'the register showing that it stopped waiting').to.not.equal(undefined)
  expect(gaveUp!.atMs - sent.atMs, 'milliseconds between sending the payment and giving up').to.equal(this.rig.responseTimeoutMs)
})

Then('the cashier sees the result as unknown, never as failed or declined', function (this: CertificationWorld) {
  expect(this.payment().status, 'outcome the register reported').to.equal('unknown')
  expect(this.rig.ecr.display.current[0], 'what the cashier sees').to.equal('Payment result unknown')
  const failures = this.rig.ecr.display.history.filter((m) => m.source === 'register' && /declined|failed/i.test(m.lines[0]))
  expect(failures, 'failure messages the register showed').to.deep.equal([])
})

Then('the journal keeps the payment of {amount} as in flight', function (this: CertificationWorld, amount: Money) {
  expect(this.rig.ecr.journal.inFlight().map((e) => ({ amount: e.amount, result: e.result })), 'payments in flight in the journal').to.deep.equal([{ amount, result: 'unknown' }])
})

Then('the register refuses to start it until the last result is known', function (this: CertificationWorld) {
  expect(this.payment().status, 'outcome the register reported for the new payment').to.equal('blocked')
  expect(this.rig.ecr.display.current[0], 'what the cashier sees').to.equal('Payment not started')
})

Then('the payment of {amount} was the only one sent', function (this: CertificationWorld, amount: Money) {
  expect(paymentsSent(this.rig.log).map((r) => r.request.totalAmount), 'card payments sent').to.deep.equal([amount])
})

Then('the cashier sees the payment as not paid', function (this: CertificationWorld) {
  expect(this.payment().status, 'outcome the register recovered').to.equal('not paid')
  expect(this.rig.ecr.display.current[0], 'what the cashier sees').to.equal('Not paid')
})

Then('the payment was on record as in flight before it was sent', function (this: CertificationWorld) {
  const sent = paymentsSent(this.rig.log)[0]
  const record = this.inFlightAtPowerLoss?.map((e) => ({ requestId: e.requestId, amount: e.amount, recordedBeforeSending: e.startedAtMs <= sent.atMs }))
  expect(record, 'payments in flight in the database when the power went').to.deep.equal([{ requestId: sent.request.requestId, amount: sent.request.totalAmount, recordedBeforeSending: true }])
})

Then('on start-up the register recovered it from the terminal before doing anything else', function (this: CertificationWorld) {
  const after = this.requestsSinceTurningPoint()
  expect(after[0], 'the first request of the restarted register').to.equal('RepeatLastMessage')
  expect(after, 'requests of the restarted register').to.not.include('CardPayment')
  expect(this.payment().status, 'outcome the restarted register recovered').to.equal('approved')
})

Then('the register asked the terminal to repeat its last answer before it started the next payment', function (this: CertificationWorld) {
  const types = requestsSent(this.rig.log).map((r) => r.request.requestType)
  expect(types.slice(0, 2), 'the first requests: the payment, then recovery').to.deep.equal(['CardPayment', 'RepeatLastMessage'])
  expect(types.lastIndexOf('RepeatLastMessage'), 'last recovery request before the second payment').to.be.below(types.lastIndexOf('CardPayment'))
})

Then('the first sale is closed as paid, with its receipt printed and journaled once', function (this: CertificationWorld) {
  const { requestId } = paymentsSent(this.rig.log)[0].request
  expect(this.sales[0].isOpen, 'first sale still open').to.equal(false)
  expect(this.rig.ecr.printer.printed.filter((r) => r.requestId === requestId).map((r) => saysApproved(r.lines)), `customer receipts for payment ${requestId}`).to.deep.equal([true])
  expect(this.rig.ecr.journal.entries().filter((e) => e.requestId === requestId).map((e) => e.result), `journal entries for payment ${requestId}`).to.deep.equal(['approved'])
})

Then('the next payment was held until the first was settled, never sent alongside it', function (this: CertificationWorld) {
  const [first, next] = paymentsSent(this.rig.log)
  const settled = this.rig.ecr.journal.entries().find((e) => e.requestId === first.request.requestId)
  expect(this.earlierPayments[0].status, 'what the register first knew of the first payment').to.equal('unknown')
  expect(next.atMs, 'when the next payment was sent, against when the first was settled').to.be.at.least(settled!.finishedAtMs!)
  expect(this.payment().status, 'outcome of the next payment').to.equal('approved')
})
