import { Given } from '@cucumber/cucumber'
import type { CertificationWorld } from '../support/world'

// What happens to the terminal and its cable: environment facts, never the expected outcome.

Given('the link to the terminal will be down for {int} minutes from the moment a payment starts', async function (this: CertificationWorld, minutes: number) {
  await this.arrange({ fact: 'link down from payment start', forMs: minutes * 60_000 })
})

Given('the link to the terminal will drop for {int} seconds just before the terminal answers', async function (this: CertificationWorld, seconds: number) {
  await this.arrange({ fact: 'link drops before the answer', forMs: seconds * 1000 })
})

Given('the terminal will accept the payment but never answer', async function (this: CertificationWorld) {
  await this.arrange({ fact: 'terminal will not answer' })
})

Given('the terminal has been restarted', async function (this: CertificationWorld) {
  await this.arrange({ fact: 'terminal restarted' })
})

Given(/^the terminal is occupied with (its merchant menu|another workstation's payment)$/, async function (this: CertificationWorld, occupation: 'its merchant menu' | 'another workstation\'s payment') {
  await this.arrange({ fact: 'terminal occupied', with: occupation })
})

Given('the terminal is idle again', async function (this: CertificationWorld) {
  await this.arrange({ fact: 'terminal idle again' })
})

Given('the terminal is switched off', async function (this: CertificationWorld) {
  await this.arrange({ fact: 'terminal switched off' })
})
