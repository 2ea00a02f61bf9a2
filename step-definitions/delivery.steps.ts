import { Given, Then } from '@cucumber/cucumber'
import { expect } from 'chai'
import { describeMoney, type Money } from '../src/opi/money'
import { outputsSentTo } from '../support/observations'
import { machineRequests, terminalAnswers } from '../support/unattended-observations'
import type { CertificationWorld } from '../support/world'

// What the devices deliver (the environment) and what that costs the cardholder (money moved).

Given('the car on charger {int} will charge for {int} minutes at {amount} a minute', function (this: CertificationWorld, charger: number, minutes: number, perMinute: Money) {
  this.unattended.deviceWillBeUsed(String(charger), { startsAfterMinutes: 1, minutes, perMinute })
})

Then('the driver pays exactly {amount}, the value charger {int} delivered', function (this: CertificationWorld, amount: Money, charger: number) {
  const { rig } = this.unattended
  const reservation = terminalAnswers(rig.log, 'CardPreAuthorisation')[0]?.message.terminal?.stan
  expect(machineRequests(rig.log, 'CardFinancialAdvice').map((r) => [r.message.totalAmount, r.message.originalTransaction?.stan]), 'completions sent, with the reservation they complete').to.deep.equal([[amount, reservation]])
  expect({ metered: rig.device(String(charger)).runs.map((r) => r.delivered), captured: rig.terminal.host.reservations.map((r) => r.captured) }, 'meter of the charger and capture on the host').to.deep.equal({ metered: [amount], captured: [amount] })
})

Then('the receipt shows {amount}, as the terminal sent it', function (this: CertificationWorld, amount: Money) {
  const { rig } = this.unattended
  const cardTickets = rig.machine.printer.printed.filter((r) => r.lines.some((l) => l.startsWith('Terminal')))
  expect(cardTickets.map((r) => r.lines), 'card tickets printed by the machine').to.deep.equal(outputsSentTo(rig.log, 'Printer').map((o) => o.lines)).and.have.lengthOf(1)
  expect(cardTickets[0].lines.join('\n'), 'the card ticket').to.include(`EUR ${describeMoney(amount).replace(' EUR', '')}`)
})

Then('the journal holds the reservation and its completion of {amount} for charger {int}', function (this: CertificationWorld, amount: Money, charger: number) {
  const { machine } = this.unattended.rig
  expect(machine.journal.entries().map((e) => [e.requestType, e.result]), 'journal entries').to.deep.equal([['CardPreAuthorisation', 'approved'], ['CardFinancialAdvice', 'approved']])
  expect(machine.sessions.all().map((s) => ({ device: s.device, completed: s.completed, state: s.state })), 'sessions the machine recorded').to.deep.equal([{ device: String(charger), completed: amount, state: 'completed' }])
})

Then('the completion and the receipt show {amount}, not the reserved amount', function (this: CertificationWorld, amount: Money) {
  const { rig } = this.unattended
  expect(machineRequests(rig.log, 'CardFinancialAdvice').map((r) => r.message.totalAmount), 'completion amounts').to.deep.equal([amount])
  const ticket = outputsSentTo(rig.log, 'Printer').flatMap((o) => o.lines).join('\n')
  expect(ticket, 'the card ticket').to.include(describeMoney(amount).replace(/(.*) EUR/, 'EUR $1')).and.not.include(describeMoney(rig.machine.sessions.all()[0].requested!).replace(/(.*) EUR/, 'EUR $1'))
})

Then('{int} {word} are delivered, and only once the terminal says to deliver', function (this: CertificationWorld, quantity: number, product: string) {
  const { rig } = this.unattended
  const deliverAt = rig.log.entries.find((e) => e.message?.kind === 'DeviceRequest' && e.message.outputs.some((o) => o.target === 'DeliveryBox'))?.atMs ?? Infinity
  const code = rig.machine.sessions.all()[0]?.product
  expect(rig.vending.vended.map((v) => ({ slot: v.slot, quantity: v.quantity, afterTheGoAhead: v.atMs >= deliverAt })), 'what the machine dropped').to.deep.equal([{ slot: code?.code, quantity, afterTheGoAhead: true }])
  expect(code?.name, 'the product delivered').to.equal(product)
})

Then('the receipt and the journal show {int} x {word} for {amount}', function (this: CertificationWorld, quantity: number, product: string, amount: Money) {
  const { machine } = this.unattended.rig
  const printed = machine.printer.printed.map((r) => r.lines.join('\n')).join('\n')
  expect(printed, 'everything the machine printed').to.include(`${quantity} x ${product}`).and.include(`EUR ${describeMoney(amount).replace(' EUR', '')}`)
  expect(machine.sessions.all().map((s) => [s.product?.quantity, s.product?.name, s.completed]), 'sessions journaled').to.deep.equal([[quantity, product, amount]])
  expect(machine.journal.entries().map((e) => [e.requestType, e.result, e.amount, e.terminalRecord.length > 0]), 'journal entries').to.deep.equal([['CardPayment', 'approved', amount, true]])
})

Then('the cardholder is charged {amount} once', function (this: CertificationWorld, amount: Money) {
  const host = this.unattended.rig.terminal.host
  expect(host.ledger.filter((a) => a.decision.approved && !a.reversed).map((a) => a.amount), 'payments the host holds').to.deep.equal([amount])
})
