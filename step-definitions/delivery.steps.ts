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

Then('the driver pays exactly {amount}, the value charger/pump {int} delivered', function (this: CertificationWorld, amount: Money, charger: number) {
  const { rig } = this.unattended
  const reservation = terminalAnswers(rig.log, 'CardPreAuthorisation')[0]?.message.terminal?.stan
  expect(machineRequests(rig.log, 'CardFinancialAdvice').filter((r) => r.message.originalTransaction?.stan === reservation).map((r) => r.message.totalAmount), 'completions of the session\'s reservation').to.deep.equal([amount])
  expect({ metered: rig.device(String(charger)).runs.map((r) => r.delivered), captured: rig.terminal.host.reservations.filter((r) => r.stan === reservation).map((r) => r.captured) }, 'meter of the device and capture on the host').to.deep.equal({ metered: [amount], captured: [amount] })
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

Then('the receipt and the journal show {int} x {word} and {amount}', function (this: CertificationWorld, quantity: number, product: string, amount: Money) {
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
  expect(rig.machine.display.history.map((m) => m.lines.join(' ')), 'what the machine showed').to.satisfy((lines: string[]) => lines.some((l) => /not started in time/i.test(l)))
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
  expect(this.unattended.rig.device(String(pump)).runs.map((r) => r.delivered), 'what the pump delivered').to.deep.equal([amount])
})

Then('the machine never asks the terminal two things at once', function (this: CertificationWorld) {
  const log = this.unattended.rig.log
  const order = log.entries.filter((e) => e.channel === 0 && e.message?.kind.startsWith('CardService')).map((e) => e.message!.kind)
  expect(order.every((kind, i) => kind === (i % 2 === 0 ? 'CardServiceRequest' : 'CardServiceResponse')), `requests and answers in order: ${order.join(', ')}`).to.equal(true)
})

Then('the journal holds one session per charger, each with its own amount', function (this: CertificationWorld) {
  const { rig } = this.unattended
  const sessions = rig.machine.sessions.all().map((s) => [s.device, s.completed])
  expect(sessions, 'sessions recorded').to.deep.equal(rig.devices.filter((d) => d.runs.length).map((d) => [d.id, d.runs[0].delivered]))
})

Then('the first driver\'s completion waits until the second driver\'s card has been authorised', function (this: CertificationWorld) {
  const { rig } = this.unattended
  const [first] = rig.machine.sessions.all()
  const secondAuthorised = terminalAnswers(rig.log, 'CardPreAuthorisation')[1]?.atMs ?? Infinity
  const firstCompletion = machineRequests(rig.log, 'CardFinancialAdvice').find((r) => r.message.originalTransaction?.stan === first.authorisation?.stan)
  expect({ postponed: first.completionPostponed, afterSecond: (firstCompletion?.atMs ?? 0) >= secondAuthorised, deliveryEndedBefore: (rig.device(first.device!).runs[0].endedAtMs ?? Infinity) < secondAuthorised }, 'the first completion').to.deep.equal({ postponed: true, afterSecond: true, deliveryEndedBefore: true })
})

Then('the driver pays exactly the value charger {int} delivered until it stopped', function (this: CertificationWorld, charger: number) {
  const { rig } = this.unattended
  const reservation = terminalAnswers(rig.log, 'CardPreAuthorisation')[0]?.message.terminal?.stan
  const metered = rig.device(String(charger)).runs.map((r) => r.delivered)
  expect(machineRequests(rig.log, 'CardFinancialAdvice').filter((r) => r.message.originalTransaction?.stan === reservation).map((r) => r.message.totalAmount), 'completion of the session\'s reservation, against the meter').to.deep.equal(metered).and.have.lengthOf(1)
  expect(rig.terminal.host.reservations.filter((r) => r.stan === reservation).map((r) => r.captured), 'captured on the host').to.deep.equal(metered)
})

Given('the operator will stop the session on charger {int} while the terminal waits for the PIN', function (this: CertificationWorld, charger: number) {
  this.unattended.operatorStopsAtPinPrompt(String(charger))
})
