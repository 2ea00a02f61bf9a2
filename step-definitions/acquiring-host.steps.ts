import { Given, Then } from '@cucumber/cucumber'
import type { Money } from '../src/opi/money'
import type { CardProfile } from '../src/terminal/cards'
import type { CertificationWorld } from '../support/world'

// The test host's own records: the simulated host's ledger, or on the bench CCV's test back office.

Then('the host has authorised {amount} exactly once', async function (this: CertificationWorld, amount: Money) {
  await this.expectHostApprovals([{ amount }])
})

Then('nothing is charged', async function (this: CertificationWorld) {
  await this.expectHostApprovals([])
})

Then('the host has authorised {amount} exactly once, on the {card} card', async function (this: CertificationWorld, amount: Money, card: CardProfile) {
  await this.expectHostApprovals([{ amount, circuit: card.circuit }])
})

Given('the payment host cannot be reached', async function (this: CertificationWorld) {
  await this.arrange({ fact: 'host reachable', reachable: false })
})

Given('the payment host is reachable again', async function (this: CertificationWorld) {
  await this.arrange({ fact: 'host reachable', reachable: true })
})

Then('the host has authorised {amount} and {amount}, each exactly once', async function (this: CertificationWorld, first: Money, second: Money) {
  await this.expectHostApprovals([{ amount: first }, { amount: second }])
})
