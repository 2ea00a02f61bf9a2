import { Given, Then, When } from '@cucumber/cucumber'
import { expect } from 'chai'
import { MachineProcessBench, type KillMoment } from '../support/unattended-machine-process'
import type { CertificationWorld } from '../support/world'

// A real power failure: the machine controller as its own program, killed with SIGKILL and started again.

Given('the machine runs as its own program, on the wall clock, for a driver who charges 1.5 seconds at 1.00 EUR a second', async function (this: CertificationWorld) {
  this.unattended.processBench = await MachineProcessBench.create()
})

// Wall clock: two program starts and a charge of 1.5 s; the bench's own waits fail clearly after 20 s.
When('the machine\'s program is killed {killMoment} and started again on the same database', { timeout: 60_000 }, async function (this: CertificationWorld, moment: KillMoment) {
  this.unattended.processOutcome = await this.unattended.processBench!.powerFailure(moment)
})

Then('the driver pays {storedCharge}, as the killed program had stored it, and nothing twice', function (this: CertificationWorld, charge: string) {
  const { processBench, processOutcome } = this.unattended
  const stored = processOutcome!.onDiskAtKill[0]
  const expected = charge === 'nothing' ? 0 : charge === 'the last reading the machine stored' ? stored?.metered.minor : stored?.completionOwed?.minor
  const captured = processBench!.terminal.host.reservations.map((r) => r.captured?.minor ?? 0).filter((minor) => minor > 0)
  expect(captured, 'captured on the host').to.deep.equal(expected ? [expected] : [])
})

Then('no reservation is left open, no session is left open, and the fresh program never asked for the money again', function (this: CertificationWorld) {
  const { processBench, processOutcome } = this.unattended
  expect(processBench!.terminal.host.reservations.filter((r) => r.state === 'open'), 'reservations left open').to.deep.equal([])
  expect([processOutcome!.openAfterRestart, processOutcome!.second.sent('CardPreAuthorisation')], 'sessions open after the fresh start, and whether it reserved again').to.deep.equal([[], false])
})
