import { Then, When } from '@cucumber/cucumber'
import { expect } from 'chai'
import type { Money } from '../src/opi/money'
import {
  failureMessages, firstSaleSettlement, giveUp, hangUp, holdOfTheNextPayment, recoveredPayment, recoveryRequests,
} from '../support/checkout-facts'
import { cardServiceRequests } from '../support/observations'
import { paymentsSent } from '../support/recovery-observations'
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
  expect(this.shownBeforeTurningPoint().map((lines) => lines[0]), 'what the register showed before the cashier checked').to.include('Payment result unknown')
  expect(failureMessages(this, this.shownBeforeTurningPoint()), 'failure messages shown for a payment whose result was unknown').to.deep.equal([])
})

Then('the register asked the terminal to repeat its last answer and to reprint the ticket, and never sent the payment again', function (this: CertificationWorld) {
  expect(recoveryRequests(this), 'what the register asked once the cashier chose "check last transaction"').to.deep.equal({ askedSinceTheTurningPoint: ['RepeatLastMessage', 'TicketReprint'], paymentsSent: 1 })
})

Then('the register asked the terminal to repeat its last answer and never sent the payment again', function (this: CertificationWorld) {
  expect(recoveryRequests(this), 'what the register asked once the cashier chose "check last transaction"').to.deep.equal({ askedSinceTheTurningPoint: ['RepeatLastMessage', 'TicketReprint'], paymentsSent: 1 })
})

Then('the receipt is printed as a copy and the journal holds the payment of {amount} once, approved', function (this: CertificationWorld, amount: Money) {
  const requestId = paymentsSent(this.rig.log)[0].request.requestId
  expect(recoveredPayment(this), 'receipt copies, journal and terminal record of the recovered payment').to.deep.equal({ receiptCopies: ['approved'], journal: [{ requestId, amount, result: 'approved' }], terminalRecordAsSent: true })
})

Then('the register stops waiting exactly when its response timeout expires', function (this: CertificationWorld) {
  expect(giveUp(this), 'when the register gave up on the silent terminal').to.deep.equal({ msFromSendingToGivingUp: this.rig.responseTimeoutMs })
})

Then('the register, having hung up on the payment\'s connection as it gave up, asked the terminal to repeat its last answer and never sent the payment again', function (this: CertificationWorld) {
  // The terminal's side of the link: the payment's connection closed when the register gave up, not later.
  expect({ ...hangUp(this), ...recoveryRequests(this) }, 'when the terminal saw the payment\'s connection closed, and what the register asked after the restart').to.deep.equal({
    msFromSendingToHangingUp: this.rig.responseTimeoutMs, askedSinceTheTurningPoint: ['RepeatLastMessage', 'TicketReprint'], paymentsSent: 1,
  })
})

Then('the cashier sees the result as unknown, never as failed or declined', function (this: CertificationWorld) {
  expect({ status: this.payment().status, shown: this.seen.current[0] }, 'outcome reported and shown').to.deep.equal({ status: 'unknown', shown: 'Payment result unknown' })
  expect(failureMessages(this), 'failure messages the register showed').to.deep.equal([])
})

Then('the journal keeps the payment of {amount} as in flight', function (this: CertificationWorld, amount: Money) {
  expect(this.seen.inFlight().map((e) => ({ amount: e.amount, result: e.result })), 'payments in flight in the journal').to.deep.equal([{ amount, result: 'unknown' }])
})

Then('the register refuses to start it until the last result is known', function (this: CertificationWorld) {
  expect({ status: this.payment().status, shown: this.seen.current[0] }, 'outcome reported for the new payment and shown').to.deep.equal({ status: 'blocked', shown: 'Payment not started' })
})

Then('the payment of {amount} was the only one sent', function (this: CertificationWorld, amount: Money) {
  expect(paymentsSent(this.rig.log).map((r) => r.request.totalAmount), 'card payments sent').to.deep.equal([amount])
})

Then('the cashier sees the payment as not paid', function (this: CertificationWorld) {
  expect({ status: this.payment().status, shown: this.seen.current[0] }, 'outcome recovered and shown').to.deep.equal({ status: 'not paid', shown: 'Not paid' })
})

Then('the payment was on record as in flight before it was sent', function (this: CertificationWorld) {
  const sent = paymentsSent(this.rig.log)[0]
  const record = this.inFlightAtPowerLoss?.map((e) => ({ requestId: e.requestId, amount: e.amount, recordedBeforeSending: e.startedAtMs <= sent.atMs }))
  expect(record, 'payments in flight in the database when the power went').to.deep.equal([{ requestId: sent.request.requestId, amount: sent.request.totalAmount, recordedBeforeSending: true }])
})

Then('on start-up the register recovered it from the terminal before doing anything else', function (this: CertificationWorld) {
  expect({ firstAsked: this.requestsSinceTurningPoint()[0], paymentsSent: paymentsSent(this.rig.log).length, recovered: this.payment().status }, 'what the restarted register did first and learnt')
    .to.deep.equal({ firstAsked: 'RepeatLastMessage', paymentsSent: 1, recovered: 'approved' })
})

Then('the register asked the terminal to repeat its last answer before it started the next payment', function (this: CertificationWorld) {
  const types = cardServiceRequests(this.rig.log).map((r) => r.request.requestType)
  expect({ first: types.slice(0, 2), recoveryBeforeNextPayment: types.lastIndexOf('RepeatLastMessage') < types.lastIndexOf('CardPayment') }, 'the order of requests').to.deep.equal({ first: ['CardPayment', 'RepeatLastMessage'], recoveryBeforeNextPayment: true })
})

Then('the first sale is closed as paid, with its receipt printed and journaled once', function (this: CertificationWorld) {
  expect(firstSaleSettlement(this), 'the first sale, its receipts and its journal entries').to.deep.equal({ saleOpen: false, receipts: ['approved'], journal: ['approved'] })
})

Then('the next payment was held until the first was settled, never sent alongside it', function (this: CertificationWorld) {
  expect(holdOfTheNextPayment(this), 'how the next payment was held').to.deep.equal({ firstKnownAs: 'unknown', nextSentAfterFirstSettled: true, next: 'approved' })
})
