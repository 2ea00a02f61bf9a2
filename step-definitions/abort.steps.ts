import { Then, When } from '@cucumber/cucumber'
import { expect } from 'chai'
import type { Money } from '../src/opi/money'
import type { CashierMoment } from '../support/cashier'
import { abortsSent } from '../support/observations'
import type { CertificationWorld } from '../support/world'

When('the cashier takes a card payment of {amount} and presses Abort once the terminal {cashierMoment}', async function (this: CertificationWorld, amount: Money, moment: CashierMoment) {
  await this.takeCardPaymentPressingAbort(amount, 1, moment)
})

When('the cashier takes a card payment of {amount} and presses Abort {int} times once the terminal {cashierMoment}', async function (this: CertificationWorld, amount: Money, presses: number, moment: CashierMoment) {
  await this.takeCardPaymentPressingAbort(amount, presses, moment)
})

Then('the register sends exactly one abort, which the terminal {word}', function (this: CertificationWorld, verdict: string) {
  const expected = verdict === 'accepts' ? { answer: 'Success', paymentEnded: 'Aborted' } : { answer: 'Failure', paymentEnded: 'Success' }
  const aborts = abortsSent(this.rig.log).map((a) => ({ whilePaymentRan: a.duringPayment === this.payment().requestId, ownId: a.requestId !== a.duringPayment, answer: a.answer, paymentEnded: a.paymentEnded }))
  expect(aborts, 'aborts the register sent: while the payment ran, under their own id, the terminal\'s answer and how the payment ended').to.deep.equal([{ whilePaymentRan: true, ownId: true, ...expected }])
})

Then('the register sends no abort of its own', function (this: CertificationWorld) {
  expect(abortsSent(this.rig.log), 'aborts the register sent').to.deep.equal([])
})

Then('the register is left with no payment and no abort outstanding', function (this: CertificationWorld) {
  const unanswered = abortsSent(this.rig.log).filter((a) => a.answer === undefined).map((a) => a.requestId)
  expect({ paymentRunning: this.seen.state.paymentRunning, unansweredAborts: unanswered }, 'what the register still has open').to.deep.equal({ paymentRunning: false, unansweredAborts: [] })
})
