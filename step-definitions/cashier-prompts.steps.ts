import { Given, Then } from '@cucumber/cucumber'
import { expect } from 'chai'
import { answersOnTheWire, identificationQuestion, paymentEnd, questionOrder, signatureSlip } from '../support/checkout-facts'
import type { CashierCheck } from '../support/scripted-cashier'
import type { CertificationWorld } from '../support/world'

Given(/^the cashier will (accept|refuse) the (signature|identification)$/, function (this: CertificationWorld, answer: string, check: CashierCheck) {
  this.cashierWillAnswer(check, answer === 'accept')
})

Given('the cashier will leave the identification question unanswered', function (this: CertificationWorld) {
  this.cashierWillAnswer('identification', 'no answer')
})

Then('the register never answered the question by itself', function (this: CertificationWorld) {
  expect({ asked: this.rig.cashier.asked.map((q) => q.question[0]), answersSent: answersOnTheWire(this) }, 'the question and what the register answered').to.deep.equal({ asked: ['Check identification'], answersSent: [] })
})

Then('the cashier was asked to check the identification, and the question stayed on screen until answered', function (this: CertificationWorld) {
  expect(identificationQuestion(this), 'the identification question on the register').to.deep.equal({ questions: ['Check identification'], onTheRegisterDisplay: true, stayedUntilAnswered: true })
})

Then('the cashier\'s answers went back to the terminal', function (this: CertificationWorld) {
  expect(answersOnTheWire(this), 'yes/no answers the register sent back').to.deep.equal(this.rig.cashier.asked.map((q) => q.answer))
})

Then('the merchant copy with a signature line was printed before the cashier was asked to check the signature', function (this: CertificationWorld) {
  expect(signatureSlip(this), 'the signature slip and the question').to.deep.equal({ slipPrinted: true, questionAsked: true, slipBeforeQuestion: true })
})

Then('the questions were asked one at a time, signature first, each answered separately', function (this: CertificationWorld) {
  const expected = this.rig.cashier.asked[0]?.answer === false ? ['Check signature'] : ['Check signature', 'Check identification']
  expect(questionOrder(this), 'questions put to the cashier, in order').to.deep.equal({ questions: expected, eachAfterThePreviousAnswer: true })
})

Then('the payment ends approved, printed and journaled once', async function (this: CertificationWorld) {
  const { status, customerReceipts, journal } = paymentEnd(this)
  expect({ status, customerReceipts, journal }, 'how the payment ended').to.deep.equal({ status: 'approved', customerReceipts: 1, journal: ['approved'] })
  await this.expectHostApprovals([{ amount: this.payment().amount }])
})

Then('the payment ends approved, and the cashier is reminded to keep the signed copy', function (this: CertificationWorld) {
  const { status, journal, terminalToldCashier } = paymentEnd(this)
  expect({ status, journal, reminded: terminalToldCashier.includes('Approved Keep the signed merchant copy') }, 'how the payment ended').to.deep.equal({ status: 'approved', journal: ['approved'], reminded: true })
})

Then('the payment ends cancelled, with nothing charged and one journal entry', async function (this: CertificationWorld) {
  const { status, shown, journal } = paymentEnd(this)
  expect({ status, shown, journal }, 'how the payment ended').to.deep.equal({ status: 'aborted', shown: 'Payment cancelled', journal: ['aborted'] })
  await this.expectHostApprovals([])
})

Then('the payment ends cancelled, and the cashier is told to inform the customer', async function (this: CertificationWorld) {
  const { status, shown, terminalToldCashier } = paymentEnd(this)
  expect({ status, shown, informCustomer: terminalToldCashier.some((l) => /inform the customer/i.test(l)) }, 'how the payment ended').to.deep.equal({ status: 'aborted', shown: 'Payment cancelled', informCustomer: true })
  await this.expectHostApprovals([])
})
