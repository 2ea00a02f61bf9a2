import { Given, Then, When } from '@cucumber/cucumber'
import { expect } from 'chai'
import type { Money } from '../src/opi/money'
import { SqliteRegisterStore } from '../src/ecr/peripherals/sqlite-journal'
import { whenTerminalReceives, hostAwayDuringCharge, serveThenRestartMachine, serveThroughMainsFailure, serveThroughPowerFailure, type PowerFailureMoment } from '../support/unattended-recovery'
import { exchanges, exchangesOf, outOfOrderSpells } from '../support/unattended-recovery-observations'
import { capturedOn, completionsOf, machineRequests, machineTexts, metered, reservationStan } from '../support/unattended-observations'
import { openReservations } from '../support/unattended-invariant'
import type { CertificationWorld } from '../support/world'

// How the machine comes back after the link, the terminal or the power failed: what it asked, and what it charged.

When('the power to machine and terminal fails {powerMoment} and comes back {int} minutes later', async function (this: CertificationWorld, moment: PowerFailureMoment, minutes: number) {
  await serveThroughPowerFailure(this.unattended, moment, minutes)
})

When('mains power fails {int} minutes into the charge on charger {int} and comes back {int} minutes later', async function (this: CertificationWorld, minutes: number, charger: number, offFor: number) {
  await serveThroughMainsFailure(this.unattended, String(charger), minutes, offFor)
})

Then('the driver is told the result is unknown, and the machine is out of order while the cable is out', function (this: CertificationWorld) {
  const { rig, events } = this.unattended
  const back = events.find((e) => e.what === 'cable back')!.atMs
  expect(machineTexts(rig).some((t) => /result unknown/i.test(t)), 'the driver was told the result is unknown').to.equal(true)
  expect(outOfOrderSpells(rig).some((s) => s.fromMs < back && (s.untilMs ?? Infinity) >= back), 'out of order on the screen until the cable was back').to.equal(true)
})

Then('once the cable is back the machine asks the terminal to repeat its last answer, which names the lost reservation', function (this: CertificationWorld) {
  const { rig, events } = this.unattended
  const [lost] = exchangesOf(rig, 'CardPreAuthorisation')
  const asked = exchangesOf(rig, 'RepeatLastMessage').filter((e) => e.result === 'Success')
  expect(asked.map((e) => [e.sentAtMs >= events.find((x) => x.what === 'cable back')!.atMs, e.names]), 'answered repeat requests: after the cable was back, and the request each names').to.deep.equal([[true, lost.requestId]])
})

Then('the reservation is never asked for again and is released in full, so nothing is charged', function (this: CertificationWorld) {
  const { rig } = this.unattended
  expect(machineRequests(rig.log, 'CardPreAuthorisation').length, 'reservations asked for').to.equal(1)
  expect(rig.terminal.host.reservations.map((r) => [r.state, r.captured?.minor]), 'the reservation on the host').to.deep.equal([['released', 0]])
})

Then('the machine is back in service without anyone\'s help', function (this: CertificationWorld) {
  const { rig } = this.unattended
  expect([rig.machine.availability.inService, outOfOrderSpells(rig).every((s) => s.untilMs !== undefined)], 'in service, and every out-of-order spell ended').to.deep.equal([true, true])
})

Then('once the cable is back the machine asks the terminal to repeat its last answer, which names the reservation, not the completion', function (this: CertificationWorld) {
  const { rig } = this.unattended
  const [reservation] = exchangesOf(rig, 'CardPreAuthorisation')
  const repeats = exchangesOf(rig, 'RepeatLastMessage').filter((e) => e.result === 'Success')
  expect(repeats.map((e) => e.names), 'the request each repeated answer names').to.deep.equal([reservation.requestId])
  // The terminal's side: the completion tried while the cable was out never arrived; it arrives once, after the repeat.
  const completions = exchangesOf(rig, 'CardFinancialAdvice').map((e) => ({ afterTheRepeat: e.sentAtMs >= repeats[0].answeredAtMs!, result: e.result }))
  expect(completions, 'completions that reached the terminal').to.deep.equal([{ afterTheRepeat: true, result: 'Success' }])
})

Then('nothing is charged twice and no reservation is left open', function (this: CertificationWorld) {
  const { rig } = this.unattended
  expect(rig.terminal.host.reservations.map((r) => r.state), 'reservations on the host').to.deep.equal(['captured'])
  expect(exchangesOf(rig, 'CardFinancialAdvice').filter((e) => e.result === 'Failure').length, 'completions refused as already booked').to.equal(0)
})

Then('after the update the machine logged in where required and fetched the card circuits again before serving anyone', function (this: CertificationWorld) {
  const { rig } = this.unattended
  const back = rig.terminal.restarts.history[0].backAtMs!
  const after = exchanges(rig).filter((e) => e.sentAtMs >= back && e.result === 'Success').map((e) => e.requestType).slice(0, this.parameters.dialect === 'de' ? 3 : 2)
  expect(after, 'the first requests the terminal accepted after the update').to.deep.equal(['GetStatus', ...(this.parameters.dialect === 'de' ? ['Login'] : []), 'GetCardCircuits'])
})

Then('the first driver pays exactly {amount}, the value charger {int} delivered, sent after the terminal was back', function (this: CertificationWorld, amount: Money, charger: number) {
  const { rig } = this.unattended
  expect({ completions: completionsOf(rig, reservationStan(rig)), metered: metered(rig, charger), captured: capturedOn(rig, reservationStan(rig)) }, 'completion, meter and capture').to.deep.equal({ completions: [amount], metered: [amount], captured: [amount] })
  expect(exchangesOf(rig, 'CardFinancialAdvice')[0].sentAtMs, 'when the completion was sent').to.be.at.least(rig.terminal.restarts.history[0].upAtMs!)
})

Then('the machine was out of order while the terminal rebooted and ready within {int} seconds of the terminal being up', function (this: CertificationWorld, seconds: number) {
  const { rig } = this.unattended
  const reboot = rig.terminal.restarts.history[0]
  const [spell] = outOfOrderSpells(rig)
  expect([spell?.fromMs !== undefined && spell.fromMs <= reboot.backAtMs!, ((spell?.untilMs ?? Infinity) - reboot.upAtMs!) / 1000 <= seconds], 'out of order before the terminal was back; in service soon after it was up').to.deep.equal([true, true])
})

Then('once the terminal is back the machine asks it to repeat its last answer, which names the lost completion', function (this: CertificationWorld) {
  const { rig } = this.unattended
  const [lost] = exchangesOf(rig, 'CardFinancialAdvice')
  expect([lost.result, exchangesOf(rig, 'RepeatLastMessage').filter((e) => e.result === 'Success').map((e) => e.names)], 'the completion\'s answer on the machine, and what the repeated answer names').to.deep.equal([undefined, [lost.requestId]])
  expect(exchangesOf(rig, 'CardFinancialAdvice').length, 'completions sent').to.equal(1)
})

Then('the restarted machine was out of order until the session was settled, before serving anyone', function (this: CertificationWorld) {
  const { rig } = this.unattended
  const [spell] = outOfOrderSpells(rig)
  const settledAt = Math.max(...exchanges(rig).filter((e) => e.kind === 'CardServiceRequest').map((e) => e.answeredAtMs ?? 0))
  expect([spell !== undefined, (spell?.untilMs ?? Infinity) >= settledAt, rig.openSessionsOnDisk()], 'out of order shown, until the last settling answer, and open sessions left on disk').to.deep.equal([true, true, []])
})

Then('the driver pays {storedCharge}, never more than charger {int} metered, and nothing twice', function (this: CertificationWorld, charge: string, charger: number) {
  const { rig, diskAtPowerFailure } = this.unattended
  const stored = diskAtPowerFailure?.[0]
  const expected = charge === 'nothing' ? 0 : charge === 'the last reading the machine stored' ? stored?.metered.minor : stored?.completionOwed?.minor
  const captured = rig.terminal.host.reservations.map((r) => r.captured?.minor ?? 0)
  expect({ captured, everCaptured: captured.length <= 1 }, 'captured on the host').to.deep.equal({ captured: expected === 0 && captured.length === 0 ? [] : [expected], everCaptured: true })
  expect(captured.every((c) => c <= (metered(rig, charger)[0]?.minor ?? 0)), 'never more than the charger metered').to.equal(true)
  expect(openReservations(rig), 'reservations the host still holds open').to.deep.equal([])
})

Then('the journal read back after the restart shows the session settled', function (this: CertificationWorld) {
  const reader = new SqliteRegisterStore(this.unattended.rig.storePath)
  try {
    expect({ inFlight: reader.inFlight(), settled: reader.entries().length > 0 }, 'journal entries still in flight, and whether any were kept').to.deep.equal({ inFlight: [], settled: true })
  } finally {
    reader.close()
  }
})

Then('charger {int} was stopped when mains failed', function (this: CertificationWorld, charger: number) {
  const failed = this.unattended.events.find((e) => e.what === 'mains failed')!.atMs
  expect(this.unattended.rig.device(String(charger)).runs.map((r) => r.endedAtMs), 'when the charger stopped').to.deep.equal([failed])
})

Then('the driver pays exactly {amount}, the value charger {int} delivered, before the machine shut down', function (this: CertificationWorld, amount: Money, charger: number) {
  const { rig, events } = this.unattended
  const booted = events.find((e) => e.what === 'machine booted')!.atMs
  const confirmed = exchangesOf(rig, 'CardFinancialAdvice').filter((e) => e.result === 'Success')
  expect({ metered: metered(rig, charger), captured: capturedOn(rig, reservationStan(rig)), confirmedBeforeShutdown: confirmed.map((e) => e.answeredAtMs! < booted - 10 * 60_000 + 1) }, 'meter, capture, and the completion confirmed before the machine went off').to.deep.equal({ metered: [amount], captured: [amount], confirmedBeforeShutdown: [true] })
})

Then('after power returned the machine started normally with no open session and asked nothing about the past', function (this: CertificationWorld) {
  const { rig } = this.unattended
  expect({ repeats: exchangesOf(rig, 'RepeatLastMessage').length, open: rig.openSessionsOnDisk(), inService: rig.machine.availability.inService }, 'after the restart').to.deep.equal({ repeats: 0, open: [], inService: true })
})

Given('the payment host cannot be reached from {int} minutes into the charge on charger {int}, for {int} minutes', function (this: CertificationWorld, minutes: number, charger: number, forMinutes: number) {
  hostAwayDuringCharge(this.unattended, String(charger), minutes, forMinutes)
})

When('the driver charges at the station, and {int} minutes later service staff switch the machine off and on again', async function (this: CertificationWorld, minutes: number) {
  await serveThenRestartMachine(this.unattended, minutes)
})

Then('the completion the terminal could not book was answered {string}, and the driver was left reading {string}', function (this: CertificationWorld, answer: string, text: string) {
  const { rig, events, shownBeforeRestart } = this.unattended
  const away = events.find((e) => e.what === 'host away')!.atMs
  const back = events.find((e) => e.what === 'host back')!.atMs
  const whileAway = exchangesOf(rig, 'CardFinancialAdvice').filter((e) => e.sentAtMs >= away && e.sentAtMs < back).map((e) => e.result)
  expect({ whileAway, lastShown: shownBeforeRestart?.at(-1) }, 'what the terminal answered the completion sent while the host was away, and the machine\'s last text before the restart').to.deep.equal({ whileAway: [answer], lastShown: text })
})

Then('after the restart the machine completes {amount} on the same reservation, the value charger {int} delivered, once', function (this: CertificationWorld, amount: Money, charger: number) {
  const { rig, events } = this.unattended
  const booted = events.find((e) => e.what === 'machine switched off')!.atMs
  const booked = exchangesOf(rig, 'CardFinancialAdvice').filter((e) => e.result === 'Success').map((e) => ({ afterTheRestart: e.sentAtMs >= booted }))
  expect({ booked, completions: completionsOf(rig, reservationStan(rig)), metered: metered(rig, charger), captured: capturedOn(rig, reservationStan(rig)), reservations: rig.terminal.host.reservations.map((r) => r.state) }, 'completions the terminal booked, what they named, the meter, the capture and the reservations on the host')
    .to.deep.equal({ booked: [{ afterTheRestart: true }], completions: [amount, amount], metered: [amount], captured: [amount], reservations: ['captured'] })
})

Then('the driver is charged at most {int} seconds of charging less than charger {int} metered', function (this: CertificationWorld, seconds: number, charger: number) {
  const { rig } = this.unattended
  const run = rig.device(String(charger)).runs[0]
  const charged = rig.terminal.host.reservations.reduce((sum, r) => sum + (r.captured?.minor ?? 0), 0)
  // What the charger delivered in the last `seconds` of its run, from its own meter and clock.
  const charging = run?.startedAtMs !== undefined && run.endedAtMs !== undefined ? run.endedAtMs - run.startedAtMs : 0
  const lastSeconds = charging > 0 ? Math.ceil((run.delivered.minor * seconds * 1000) / charging) : 0
  expect({ shortBy: (run?.delivered.minor ?? 0) - charged <= lastSeconds, over: charged > (run?.delivered.minor ?? 0) }, `charged against the charger's meter (${run?.delivered.minor ?? 0} metered, ${charged} captured)`).to.deep.equal({ shortBy: true, over: false })
})

Given('the cable comes out again for {int} minute(s) just as the machine first asks the terminal to repeat its last answer', function (this: CertificationWorld, minutes: number) {
  const { rig, events } = this.unattended
  whenTerminalReceives(this.unattended, 'RepeatLastMessage', () => {
    events.push({ what: 'cable out again', atMs: rig.clock.now() })
    rig.terminal.pullCable(minutes * 60_000)
  })
})

Then('the first request to repeat the last answer went unanswered, and a later one named the lost reservation', function (this: CertificationWorld) {
  const { rig } = this.unattended
  const [lost] = exchangesOf(rig, 'CardPreAuthorisation')
  const repeats = exchangesOf(rig, 'RepeatLastMessage')
  expect({ first: repeats[0]?.result, answered: repeats.filter((r) => r.result !== undefined).map((r) => [r.result, r.names]) }, 'the requests to repeat the last answer: the first one\'s answer, and every answer with what it names')
    .to.deep.equal({ first: undefined, answered: [['Success', lost.requestId]] })
})
