import { Given, Then, type DataTable } from '@cucumber/cucumber'
import { expect } from 'chai'
import { parseDecimal, type Money } from '../src/opi/money'
import { firstRequestAt, machineRequests, machineTexts, requestTypesSent } from '../support/unattended-observations'
import { nextCardholderIsServed } from '../support/next-cardholder'
import type { CertificationWorld } from '../support/world'

// The machine as the operator sets it up, and the state it is left in.

Given('a charging station with {int} charger(s) that reserves {amount} per session', async function (this: CertificationWorld, count: number, reservation: Money) {
  await this.unattended.openStation('charger', count)
  this.unattended.rig.machine.configure({ reservation })
})

Then('the machine and the terminal are ready for the next cardholder', async function (this: CertificationWorld) {
  const seen = await nextCardholderIsServed(this.unattended)
  expect(seen, 'the next cardholder (Maestro, PIN, no language picked), as the terminal, the host and the device saw it')
    .to.deep.equal({ requests: ['CardPreAuthorisation en', 'CardFinancialAdvice en'], answers: ['CardPreAuthorisation Success', 'CardFinancialAdvice Success'], paid: { onTheWire: ['1.00 EUR'], onTheHost: ['1.00 EUR'] }, delivered: '1.00 EUR' })
})

Given('a vending machine selling:', async function (this: CertificationWorld, table: DataTable) {
  await this.unattended.openVendingMachine(table.hashes().map((row) => ({ code: row.code, name: row.product, price: parseDecimal(row.price.replace(' EUR', '')), enabled: row.enabled !== 'no' })))
})

Given('charger {int} is out of service', function (this: CertificationWorld, charger: number) {
  this.unattended.rig.device(String(charger)).inService = false
})

Then('only charger {int} is released; the other chargers stay locked', function (this: CertificationWorld, charger: number) {
  const released = this.unattended.rig.devices.filter((d) => d.runs.length > 0).map((d) => [d.id, d.runs.length])
  expect(released, 'chargers released, and how often').to.deep.equal([[String(charger), 1]])
})

Then('the session is recorded with charger {int}, on the slip and in the journal', function (this: CertificationWorld, charger: number) {
  const { machine } = this.unattended.rig
  expect(machine.sessions.all().map((s) => [s.device, s.state]), 'sessions recorded').to.deep.equal([[String(charger), 'completed']])
  expect(machine.printer.printed.flatMap((r) => r.lines), 'what the machine printed').to.include(`device ${charger}`)
})

Then('the machine asked again after each refused entry, saying why', function (this: CertificationWorld) {
  const said = machineTexts(this.unattended.rig, firstRequestAt(this.unattended.rig))
  expect(said, 'what the machine said before the reservation').to.satisfy((lines: string[]) => lines.length === 4 && [/choose/i, /invalid/i, /not available/i, /reserve/i].every((re, i) => re.test(lines[i])))
})

Then('exactly one reservation is made, for charger {int}', function (this: CertificationWorld, charger: number) {
  const { rig } = this.unattended
  expect({ requests: machineRequests(rig.log, 'CardPreAuthorisation').length, reservations: rig.terminal.host.reservations.length, device: rig.machine.sessions.all().map((s) => s.device) }, 'reservations').to.deep.equal({ requests: 1, reservations: 1, device: [String(charger)] })
})

Then('after {int} seconds the machine shows a time-out and returns to idle', function (this: CertificationWorld, seconds: number) {
  const { machine } = this.unattended.rig
  expect(machine.sessions.all().map((s) => [s.state, (s.endedAtMs ?? 0) - s.startedAtMs, machine.panel.prompt]), 'the session, and the screen after it').to.deep.equal([['timed out', seconds * 1000, 'idle']])
  expect(machine.display.current.join(' '), 'the last thing shown').to.match(/time-?out/i)
})

Then('the last driver is told there is no free device before any card is read', function (this: CertificationWorld) {
  const last = this.unattended.rig.machine.sessions.all().at(-1)
  expect([last?.state, last?.authorisation], 'the last session: how it ended, and the card request it made').to.deep.equal(['refused', undefined])
  expect(machineTexts(this.unattended.rig, last?.endedAtMs).at(-1), 'what the last driver was told').to.match(/no free/i)
})

Then('the sessions already running are completed as normal', function (this: CertificationWorld) {
  const { rig } = this.unattended
  expect(rig.machine.sessions.all().filter((s) => s.device).map((s) => [s.device, s.state]), 'the sessions that were running').to.deep.equal([['1', 'completed'], ['2', 'completed']])
  expect(requestTypesSent(rig), 'requests the machine sent').to.deep.equal(['CardPreAuthorisation', 'CardPreAuthorisation', 'CardFinancialAdvice', 'CardFinancialAdvice'])
})

Given('a fuel station with {int} pumps that reserves {amount} per session', async function (this: CertificationWorld, count: number, reservation: Money) {
  await this.unattended.openStation('pump', count)
  this.unattended.rig.machine.configure({ reservation })
})

Given('the maximum delivery time is {int} minutes', function (this: CertificationWorld, minutes: number) {
  this.unattended.rig.machine.configure({ maxDeliveryTimeMs: minutes * 60_000 })
})

Given('the machine allows {int} minutes to start charging', function (this: CertificationWorld, minutes: number) {
  this.unattended.rig.machine.configure({ startTimeoutMs: minutes * 60_000 })
})

Given('the station reserves {amount} per session', function (this: CertificationWorld, reservation: Money) {
  this.unattended.rig.machine.configure({ reservation })
})
