import { Given, Then } from '@cucumber/cucumber'
import { expect } from 'chai'
import type { Money } from '../src/opi/money'
import type { CardProfile } from '../src/terminal/cards'
import type { CertificationWorld } from '../support/world'

// A terminal set up for partial approval, and a card that cannot cover the whole amount: both are the
// environment's doing (the acquirer profile, the issuer's account), arranged as any other fact.

Given('the terminal approves part of an amount when a card cannot cover all of it', async function (this: CertificationWorld) {
  await this.arrange({ fact: 'partial approval allowed' })
})

Given('the cardholder\'s {card} card has {amount} available', async function (this: CertificationWorld, card: CardProfile, amount: Money) {
  await this.arrange({ fact: 'card funds', card, available: amount })
})

Then('the sale stays open with {amount} still to pay, {amount} of it paid by card', function (this: CertificationWorld, remaining: Money, paid: Money) {
  const { state } = this.seen
  expect({ open: state.saleOpen, stillToPay: state.leftToPay, concluded: this.payment().amount }, 'the sale, and the amount the register concluded')
    .to.deep.equal({ open: true, stillToPay: remaining, concluded: paid })
})
