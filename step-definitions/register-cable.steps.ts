import { Given } from '@cucumber/cucumber'
import { CaseNotRun } from '../src/operator/not-run'
import type { CertificationWorld } from '../support/world'

// The cable between register and terminal as the environment can spoil it.

Given('noise on the cable will garble the terminal\'s answer to the next payment on its way to the register', function (this: CertificationWorld) {
  // In simulation the register's cable; on the bench the recording witness in the line, which still records the answer as the terminal sent it.
  const noise = this.rig.lineNoise
  if (!noise) throw new CaseNotRun('on a serial line there is no witness in the line to put the noise on; this case runs over TCP or in simulation')
  noise.garbleNext('CardServiceResponse')
})

Given('the network to the terminal swallows every connection attempt without refusing it', function (this: CertificationWorld) {
  // The register's connection ends at the recording witness, whose machine completes every attempt itself: a
  // network that swallows them cannot be put behind a witness, however the terminal's side is unplugged.
  if (!('cable' in this.rig)) throw new CaseNotRun('the register connects to the recording witness, whose machine takes every connection attempt itself, so a network that swallows attempts cannot be staged behind it; this case runs in simulation only')
  this.rig.cable.swallowConnections()
})

Given('the network to the terminal goes dead, with neither side told, once the cashier has seen {string}, for {int} minutes', function (this: CertificationWorld, words: string, minutes: number) {
  // Pulling a cable on the bench ends the terminal's connections at once; a dead switch that leaves both ends open is staged in simulation only.
  if (!('cable' in this.rig)) throw new CaseNotRun('on the bench a pulled cable ends the connections the terminal holds, so a line that goes dead with both ends still open cannot be staged there; this case runs in simulation only')
  const { cable, clock } = this.rig
  // The line comes back by itself, that long after it died, as a restarted switch does.
  cable.goDeadAfter(words, () => { clock.setTimer(minutes * 60_000, () => cable.revive()) })
})
