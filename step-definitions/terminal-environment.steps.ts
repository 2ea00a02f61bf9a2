import { Given } from '@cucumber/cucumber'
import type { CertificationWorld } from '../support/world'

// What happens to the terminal and its cable: environment facts, never the expected outcome.

Given('the link to the terminal will be down for {int} minutes from the moment a payment starts', function (this: CertificationWorld, minutes: number) {
  this.rig.terminal.faults.linkDrop = { moment: 'payment started', forMs: minutes * 60_000 }
})

Given('the link to the terminal will drop for {int} seconds just before the terminal answers', function (this: CertificationWorld, seconds: number) {
  this.rig.terminal.faults.linkDrop = { moment: 'before the answer', forMs: seconds * 1000 }
})

Given('the terminal will accept the payment but never answer', function (this: CertificationWorld) {
  this.rig.terminal.faults.silent = true
})

Given('the terminal has been restarted', function (this: CertificationWorld) {
  this.rig.terminal.faults.silent = false
})

Given(/^the terminal is occupied with (its merchant menu|another workstation's payment)$/, function (this: CertificationWorld, occupation: string) {
  this.rig.terminal.faults.unavailable = occupation === 'its merchant menu' ? 'Busy' : 'DeviceUnavailable'
})

Given('the terminal is idle again', function (this: CertificationWorld) {
  this.rig.terminal.faults.unavailable = undefined
})

Given('the terminal is switched off', async function (this: CertificationWorld) {
  await this.rig.terminal.stop()
})
