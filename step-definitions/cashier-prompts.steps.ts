import { Given, Then } from '@cucumber/cucumber'
import { expect } from 'chai'
import { outputsSentTo } from '../support/observations'
import { paymentsSent } from '../support/recovery-observations'
import type { CashierCheck } from '../support/scripted-cashier'
import type { CertificationWorld } from '../support/world'

/** CCV's test book: the question stays on the register's screen for at least 6 seconds. */
const MIN_QUESTION_MS = 6_000

Given(/^the cashier will (accept|refuse) the (signature|identification)$/, function (this: CertificationWorld, answer: string, check: CashierCheck) {
  this.cashierWillAnswer(check, answer === 'accept')
})

Then('the cashier was asked to check the identification, and the question stayed on screen until answered', function (this: CertificationWorld) {
  const asked = this.rig.cashier.asked
  expect(asked.map((q) => q.question[0]), 'questions put to the cashier').to.deep.equal(['Check identification'])
  const shown = this.rig.ecr.display.history.findIndex((m) => m.lines[0] === 'Check identification')
  const next = this.rig.ecr.display.history[shown + 1]
  expect(shown, 'the question on the register display').to.be.at.least(0)
  expect(next?.atMs ?? Infinity, 'when the question was replaced, against when the cashier answered').to.be.at.least(asked[0].answeredAtMs!)
  expect(asked[0].answeredAtMs! - asked[0].askedAtMs, 'milliseconds the question was on screen').to.be.at.least(MIN_QUESTION_MS)
})

Then('the cashier\'s answers went back to the terminal', function (this: CertificationWorld) {
  const answered = this.rig.log.messages().flatMap((m) => (m.kind === 'DeviceResponse' && m.input ? [m.input.value?.boolean] : []))
  expect(answered, 'yes/no answers the register sent back').to.deep.equal(this.rig.cashier.asked.map((q) => q.answer))
})

Then('the merchant copy with a signature line was printed before the cashier was asked to check the signature', function (this: CertificationWorld) {
  const slip = this.rig.ecr.printer.printed.find((r) => r.lines.includes('MERCHANT COPY') && r.lines.some((l) => /signature/i.test(l)))
  const question = this.rig.cashier.asked.find((q) => q.question[0] === 'Check signature')
  expect(slip, 'a merchant copy with a signature line on the receipt printer').to.not.equal(undefined)
  expect(question, 'the signature question put to the cashier').to.not.equal(undefined)
  expect(slip!.atMs, 'when the slip printed, against when the question came').to.be.at.most(question!.askedAtMs)
})

Then('the questions were asked one at a time, signature first, each answered separately', function (this: CertificationWorld) {
  const asked = this.rig.cashier.asked
  expect(asked.map((q) => q.question[0]), 'questions put to the cashier, in order').to.deep.equal(['Check signature', 'Check identification'].slice(0, asked[0]?.answer === false ? 1 : 2))
  for (let i = 1; i < asked.length; i++) expect(asked[i].askedAtMs, `question ${i + 1} asked after question ${i} was answered`).to.be.at.least(asked[i - 1].answeredAtMs!)
})

Then('the payment ends approved, printed and journaled once', function (this: CertificationWorld) {
  const { requestId } = paymentsSent(this.rig.log)[0].request
  expect(this.payment().status, 'outcome the register reported').to.equal('approved')
  expect(this.rig.ecr.printer.printed.filter((r) => r.lines.includes('CUSTOMER COPY')).map((r) => r.requestId), 'customer receipts printed').to.deep.equal([requestId])
  expect(this.rig.ecr.journal.entries().map((e) => e.result), 'journal entries').to.deep.equal(['approved'])
  expect(this.rig.terminal.host.approvedTotal(), 'money taken, in cents').to.equal(this.payment().amount.minor)
})

Then('the payment ends approved, and the cashier is reminded to keep the signed copy', function (this: CertificationWorld) {
  expect(this.payment().status, 'outcome the register reported').to.equal('approved')
  expect(outputsSentTo(this.rig.log, 'CashierDisplay').map((o) => o.lines.join(' ')), 'terminal messages for the cashier').to.include('Approved Keep the signed merchant copy')
  expect(this.rig.ecr.display.fromTerminal().map((m) => m.lines.join(' ')), 'what the register showed').to.include('Approved Keep the signed merchant copy')
  expect(this.rig.ecr.journal.entries().map((e) => e.result), 'journal entries').to.deep.equal(['approved'])
})

Then('the payment ends cancelled, with nothing charged and one journal entry', function (this: CertificationWorld) {
  expect(this.payment().status, 'outcome the register reported').to.equal('aborted')
  expect(this.rig.ecr.display.current[0], 'what the cashier sees at the end').to.equal('Payment cancelled')
  expect(this.rig.terminal.host.approvedTotal(), 'money left taken after the refusal, in cents').to.equal(0)
  expect(this.rig.ecr.journal.entries().map((e) => e.result), 'journal entries').to.deep.equal(['aborted'])
})

Then('the payment ends cancelled, and the cashier is told to inform the customer', function (this: CertificationWorld) {
  expect(this.payment().status, 'outcome the register reported').to.equal('aborted')
  expect(this.rig.ecr.display.fromTerminal().some((m) => m.lines.some((l) => /inform the customer/i.test(l))), 'the register passed on "inform the customer"').to.equal(true)
  expect(this.rig.ecr.display.current[0], 'what the cashier sees at the end').to.equal('Payment cancelled')
  expect(this.rig.terminal.host.approvedTotal(), 'money left taken after the refusal, in cents').to.equal(0)
})
