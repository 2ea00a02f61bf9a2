import { Given, Then } from '@cucumber/cucumber'
import { expect } from 'chai'
import type { Money } from '../src/opi/money'
import type { CardProfile } from '../src/terminal/cards'
import type { CertificationWorld } from '../support/world'

// The test host's own records: on the bench a tester reads them from CCV's test back office.

Then('the host has authorised {amount} exactly once', function (this: CertificationWorld, amount: Money) {
  const approved = this.rig.terminal.host.ledger.filter((a) => a.decision.approved && !a.reversed).map((a) => a.amount)
  expect(approved, 'approved authorisations on the test host').to.deep.equal([amount])
})

Then('nothing is charged', function (this: CertificationWorld) {
  expect(this.rig.terminal.host.approvedTotal(), 'money approved on the test host, in cents').to.equal(0)
})

Then('the host has authorised {amount} exactly once, on the {card} card', function (this: CertificationWorld, amount: Money, card: CardProfile) {
  const approved = this.rig.terminal.host.ledger.filter((a) => a.decision.approved && !a.reversed).map((a) => ({ amount: a.amount, circuit: a.circuit }))
  expect(approved, 'approved authorisations on the test host').to.deep.equal([{ amount, circuit: card.circuit }])
})

Given('the payment host cannot be reached', function (this: CertificationWorld) {
  this.rig.terminal.host.reachable = false
})

Given('the payment host is reachable again', function (this: CertificationWorld) {
  this.rig.terminal.host.reachable = true
})

Then('the host has authorised {amount} and {amount}, each exactly once', function (this: CertificationWorld, first: Money, second: Money) {
  const approved = this.rig.terminal.host.ledger.filter((a) => a.decision.approved && !a.reversed).map((a) => a.amount)
  expect(approved, 'approved authorisations on the test host').to.deep.equal([first, second])
})
