import { Given, Then } from '@cucumber/cucumber'
import { expect } from 'chai'
import { describeMoney, type Money } from '../src/opi/money'
import type { CardProfile } from '../src/terminal/cards'
import { outputsSentTo } from '../support/observations'
import { cardTickets, machineTexts, terminalAnswers, ticketAmount, vended } from '../support/unattended-observations'
import type { CertificationWorld } from '../support/world'

// The acquirer's limits: no PIN up to the contactless limit, nothing above the unattended maximum.

Given('the acquirer allows contactless payments without PIN up to {amount} and at most {amount} per payment', function (this: CertificationWorld, contactlessNoCvmLimit: Money, unattendedMaximum: Money) {
  this.unattended.rig.applyLimits({ contactlessNoCvmLimit, unattendedMaximum })
})

Given('a vending machine selling parking tickets at {amount}', async function (this: CertificationWorld, price: Money) {
  await this.unattended.openVendingMachine([{ code: 'P1', name: 'Ticket', price, enabled: true }])
  this.unattended.rig.applyLimits(this.unattended.rig.limits)
})

Given('a(nother) cardholder will buy {int} ticket(s) and tap a(n) {card} card, entering the PIN if asked', function (this: CertificationWorld, quantity: number, card: CardProfile) {
  this.unattended.cardholderWill({ entries: ['P1', String(quantity), 'yes'], card: { card, entry: 'contactless', pin: 'correct' } })
})

Given('a cardholder will choose {int} ticket(s), then cancel when asked to choose again', function (this: CertificationWorld, quantity: number) {
  this.unattended.cardholderWill({ entries: ['P1', String(quantity), 'cancel'] })
})

Then('the terminal approves the payment for card circuit {word} without asking for a PIN', function (this: CertificationWorld, circuit: string) {
  const { rig } = this.unattended
  expect(terminalAnswers(rig.log, 'CardPayment').map((a) => [a.message.overallResult, a.message.tender?.authorisation?.cardCircuit]), 'the terminal\'s answer').to.deep.equal([['Success', circuit]])
  expect(outputsSentTo(rig.log, 'CustomerDisplay').filter((o) => /PIN/.test(o.lines.join(' '))), 'PIN prompts the terminal sent').to.deep.equal([])
})

Then('the terminal asks for the PIN, then approves the payment for card circuit {word}', function (this: CertificationWorld, circuit: string) {
  const { rig } = this.unattended
  expect(terminalAnswers(rig.log, 'CardPayment').map((a) => [a.message.overallResult, a.message.tender?.authorisation?.cardCircuit]), 'the terminal\'s answer').to.deep.equal([['Success', circuit]])
  expect(outputsSentTo(rig.log, 'CustomerDisplay').filter((o) => /PIN/.test(o.lines.join(' '))).length, 'PIN prompts the terminal sent').to.equal(1)
})

Then('the terminal ends the payment without approval and nothing is charged', function (this: CertificationWorld) {
  const { rig } = this.unattended
  expect(terminalAnswers(rig.log, 'CardPayment').map((a) => a.message.overallResult), 'the terminal\'s answer').to.deep.equal(['TimedOut'])
  expect(rig.terminal.host.ledger, 'authorisations on the host').to.deep.equal([])
})

Then('{int} ticket(s) is/are delivered, with a receipt and one journal entry of {amount}', function (this: CertificationWorld, quantity: number, amount: Money) {
  const { rig } = this.unattended
  expect(vended(rig), 'what the machine dropped').to.deep.equal([{ slot: 'P1', quantity, afterTheGoAhead: true }])
  expect(cardTickets(rig).printed.map((lines) => lines.some((l) => l.includes(ticketAmount(amount)))), 'card tickets printed, showing the amount').to.deep.equal([true])
  expect(rig.machine.journal.entries().map((e) => [e.requestType, e.result, e.amount]), 'journal entries').to.deep.equal([['CardPayment', 'approved', amount]])
})

Then('the machine refuses before any card is asked for, naming the maximum of {amount}', function (this: CertificationWorld, maximum: Money) {
  const said = machineTexts(this.unattended.rig)
  const refusal = said.findIndex((t) => /maximum/i.test(t) && t.includes(describeMoney(maximum)))
  expect(refusal, `the machine named the maximum of ${describeMoney(maximum)}`).to.be.at.least(0)
  expect(said.slice(refusal + 1).some((t) => /choose a product/i.test(t)), 'the cardholder was asked to choose again after the refusal').to.equal(true)
})

Given('a cardholder will buy {int} ticket(s) and tap a {card} card, but never enter the PIN', function (this: CertificationWorld, quantity: number, card: CardProfile) {
  this.unattended.cardholderWill({ entries: ['P1', String(quantity), 'yes'], card: { card, entry: 'contactless', pin: 'none' } })
})
