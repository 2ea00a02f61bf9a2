import { Given } from '@cucumber/cucumber'
import type { CertificationWorld } from '../support/world'

// How the terminal's firmware writes its messages to the register, where terminals differ: a fact about
// the terminal, put in place by the environment (in simulation its firmware settings, on the bench the
// person who loads that firmware, or says the bench has none).

Given('the terminal numbers its messages to the register with a plain counter, not per payment', async function (this: CertificationWorld) {
  await this.arrange({ fact: 'terminal firmware', variant: 'plain request counter' })
})

Given('the terminal writes the lines of each message last row first', async function (this: CertificationWorld) {
  await this.arrange({ fact: 'terminal firmware', variant: 'rows last first' })
})
