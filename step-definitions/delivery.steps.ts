import { Given, Then } from '@cucumber/cucumber'
import { expect } from 'chai'
import type { Money } from '../src/opi/money'
import {
  capturedOn, cardTickets, completionsOf, everythingShown, machineRequests, metered, oneRequestAtATime, postponedCompletion, reservationStan,
  ticketAmount, vended,
} from '../support/unattended-observations'
import type { CertificationWorld } from '../support/world'

// What the devices deliver (the environment) and what that costs the cardholder (money moved).

Given('the car on charger {int} will charge for {int} minutes at {amount} a minute', function (this: CertificationWorld, charger: number, minutes: number, perMinute: Money) {
  this.unattended.deviceWillBeUsed(String(charger), { startsAfterMinutes: 1, minutes, perMinute })
})

Given('the driver at pump {int} will take fuel for {int} minutes at {amount} a minute', function (this: CertificationWorld, pump: number, minutes: number, perMinute: Money) {
  this.unattended.deviceWillBeUsed(String(pump), { startsAfterMinutes: 1, minutes, perMinute })
})

Given('the driver will never plug in at charger {int}', function (this: CertificationWorld, charger: number) {
  this.unattended.deviceWillBeUsed(String(charger), { perMinute: { minor: 50, currency: 'EUR' } })
})

Given('the driver at charger {int} will press Stop on the machine after {int} minutes of charging', function (this: CertificationWorld, charger: number, minutes: number) {
  this.unattended.afterDeliveryMinutes(String(charger), minutes, () => this.unattended.rig.machine.panel.pressStop(String(charger)))
})

Given('the operator will stop the session on charger {int} after {int} minutes of charging', function (this: CertificationWorld, charger: number, minutes: number) {
  this.unattended.afterDeliveryMinutes(String(charger), minutes, () => this.unattended.rig.machine.stopSession(String(charger)))
})

Given('the operator will stop the session on charger {int} while the terminal waits for the PIN', function (this: CertificationWorld, charger: number) {
  this.unattended.operatorStopsAtPinPrompt(String(charger))
})

Then('the driver pays exactly {amount}, the value charger/pump {int} delivered', function (this: CertificationWorld, amount: Money, device: number) {
  const { rig } = this.unattended
  expect(completionsOf(rig, reservationStan(rig)), 'completions of the session\'s reservation').to.deep.equal([amount])
  expect({ metered: metered(rig, device), captured: capturedOn(rig, reservationStan(rig)) }, 'meter of the device and capture on the host').to.deep.equal({ metered: [amount], captured: [amount] })
})

Then('the driver pays exactly the value charger {int} delivered until it stopped', function (this: CertificationWorld, charger: number) {
  const { rig } = this.unattended
  expect(completionsOf(rig, reservationStan(rig)), 'completion of the session\'s reservation, against the meter').to.deep.equal(metered(rig, charger)).and.have.lengthOf(1)
  expect(capturedOn(rig, reservationStan(rig)), 'captured on the host').to.deep.equal(metered(rig, charger))
})

Then('the receipt shows {amount}, as the terminal sent it', function (this: CertificationWorld, amount: Money) {
  const tickets = cardTickets(this.unattended.rig)
  expect(tickets.printed, 'card tickets printed by the machine').to.deep.equal(tickets.sent).and.have.lengthOf(1)
  expect(tickets.printed[0].join('\n'), 'the card ticket').to.include(ticketAmount(amount))
})

Then('the completion and the receipt show {amount}, not the reserved amount', function (this: CertificationWorld, amount: Money) {
  const { rig } = this.unattended
  expect(machineRequests(rig.log, 'CardFinancialAdvice').map((r) => r.message.totalAmount), 'completion amounts').to.deep.equal([amount])
  expect(cardTickets(rig).sent.flat().join('\n'), 'the card ticket').to.include(ticketAmount(amount)).and.not.include(ticketAmount(rig.machine.sessions.all()[0].requested!))
})

Then('the journal holds the reservation and its completion of {amount} for charger {int}', function (this: CertificationWorld, amount: Money, charger: number) {
  const { machine } = this.unattended.rig
  expect(machine.journal.entries().map((e) => [e.requestType, e.result]), 'journal entries').to.deep.equal([['CardPreAuthorisation', 'approved'], ['CardFinancialAdvice', 'approved']])
  expect(machine.sessions.all().map((s) => ({ device: s.device, completed: s.completed, state: s.state })), 'sessions the machine recorded').to.deep.equal([{ device: String(charger), completed: amount, state: 'completed' }])
})

Then('{int} {word} are delivered, and only once the terminal says to deliver', function (this: CertificationWorld, quantity: number, product: string) {
  const sold = this.unattended.rig.machine.sessions.all()[0]?.product
  expect(vended(this.unattended.rig), 'what the machine dropped').to.deep.equal([{ slot: sold?.code, quantity, afterTheGoAhead: true }])
  expect(sold?.name, 'the product delivered').to.equal(product)
})

Then('the receipt and the journal show {int} x {word} and {amount}', function (this: CertificationWorld, quantity: number, product: string, amount: Money) {
  expect(this.unattended.rig.machine.printer.printed.flatMap((r) => r.lines).join('\n'), 'everything the machine printed').to.include(`${quantity} x ${product}`).and.include(ticketAmount(amount))
  expect(this.unattended.rig.machine.sessions.all().map((s) => [s.product?.quantity, s.product?.name, s.completed]), 'sessions journaled').to.deep.equal([[quantity, product, amount]])
  expect(this.unattended.rig.machine.journal.entries().map((e) => [e.requestType, e.result, e.amount, e.terminalRecord.length > 0]), 'journal entries').to.deep.equal([['CardPayment', 'approved', amount, true]])
})

Then('the cardholder is charged {amount} once', function (this: CertificationWorld, amount: Money) {
  const kept = this.unattended.rig.terminal.host.ledger.filter((a) => a.decision.approved && !a.reversed)
  expect(kept.map((a) => a.amount), 'payments the host holds').to.deep.equal([amount])
})

Then('nothing is delivered', function (this: CertificationWorld) {
  const { rig } = this.unattended
  expect({ vended: rig.vending.vended, released: rig.devices.flatMap((d) => d.runs) }, 'what the machine delivered').to.deep.equal({ vended: [], released: [] })
})

Then('pump/charger {int} is stopped after {int} minutes of delivery, the maximum', function (this: CertificationWorld, device: number, minutes: number) {
  const runs = this.unattended.rig.device(String(device)).runs
  expect(runs.map((r) => (r.endedAtMs ?? 0) - (r.startedAtMs ?? 0)), 'how long the device delivered').to.deep.equal([minutes * 60_000])
})

function stoppedAtOnce(this: CertificationWorld, charger: number): void {
  const { rig, events } = this.unattended
  expect(rig.device(String(charger)).runs.map((r) => r.endedAtMs), 'when the charger stopped').to.deep.equal(events.map((e) => e.atMs)).and.have.lengthOf(1)
}

Then('charger {int} stops at once when Stop is pressed', stoppedAtOnce)

Then('charger {int} stops at once when the operator stops it', stoppedAtOnce)

Then('charger {int} is locked again after {int} minutes and the driver is told nothing was charged', function (this: CertificationWorld, charger: number, minutes: number) {
  const { rig } = this.unattended
  expect(rig.device(String(charger)).runs.map((r) => [r.startedAtMs, (r.endedAtMs ?? 0) - r.releasedAtMs]), 'the release of the charger').to.deep.equal([[undefined, minutes * 60_000]])
  expect(everythingShown(rig), 'what the machine showed').to.satisfy((lines: string[]) => lines.some((l) => /not started in time/i.test(l)))
})

Then('the reservation is released with a completion of {amount}', function (this: CertificationWorld, amount: Money) {
  const { rig } = this.unattended
  expect(machineRequests(rig.log, 'CardFinancialAdvice').map((r) => r.message.totalAmount), 'completions sent').to.deep.equal([amount])
  expect(rig.terminal.host.reservations.map((r) => [r.state, r.captured]), 'reservations on the host').to.deep.equal([['released', amount]])
})

Then('the journal records the session with {amount} charged', function (this: CertificationWorld, amount: Money) {
  const { machine } = this.unattended.rig
  expect(machine.sessions.all().map((s) => [s.state, s.completed, s.endReason]), 'sessions recorded').to.deep.equal([['completed', amount, 'not started in time']])
  expect(machine.journal.entries().map((e) => [e.requestType, e.result, e.amount]), 'journal entries').to.deep.equal([['CardPreAuthorisation', 'approved', machine.sessions.all()[0].requested], ['CardFinancialAdvice', 'approved', amount]])
})

Then('pump {int} stops at exactly {amount}, never more', function (this: CertificationWorld, pump: number, amount: Money) {
  expect(metered(this.unattended.rig, pump), 'what the pump delivered').to.deep.equal([amount])
})

Then('the machine never asks the terminal two things at once', function (this: CertificationWorld) {
  expect(oneRequestAtATime(this.unattended.rig), 'each request answered before the next one was sent').to.equal(true)
})

Then('the journal holds one session per charger, each with its own amount', function (this: CertificationWorld) {
  const { rig } = this.unattended
  expect(rig.machine.sessions.all().map((s) => [s.device, s.completed]), 'sessions recorded').to.deep.equal(rig.devices.filter((d) => d.runs.length).map((d) => [d.id, d.runs[0].delivered]))
})

Then('the first driver\'s completion waits until the second driver\'s card has been authorised', function (this: CertificationWorld) {
  const expected = { postponed: true, deliveryEndedBeforeOtherCard: true, sentAfterOtherCard: true }
  expect(postponedCompletion(this.unattended.rig), 'the first completion').to.deep.equal(expected)
})
