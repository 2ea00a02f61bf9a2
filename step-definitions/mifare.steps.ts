import { Given, Then, When, type DataTable } from '@cucumber/cucumber'
import { expect } from 'chai'
import { describeMoney, type Money } from '../src/opi/money'
import { MIFARE_CARDS, type CardProfile } from '../src/terminal/cards'
import { machineRequests, machineTexts, requestTypesSent, vended } from '../support/unattended-observations'
import type { CertificationWorld } from '../support/world'

// Mifare subscription and fleet cards: read by UID, booked to an account, never a payment card.

Given('the machine\'s fleet register:', function (this: CertificationWorld, table: DataTable) {
  for (const row of table.hashes()) this.unattended.rig.subscriptions.register(MIFARE_CARDS[row.card].mifareUid!, row.account)
})

Given('the machine {word} payment cards held up for a subscription', function (this: CertificationWorld, policy: string) {
  this.unattended.rig.machine.configure({ paymentCardPolicy: (policy === 'refuses' ? 'refuse' : 'route to payment') })
})

When('a driver presents {mifareCard} when asked for the subscription card and takes {int} ticket(s)', async function (this: CertificationWorld, card: CardProfile, quantity: number) {
  await this.unattended.useSubscriptionCard(card, ['P1', String(quantity), 'yes'])
})

When('a driver presents nothing when asked for the subscription card', async function (this: CertificationWorld) {
  await this.unattended.useSubscriptionCard(undefined, [])
})

When('a driver taps a {card} card when asked for the subscription card, and would take {int} ticket(s)', async function (this: CertificationWorld, card: CardProfile, quantity: number) {
  await this.unattended.useSubscriptionCard(card, ['P1', String(quantity), 'yes'])
})

Then('the machine says {string} and {int} ticket(s) is/are delivered', function (this: CertificationWorld, said: string, quantity: number) {
  expect(machineTexts(this.unattended.rig).some((t) => t.startsWith(said)), `the machine said "${said}"`).to.equal(true)
  expect(vended(this.unattended.rig).map((v) => [v.slot, v.quantity]), 'what the machine dropped').to.deep.equal([['P1', quantity]])
})

Then('no payment or reservation is asked of the terminal and the host authorised nothing', function (this: CertificationWorld) {
  const { rig } = this.unattended
  expect(requestTypesSent(rig), 'card requests the machine sent').to.deep.equal(['CardValidation'])
  expect(rig.terminal.host.ledger, 'authorisations on the host').to.deep.equal([])
})

Then('{amount} is booked to {string} for {mifareCard}', function (this: CertificationWorld, amount: Money, account: string, card: CardProfile) {
  expect(this.unattended.rig.subscriptions.bookings.map((b) => [b.account, b.uid, b.amount]), 'bookings on the fleet accounts').to.deep.equal([[account, card.mifareUid, amount]])
})

Then('the machine says {string} and returns to idle, with nothing delivered or booked', function (this: CertificationWorld, said: string) {
  const { rig } = this.unattended
  expect([rig.machine.display.current.join(' '), rig.machine.panel.prompt], 'the last thing shown, and the screen').to.deep.equal([said, 'idle'])
  expect([rig.vending.vended.length, rig.subscriptions.bookings.length], 'things dropped, and bookings').to.deep.equal([0, 0])
})

Then('the payment card was not looked up as a subscription', function (this: CertificationWorld) {
  expect(this.unattended.rig.subscriptions.lookups, 'identities looked up in the fleet register').to.deep.equal([])
})

Then('the normal payment follows: {amount} is shown before the card is asked for, and charged once', function (this: CertificationWorld, amount: Money) {
  const { rig } = this.unattended
  const paymentAt = machineRequests(rig.log, 'CardPayment')[0]?.atMs ?? -1
  expect(machineTexts(rig, paymentAt).some((t) => /confirm/i.test(t) && t.includes(describeMoney(amount))), 'the amount shown before the payment').to.equal(true)
  expect(rig.terminal.host.ledger.filter((a) => a.decision.approved && !a.reversed).map((a) => a.amount), 'payments the host holds').to.deep.equal([amount])
})
