import { Given, Then } from '@cucumber/cucumber'
import { expect } from 'chai'
import type { Money } from '../src/opi/money'
import { CaseNotRun } from '../src/operator/not-run'
import type { CardProfile } from '../src/terminal/cards'
import type { SimulatedTerminal } from '../src/terminal/simulated-terminal'
import type { CertificationWorld } from '../support/world'

// A terminal set up for partial approval, and a card that cannot cover the whole amount.

function simulatedTerminal(w: CertificationWorld): SimulatedTerminal {
  if (!('firmware' in w.rig.terminal)) throw new CaseNotRun('partial approval and a card\'s available funds are set on the acquirer\'s test host, which this bench does not control')
  return w.rig.terminal
}

Given('the terminal approves part of an amount when a card cannot cover all of it', function (this: CertificationWorld) {
  simulatedTerminal(this).settings.partialApproval = true
})

Given('the cardholder\'s {card} card has {amount} available', function (this: CertificationWorld, card: CardProfile, amount: Money) {
  simulatedTerminal(this).host.setAvailableFunds(card, amount)
})

Then('the sale stays open with {amount} still to pay, {amount} of it paid by card', function (this: CertificationWorld, remaining: Money, paid: Money) {
  const { state } = this.seen
  expect({ open: state.saleOpen, stillToPay: state.leftToPay, concluded: this.payment().amount }, 'the sale, and the amount the register concluded')
    .to.deep.equal({ open: true, stillToPay: remaining, concluded: paid })
})
