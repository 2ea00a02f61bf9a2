import { Given } from '@cucumber/cucumber'
import { CaseNotRun } from '../src/operator/not-run'
import type { SimulatedTerminal } from '../src/terminal/simulated-terminal'
import type { CertificationWorld } from '../support/world'

// How the terminal's firmware writes its messages to the register, where terminals differ.

function simulatedTerminal(w: CertificationWorld): SimulatedTerminal {
  if (!('firmware' in w.rig.terminal)) throw new CaseNotRun('the terminal on the bench writes its messages as its firmware does; this variant runs in simulation only')
  return w.rig.terminal
}

Given('the terminal numbers its messages to the register with a plain counter, not per payment', function (this: CertificationWorld) {
  simulatedTerminal(this).firmware.deviceRequestIds = 'incrementing'
})

Given('the terminal writes the lines of each message last row first', function (this: CertificationWorld) {
  simulatedTerminal(this).firmware.rowsLastFirst = true
})
