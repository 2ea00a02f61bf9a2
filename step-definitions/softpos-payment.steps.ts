import { Given, Then, When } from '@cucumber/cucumber'
import { expect } from 'chai'
import { formatDecimal, money, type Money } from '../src/opi/money'
import { APPROVED_CARD, DECLINED_CARD } from '../support/softpos-scenario'
import type { CertificationWorld } from '../support/world'

Given(/^the customer will tap a card their issuer (approves|declines)$/, function (this: CertificationWorld, decision: string) {
  this.softpos.customerWillTap(decision === 'approves' ? APPROVED_CARD : DECLINED_CARD)
})

Given('the customer\'s card was declined for an order of {amount}', async function (this: CertificationWorld, amount: Money) {
  await this.softpos.declinedEarlier(amount)
})

When('the cashier takes the same order again by SoftPOS', async function (this: CertificationWorld) {
  await this.softpos.payAgain()
})

Given('the merchant will close the SoftPOS app when it asks for the card', function (this: CertificationWorld) {
  this.softpos.merchantWillCloseSoftposApp()
})

Given('the merchant closed the SoftPOS app during the previous payment', async function (this: CertificationWorld) {
  await this.softpos.closedSoftposAppDuringPayment(money(1000))
})

Given('Android will force-stop the POS app when the SoftPOS app asks for the card', function (this: CertificationWorld) {
  this.softpos.androidWillForceStopPos()
})

Given(/^Android will kill the SoftPOS app (when it asks for the card|while the card is being authorised)$/, function (this: CertificationWorld, moment: string) {
  this.softpos.androidWillKillSoftposApp(moment.startsWith('while'))
})

When('the customer pays an order of {amount} by SoftPOS', async function (this: CertificationWorld, amount: Money) {
  await this.softpos.pay(amount)
})

// The old phone is the one the scenario began with; the new one was added by a Given.
When('the customer pays an order of {amount} by SoftPOS on the old phone', async function (this: CertificationWorld, amount: Money) {
  await this.softpos.pay(amount)
})

When('the customer pays an order of {amount} by SoftPOS and the merchant opens the POS app again {int} seconds later', async function (this: CertificationWorld, amount: Money, seconds: number) {
  await this.softpos.payAndReopenPos(amount, seconds * 1000)
})

Then(/^the order is (paid|not paid)$/, function (this: CertificationWorld, paid: string) {
  const state = this.softpos.theOrder().state
  if (paid === 'paid') expect(state).to.equal('paid')
  else expect(state).to.not.equal('paid')
})

Then('the POS app showed the payment as processing while CCV still had it pending', function (this: CertificationWorld) {
  const finalAt = this.softpos.finalAtMs(this.softpos.ccvPayment().reference)
  const processing = this.softpos.shownSinceWhen().find((m) => m.kind === 'processing')
  expect(processing, 'a "processing" message').to.not.equal(undefined)
  expect(processing!.atMs).to.be.below(finalAt!)
})

Then('the POS app marked the order paid only after CCV\'s status was success', function (this: CertificationWorld) {
  const tx = this.softpos.ccvPayment()
  expect(tx.status).to.equal('success')
  expect(this.softpos.theOrder().paidAtMs).to.be.at.least(this.softpos.finalAtMs(tx.reference)!)
})

Then('CCV charged {amount} once for the order', function (this: CertificationWorld, amount: Money) {
  const charges = this.softpos.chargesSinceWhen()
  const orderReferences = this.softpos.attemptsOfOrder().map((a) => a.merchantOrderReference)
  expect(charges.map((c) => formatDecimal(c.amount))).to.deep.equal([formatDecimal(amount)])
  expect(orderReferences).to.include(charges[0].merchantOrderReference)
})

Then('CCV charged nothing for the order', function (this: CertificationWorld) {
  expect(this.softpos.chargesSinceWhen()).to.deep.equal([])
})

Then('CCV has no payment for the order', function (this: CertificationWorld) {
  expect(this.softpos.paymentsAtCcvSinceWhen()).to.deep.equal([])
})

Then(/^CCV has exactly (\d+) payments? for the order$/, function (this: CertificationWorld, count: string) {
  expect(this.softpos.paymentsAtCcvSinceWhen()).to.have.length(Number(count))
})

Then('the POS app keeps CCV\'s reference of the payment', function (this: CertificationWorld) {
  expect(this.softpos.attemptsOfOrder().map((a) => a.reference)).to.deep.equal([this.softpos.ccvPayment().reference])
})

Then('the POS app shows the payment as declined, naming {string}, and offers another try', function (this: CertificationWorld, code: string) {
  const shown = this.softpos.lastShown()
  expect(shown.kind).to.equal('declined')
  expect(shown.text).to.include(code).and.to.include('Try again or take another payment method')
})

Then('the POS app shows the payment as cancelled', function (this: CertificationWorld) {
  expect(this.softpos.lastShown().kind).to.equal('cancelled')
})

Then('the POS app asked CCV for the status by the payment\'s reference until it was final', function (this: CertificationWorld) {
  const { reference } = this.softpos.ccvPayment()
  const asked = this.softpos.callsSinceWhen().filter((c) => c.path === `/api/v1/transaction?reference=${reference}`)
  expect(asked.length, 'status queries by reference').to.be.at.least(1)
  expect(asked.at(-1)!.atMs).to.be.at.least(this.softpos.finalAtMs(reference)!)
})

Then('the SoftPOS app answered that it was busy with the previous request', function (this: CertificationWorld) {
  const { reference } = this.softpos.ccvPayment()
  const refusals = this.softpos.phoneEventsSinceWhen().filter((e) => e.what === `refused payment ${reference}: APP_BUSY_WITH_PREVIOUS_REQUEST`)
  expect(refusals.length).to.be.at.least(1)
})

Then('the POS app waited for the SoftPOS app instead of showing a decline', function (this: CertificationWorld) {
  const kinds = this.softpos.shownSinceWhen().map((m) => m.kind)
  expect(kinds).to.include('waiting for app')
  expect(kinds).to.not.include.members(['declined'])
  expect(kinds.filter((k) => k === 'declined' || k === 'failed' || k === 'cancelled')).to.deep.equal([])
})

Then('the POS app had stored the payment\'s reference before it stopped', function (this: CertificationWorld) {
  const stored = (this.softpos.attemptsAtForceStop ?? []).map((a) => a.reference)
  expect(stored).to.deep.equal([this.softpos.ccvPayment().reference])
})

Then('the first thing the reopened POS app asked CCV was the status of that reference', function (this: CertificationWorld) {
  const reopenedAt = this.softpos.rig.device.posStartedAt.at(-1)!
  const first = this.softpos.rig.api.calls.find((c) => c.atMs >= reopenedAt)
  expect(first && `${first.method} ${first.path}`).to.equal(`GET /api/v1/transaction?reference=${this.softpos.ccvPayment().reference}`)
})

Then('the POS app never showed the order as paid', function (this: CertificationWorld) {
  expect(this.softpos.shownSinceWhen().map((m) => m.kind)).to.not.include('paid')
})

Then('the POS app shows that the payment failed once CCV stopped waiting for a card after {int} seconds', function (this: CertificationWorld, seconds: number) {
  const shown = this.softpos.lastShown()
  expect(shown.kind).to.equal('failed')
  expect(shown.atMs - this.softpos.whenStartedAtMs).to.be.at.least(seconds * 1000)
  expect(shown.atMs).to.be.at.least(this.softpos.finalAtMs(this.softpos.ccvPayment().reference)!)
})

Then('the POS app tells the merchant to contact the CCV helpdesk with the payment\'s reference', function (this: CertificationWorld) {
  const shown = this.softpos.lastShown()
  expect(shown.kind).to.equal('contact ccv')
  expect(shown.text).to.include(this.softpos.ccvPayment().reference)
})
