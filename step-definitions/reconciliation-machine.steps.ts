import { Given, Then, When, type DataTable } from '@cucumber/cucumber'
import { expect } from 'chai'
import type { ClosingOutcome } from '../src/ecr/machine/period-closing'
import { SqliteClosingReports } from '../src/ecr/machine/period-closing'
import { isoTimestamp } from '../src/clock/clock'
import type { Money } from '../src/opi/money'
import type { CardProfile } from '../src/terminal/cards'
import { machineRequests, machineTexts, serviceRequestsSent } from '../support/unattended-observations'
import type { CertificationWorld } from '../support/world'

// Closing the period on an unattended machine: by service staff, by a new shift, by the clock.

const SERVICE = { user: 'sam', password: 'service-pw' }
const outcomes = new WeakMap<CertificationWorld, ClosingOutcome[]>()
const closingsOf = (world: CertificationWorld) => serviceRequestsSent(world.unattended.rig).filter((r) => r.requestType === 'ReconciliationWithClosure')
const chip = (card: CardProfile) => ({ card, entry: 'chip' as const, pin: 'correct' as const })
const tapped = (card: CardProfile) => ({ entries: ['P1', '1', 'yes', 'skip'], card: { card, entry: 'contactless' as const, pin: 'correct' as const } })

/** A driver's whole session at a charger: reservation, charging, and the completion the machine owes the terminal. */
async function chargeAt(world: CertificationWorld, charger: number, card: CardProfile): Promise<void> {
  await world.unattended.buyNow({ entries: [String(charger)], card: chip(card) })
  await world.unattended.rig.run('the completion of the session', () => world.unattended.rig.machine.quiet())
}

async function closeBy(world: CertificationWorld, act: () => Promise<ClosingOutcome>): Promise<void> {
  const outcome = await world.unattended.rig.run('the period closing', act)
  outcomes.set(world, [...(outcomes.get(world) ?? []), outcome])
}

Given('the machine works in shift {int}', function (this: CertificationWorld, shift: number) {
  this.unattended.rig.store!.startShift(shift)
})

Given('the machine\'s printer will jam on the next report', function (this: CertificationWorld) {
  this.unattended.rig.machine.printer.jamOnNextTicket()
})

Given('the machine closes the period every day at {int}:{int}, and retries a failed closing after {int} minutes', function (this: CertificationWorld, hour: number, minute: number, retry: number) {
  this.unattended.rig.machine.scheduleDailyClosing({ atMinuteOfDay: hour * 60 + minute, retryAfterMs: retry * 60_000 })
})

Given('a(nother) driver has charged at charger {int} with a {card} card and PIN, {int} minutes at {amount} a minute', async function (this: CertificationWorld, charger: number, card: CardProfile, minutes: number, perMinute: Money) {
  this.unattended.deviceWillBeUsed(String(charger), { startsAfterMinutes: 1, minutes, perMinute })
  await chargeAt(this, charger, card)
})

Given('a(nother) driver has chosen charger {int}, paid with a {card} card and PIN, and never plugged in', async function (this: CertificationWorld, charger: number, card: CardProfile) {
  this.unattended.deviceWillBeUsed(String(charger), { perMinute: { minor: 50, currency: 'EUR' } })
  await chargeAt(this, charger, card)
})

When('the service engineer closes the period on the machine', async function (this: CertificationWorld) {
  await closeBy(this, () => this.unattended.rig.machine.reconcile(SERVICE))
})

When('the service engineer closes the period on the machine, and a cardholder then buys a ticket with a tapped {card} card', async function (this: CertificationWorld, card: CardProfile) {
  await closeBy(this, () => this.unattended.rig.machine.reconcile(SERVICE))
  await this.unattended.buyNow(tapped(card))
})

When('the service engineer closes the period twice', async function (this: CertificationWorld) {
  await closeBy(this, () => this.unattended.rig.machine.reconcile(SERVICE))
  await closeBy(this, () => this.unattended.rig.machine.reconcile(SERVICE))
})

When('a cardholder tries the period closing at the machine', async function (this: CertificationWorld) {
  await closeBy(this, () => this.unattended.rig.machine.reconcile({ user: 'cardholder at screen' }))
})

When('the service engineer starts shift {int}, and a cardholder then buys a ticket with a tapped {card} card', async function (this: CertificationWorld, shift: number, card: CardProfile) {
  await closeBy(this, () => this.unattended.rig.machine.startShift(shift, SERVICE))
  await this.unattended.buyNow(tapped(card))
})

When('the machine stands idle until {int}:{int} the next night', async function (this: CertificationWorld, hour: number, minute: number) {
  await this.unattended.waitUntil(hour, minute, true)
})

When('a cardholder arrives at {int}:{int}, takes {int} minutes to choose and pay with a tapped {card} card, and the machine runs until {int}:{int} the next night', async function (this: CertificationWorld, hour: number, minute: number, minutes: number, card: CardProfile, untilHour: number, untilMinute: number) {
  await this.unattended.waitUntil(hour, minute, false)
  await this.unattended.buyNow({ ...tapped(card), card: { ...tapped(card).card, reactionMs: minutes * 60_000 / 4 } })
  await this.unattended.waitUntil(untilHour, untilMinute, true)
})

Then('one closing is sent and answered Success', function (this: CertificationWorld) {
  expect(closingsOf(this).length, 'ReconciliationWithClosure requests').to.equal(1)
  expect(outcomes.get(this)?.map((o) => o.closed), 'how the closing ended').to.deep.equal([true])
})

Then('the closing report shows {word} {int} x {int}.{int} EUR and {word} {int} x {int}.{int} EUR, equal to the journal of the period', function (this: CertificationWorld, c1: string, n1: number, e1: number, d1: number, c2: string, n2: number, e2: number, d2: number) {
  const [report] = this.unattended.rig.closingReports!.all()
  const expected = [[c1, n1, e1 * 100 + d1], [c2, n2, e2 * 100 + d2]].sort()
  expect(report.terminalTotals.map((t) => [t.cardCircuit, t.count, t.amount.minor]).sort(), 'the terminal\'s totals per circuit').to.deep.equal(expected)
  expect([report.journalTotals, report.matchesJournal], 'the journal\'s totals of the same period').to.deep.equal([report.terminalTotals, true])
})

Then('the closing report shows {word} {int} x {amount} and nothing else, equal to the journal of the period', function (this: CertificationWorld, circuit: string, count: number, amount: Money) {
  const [report] = this.unattended.rig.closingReports!.all()
  expect(report.terminalTotals.map((t) => [t.cardCircuit, t.count, t.amount]), 'the terminal\'s totals per circuit').to.deep.equal([[circuit, count, amount]])
  expect([report.journalTotals, report.matchesJournal], 'the journal\'s totals of the same period').to.deep.equal([report.terminalTotals, true])
})

Then('the {card} payment counts in the next period, shift {int}', function (this: CertificationWorld, card: CardProfile, shift: number) {
  const last = machineRequests(this.unattended.rig.log, 'CardPayment').at(-1)
  expect(last?.message.posData.shiftNumber, `shift of the ${card.name} payment`).to.equal(shift)
  expect(this.unattended.rig.machine.journal.entries().filter((e) => e.shiftNumber === shift).map((e) => e.cardCircuit), `journal of shift ${shift}`).to.deep.equal([card.circuit])
})

Then('the first attempt is shown as failed and leaves the period open; the retry closes it, the machine showing:', function (this: CertificationWorld, shown: DataTable) {
  const { rig } = this.unattended
  expect(outcomes.get(this)?.map((o) => o.closed), 'the two attempts').to.deep.equal([false, true])
  expect(machineTexts(rig).filter((t) => /period/i.test(t)), 'what the machine showed').to.deep.equal(shown.raw().map(([text]) => text))
  expect(rig.closingReports!.all().map((r) => r.shiftNumber), 'closed periods stored').to.deep.equal([1])
})

Then('it is refused as for service staff only, and nothing is sent to the terminal', function (this: CertificationWorld) {
  expect(outcomes.get(this)?.map((o) => (o.closed ? 'closed' : o.reason)), 'the attempt').to.deep.equal(['not authenticated'])
  expect([closingsOf(this).length, this.unattended.rig.machine.display.current[0]], 'closings sent, and the screen').to.deep.equal([0, 'For service staff only'])
})

Then('the period is closed under shift {int} before any request of shift {int}', function (this: CertificationWorld, old: number, next: number) {
  const closing = closingsOf(this)
  const firstNew = machineRequests(this.unattended.rig.log).find((r) => r.message.posData.shiftNumber === next)?.atMs ?? Infinity
  expect(closing.map((c) => [c.shiftNumber, c.atMs < firstNew]), 'closings: their shift, and whether before the new shift\'s first request').to.deep.equal([[old, true]])
})

Then('the closing report of shift {int} can be read back later, with the totals of that shift only', function (this: CertificationWorld, shift: number) {
  const { rig } = this.unattended
  const later = new SqliteClosingReports(rig.store!.path)
  const reports = later.ofShift(shift)
  later.close()
  expect(reports.map((r) => [r.shiftNumber, r.matchesJournal, r.terminalTotals.reduce((n, t) => n + t.count, 0)]), `closing reports of shift ${shift}`).to.deep.equal([[shift, true, rig.machine.journal.entries().filter((e) => e.shiftNumber === shift && e.result === 'approved').length]])
})

Then('exactly one closing was sent, at {int}:{int}, and its report is stored', function (this: CertificationWorld, hour: number, minute: number) {
  expect(closingsOf(this).map((c) => isoTimestamp(c.atMs).slice(11, 16)), 'closings sent, and when').to.deep.equal([`${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`])
  expect(this.unattended.rig.closingReports!.all().map((r) => r.trigger), 'closing reports stored').to.deep.equal(['scheduled'])
})

Then('no closing was sent while the session was open; exactly one was sent after it ended', function (this: CertificationWorld) {
  const [session] = this.unattended.sessions
  const closings = closingsOf(this)
  expect(closings.map((c) => c.atMs >= session.endedAtMs! && c.atMs > session.startedAtMs), 'closings, each after the session ended').to.deep.equal([true])
  expect(this.unattended.rig.closingReports!.all().map((r) => r.trigger), 'closing reports stored').to.deep.equal(['scheduled'])
})

Then('the failed closing is reported to the operator as {string} and retried {int} minutes later, with exactly one closed period', function (this: CertificationWorld, reason: string, minutes: number) {
  const { rig } = this.unattended
  const sent = closingsOf(this).map((c) => c.atMs)
  expect(rig.machine.notices.map((n) => [n.what, n.reason]), 'what the operator was told, and why').to.deep.equal([['period closing failed', reason]])
  expect([sent.length, (sent[1] ?? 0) - (sent[0] ?? 0) >= minutes * 60_000], 'closings sent, and the wait before the retry').to.deep.equal([2, true])
  expect(rig.closingReports!.all().length, 'closed periods').to.equal(1)
})
